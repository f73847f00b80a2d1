using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Segur.Workflows.AccountChanges;

/// <summary>The supporting documents of an account change (RIB, identity document, mandate).</summary>
public static class AccountDocumentKind
{
    public const string Rib = "RIB";
    public const string PieceIdentite = "PIECE_IDENTITE_REPRESENTANT";
    public const string Mandat = "MANDAT";

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [Rib] = "RIB (justificatif des coordonnées bancaires)",
        [PieceIdentite] = "Pièce d'identité du représentant légal",
        [Mandat] = "Mandat du déposant (si le déposant n'est pas le représentant légal)",
    };
}

/// <summary>A file given with a bank-details or persons change; its content was checked (PDF, JPEG, PNG) before it was kept.</summary>
public sealed class AccountChangeDocument
{
    public Guid Id { get; init; }

    /// <summary>The <see cref="BankDetailsChange"/> or <see cref="PersonsChange"/> it supports.</summary>
    public Guid ChangeId { get; init; }

    public Guid SupplierId { get; init; }

    /// <summary>One of <see cref="AccountDocumentKind"/>.</summary>
    public required string Kind { get; init; }

    public required string FileName { get; init; }

    public required string ContentType { get; init; }

    public long Size { get; init; }

    public required string Sha256 { get; init; }

    public required string StoragePath { get; init; }

    public DateTime UploadedAt { get; init; }
}

internal sealed class AccountChangeDocumentConfiguration : IEntityTypeConfiguration<AccountChangeDocument>
{
    public void Configure(EntityTypeBuilder<AccountChangeDocument> builder)
    {
        builder.ToTable("AccountChangeDocuments");
        builder.HasIndex(d => d.ChangeId);
        builder.Property(d => d.Kind).HasMaxLength(50);
        builder.Property(d => d.FileName).HasMaxLength(260);
        builder.Property(d => d.ContentType).HasMaxLength(50);
        builder.Property(d => d.Sha256).HasMaxLength(64);
        builder.Property(d => d.StoragePath).HasMaxLength(400);
    }
}
