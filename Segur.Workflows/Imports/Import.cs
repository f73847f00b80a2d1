using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Segur.Workflows.Imports;

/// <summary>One imported JSON file (never a simulation): what came in, what was retained, and the returned file.</summary>
public sealed class Import
{
    public Guid Id { get; init; }

    /// <summary>The identifiant shown to suppliers and written as impId in the returned file.</summary>
    public long Number { get; init; }

    public Guid SupplierId { get; init; }

    public DateTime ImportedAt { get; init; }

    public required string NumeroAns { get; init; }

    /// <summary>"avance" or "solde".</summary>
    public required string Type { get; init; }

    public required string FileName { get; init; }

    public int LineCount { get; init; }

    public int Retained { get; init; }

    public int Rejected { get; init; }

    /// <summary>SHA-256 of the file as received, to recognise the same file imported twice.</summary>
    public required string FileHash { get; init; }

    /// <summary>The input completed with impId, numeroASP, codeTraitement and libelleTraitement per line.</summary>
    public string ReturnedJson { get; private set; } = "";

    public required string ImportedBy { get; init; }

    /// <summary>The returned file is built once the requests have their ASP numbers, before the import commits.</summary>
    public void AttachReturnedFile(string json) => ReturnedJson = json;
}

internal sealed class ImportConfiguration : IEntityTypeConfiguration<Import>
{
    public void Configure(EntityTypeBuilder<Import> builder)
    {
        builder.ToTable("Imports");
        builder.HasIndex(i => i.Number).IsUnique();
        builder.HasIndex(i => new { i.SupplierId, i.ImportedAt });
        builder.HasIndex(i => new { i.SupplierId, i.FileHash });
        builder.Property(i => i.NumeroAns).HasMaxLength(50);
        builder.Property(i => i.Type).HasMaxLength(10);
        builder.Property(i => i.FileName).HasMaxLength(260);
        builder.Property(i => i.FileHash).HasMaxLength(64);
        builder.Property(i => i.ImportedBy).HasMaxLength(100);
    }
}
