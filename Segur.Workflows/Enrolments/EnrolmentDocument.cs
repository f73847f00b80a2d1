using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Segur.Workflows.Enrolments;

/// <summary>The supporting documents of an enrolment application.</summary>
public static class EnrolmentDocumentKind
{
    public const string CertificatAns = "CERTIFICAT_ANS";
    public const string PieceIdentite = "PIECE_IDENTITE_REPRESENTANT";
    public const string Mandat = "MANDAT";
    public const string Rib = "RIB";
    public const string AttestationTva = "ATTESTATION_TVA";
    public const string PieceComplementaire = "PIECE_COMPLEMENTAIRE";

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [CertificatAns] = "Certificat de référencement ANS",
        [PieceIdentite] = "Pièce d'identité du représentant légal",
        [Mandat] = "Mandat (si le déposant n'est pas le représentant légal)",
        [Rib] = "RIB",
        [AttestationTva] = "Attestation de régime de TVA",
        [PieceComplementaire] = "Pièce complémentaire demandée par l'ASP",
    };
}

public sealed class EnrolmentDocument
{
    public Guid Id { get; init; }

    public Guid EnrolmentId { get; init; }

    /// <summary>One of <see cref="EnrolmentDocumentKind"/>.</summary>
    public required string Kind { get; init; }

    public required string FileName { get; init; }

    public required string ContentType { get; init; }

    public long Size { get; init; }

    public required string Sha256 { get; init; }

    public required string StoragePath { get; init; }

    public DateTime UploadedAt { get; init; }
}

internal sealed class EnrolmentDocumentConfiguration : IEntityTypeConfiguration<EnrolmentDocument>
{
    public void Configure(EntityTypeBuilder<EnrolmentDocument> builder)
    {
        builder.ToTable("EnrolmentDocuments");
        builder.HasIndex(d => d.EnrolmentId);
        builder.Property(d => d.Kind).HasMaxLength(50);
        builder.Property(d => d.FileName).HasMaxLength(260);
        builder.Property(d => d.ContentType).HasMaxLength(50);
        builder.Property(d => d.Sha256).HasMaxLength(64);
        builder.Property(d => d.StoragePath).HasMaxLength(400);
    }
}
