using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Segur.Workflows.Documents;

/// <summary>A supporting document (PDF, JPEG or PNG, checked by content) attached to a financing request.</summary>
public sealed class RequestDocument
{
    public Guid Id { get; init; }

    public Guid RequestId { get; init; }

    /// <summary>The file name as the supplier gave it (without any folder).</summary>
    public required string FileName { get; init; }

    /// <summary>"application/pdf", "image/jpeg" or "image/png", read from the content.</summary>
    public required string ContentType { get; init; }

    public long Size { get; init; }

    public required string Sha256 { get; init; }

    /// <summary>Path of the stored file, relative to the data folder's files/ directory.</summary>
    public required string StoragePath { get; init; }

    /// <summary>The typeFichier of the import line's piecesJustificatives entry it matches (e.g. BON_COMMANDE), if any.</summary>
    public string? TypeFichier { get; init; }

    public DateTime UploadedAt { get; init; }

    public required string UploadedBy { get; init; }
}

internal sealed class RequestDocumentConfiguration : IEntityTypeConfiguration<RequestDocument>
{
    public void Configure(EntityTypeBuilder<RequestDocument> builder)
    {
        builder.ToTable("RequestDocuments");
        builder.HasIndex(d => d.RequestId);
        builder.Property(d => d.FileName).HasMaxLength(260);
        builder.Property(d => d.ContentType).HasMaxLength(50);
        builder.Property(d => d.Sha256).HasMaxLength(64);
        builder.Property(d => d.StoragePath).HasMaxLength(400);
        builder.Property(d => d.TypeFichier).HasMaxLength(50);
        builder.Property(d => d.UploadedBy).HasMaxLength(100);
    }
}
