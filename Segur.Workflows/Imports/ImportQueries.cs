using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Imports;

public sealed record ImportFilter(string? NumeroAns, string? Type, DateOnly? Du, DateOnly? Au);

/// <summary>A row of the imports table (9 columns: the returned file is downloaded by its identifiant).</summary>
public sealed record ImportSummary(long Identifiant, DateTime DateImportation, string NumeroAns, string Type, string NomFichier, int NombreDemandes, int Retenues, int Rejetees);

public sealed class ImportQueries(SegurDatabase database)
{
    /// <summary>A date range needs both bounds, as the seed's screen asks.</summary>
    public async Task<Page<ImportSummary>> ListAsync(Guid supplierId, ImportFilter filter, int? page, int? size, CancellationToken ct = default)
    {
        if ((filter.Du is null) != (filter.Au is null))
        {
            throw new ArgumentException("La période doit avoir une date de début et une date de fin.");
        }

        var (number, pageSize) = Page<ImportSummary>.Normalize(page, size);
        await using var db = database.CreateContext();
        var query = db.Imports.AsNoTracking().Where(i => i.SupplierId == supplierId);
        if (!string.IsNullOrEmpty(filter.NumeroAns))
        {
            query = query.Where(i => i.NumeroAns == filter.NumeroAns);
        }

        if (!string.IsNullOrEmpty(filter.Type))
        {
            query = query.Where(i => i.Type == filter.Type);
        }

        if (filter is { Du: { } du, Au: { } au })
        {
            var from = ParisDays.StartUtc(du);
            var to = ParisDays.EndUtc(au);
            query = query.Where(i => i.ImportedAt >= from && i.ImportedAt < to);
        }

        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(i => i.Number)
            .Skip((number - 1) * pageSize).Take(pageSize)
            .Select(i => new ImportSummary(i.Number, i.ImportedAt, i.NumeroAns, i.Type, i.FileName, i.LineCount, i.Retained, i.Rejected))
            .ToListAsync(ct);
        return new Page<ImportSummary>(items, total, number, pageSize);
    }

    /// <summary>The returned file of one of the supplier's imports, or null: stored compact, given indented for whoever opens it.</summary>
    public async Task<(string FileName, string Json)?> ReturnedFileAsync(Guid supplierId, long identifiant, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var import = await db.Imports.AsNoTracking()
            .Where(i => i.SupplierId == supplierId && i.Number == identifiant)
            .Select(i => new { i.FileName, i.ReturnedJson })
            .SingleOrDefaultAsync(ct);
        return import is null
            ? null
            : (Path.GetFileNameWithoutExtension(import.FileName) + "-retour.json", System.Text.Encoding.UTF8.GetString(ReturnedFile.Indented(import.ReturnedJson)));
    }
}
