using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Segur.Workflows.Suppliers;

/// <summary>A software supplier company (personne morale), identified by its SIRET.</summary>
public sealed class Supplier
{
    public Guid Id { get; init; }

    public required string Siret { get; init; }

    public required string Denomination { get; set; }

    public required string Address { get; set; }

    public required string ContactEmail { get; set; }

    public DateTime CreatedAt { get; init; }
}

internal sealed class SupplierConfiguration : IEntityTypeConfiguration<Supplier>
{
    public void Configure(EntityTypeBuilder<Supplier> builder)
    {
        builder.ToTable("Suppliers");
        builder.Property(s => s.Siret).HasMaxLength(14).IsFixedLength();
        builder.HasIndex(s => s.Siret).IsUnique();
        builder.Property(s => s.Denomination).HasMaxLength(200);
        builder.Property(s => s.Address).HasMaxLength(400);
        builder.Property(s => s.ContactEmail).HasMaxLength(200);
    }
}
