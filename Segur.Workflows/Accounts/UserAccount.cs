using Microsoft.AspNetCore.Identity;

namespace Segur.Workflows.Accounts;

/// <summary>A person who signs in: UserName is the UID. Suppliers belong to one company.</summary>
public sealed class UserAccount : IdentityUser
{
    public Guid? SupplierId { get; set; }

    public string DisplayName { get; set; } = "";

    /// <summary>SHA-256 (hex) of the personal API token; the token itself is shown once and never stored.</summary>
    public string? ApiTokenHash { get; set; }
}

public static class Roles
{
    public const string Fournisseur = "Fournisseur";
    public const string Gestionnaire = "Gestionnaire";
    public const string Analyste = "Analyste";
    public const string Administrateur = "Administrateur";

    /// <summary>Staff who may release or reassign a task someone else holds (held together with Gestionnaire; decision 0060).</summary>
    public const string Superviseur = "Superviseur";

    public static readonly IReadOnlyList<string> All = [Fournisseur, Gestionnaire, Analyste, Administrateur, Superviseur];
}

internal sealed class UserAccountConfiguration : Microsoft.EntityFrameworkCore.IEntityTypeConfiguration<UserAccount>
{
    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<UserAccount> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(200);
        builder.Property(u => u.ApiTokenHash).HasMaxLength(64);
        builder.HasIndex(u => u.ApiTokenHash);
    }
}
