using Microsoft.EntityFrameworkCore;
using Segur.Host.Components.Pages.Requests;
using Segur.Workflows.Enrolments;
using Segur.Workflows.Persistence;

namespace Segur.Host.Components.Pages.Enrolments;

/// <summary>A row of the enrolments table (7 columns).</summary>
/// <summary>
/// A row of the enrolments table. <paramref name="Numero"/> is the enrolment request's number: its rank among every
/// enrolment by creation (enrolments are never deleted, so it never changes; docs/decisions/0145).
/// </summary>
public sealed record EnrolmentRow(
    string NumeroAns, string TypeEnrolement, string TypeLogiciel, string Couloir, int Vague, DateTime DateDepot, string Statut,
    int Numero = 0, string Siret = "", string Profiles = "")
{
    /// <summary>"ENR-000042".</summary>
    public string NumeroDemande => Numero > 0 ? $"ENR-{Numero:000000}" : "—";
}

public sealed record EnrolmentDocumentView(string Kind, string FileName, string ContentType, long Size, DateTime UploadedAt);

public sealed record EnrolmentCompany(string Siret, string Denomination, string Adresse, string EmailContact);

/// <summary>The detail of one enrolment as its supplier reads it; the IBAN is masked.</summary>
public sealed record EnrolmentDetailView(
    EnrolmentRow Summary, DateOnly DateReferencement, IReadOnlyList<string> Profils, EnrolmentCompany Company,
    Person? RepresentantLegal, Person? Deposant, MaskedBankDetails? Banque, IReadOnlyList<EnrolmentDocumentView> Documents);

/// <summary>Read side of the supplier's enrolments: its own only, projected with <c>AsNoTracking</c>.</summary>
public sealed class EnrolmentQueries(SegurDatabase database)
{
    public async Task<IReadOnlyList<EnrolmentRow>> ListAsync(Guid supplierId, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await db.Enrolments.AsNoTracking()
            .Where(e => e.SupplierId == supplierId)
            .OrderByDescending(e => e.CreatedAt)
            .Select(e => new EnrolmentRow(
                e.NumeroAns, e.TypeEnrolement, e.TypeLogiciel, e.Couloir, e.Vague, e.CreatedAt, e.StatusLabel,
                db.Enrolments.Count(o => o.CreatedAt < e.CreatedAt || (o.CreatedAt == e.CreatedAt && o.NumeroAns.CompareTo(e.NumeroAns) <= 0)),
                e.Supplier!.Siret, e.Profiles))
            .ToListAsync(ct);
    }

    /// <summary>One enrolment: the supplier's own, or any for staff (<paramref name="supplierId"/> null).</summary>
    public async Task<EnrolmentDetailView?> GetAsync(Guid? supplierId, string numeroAns, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var enrolment = await db.Enrolments.AsNoTracking()
            .Where(e => (supplierId == null || e.SupplierId == supplierId) && e.NumeroAns == numeroAns)
            .Select(e => new
            {
                e.Id,
                Row = new EnrolmentRow(e.NumeroAns, e.TypeEnrolement, e.TypeLogiciel, e.Couloir, e.Vague, e.CreatedAt, e.StatusLabel),
                e.ReferencingDate, e.Profiles, e.RepresentantLegal, e.Deposant, e.Banque,
                Company = new EnrolmentCompany(e.Supplier!.Siret, e.Supplier.Denomination, e.Supplier.Address, e.Supplier.ContactEmail),
            })
            .SingleOrDefaultAsync(ct);
        if (enrolment is null)
        {
            return null;
        }

        var documents = await db.EnrolmentDocuments.AsNoTracking()
            .Where(d => d.EnrolmentId == enrolment.Id)
            .OrderBy(d => d.UploadedAt).ThenBy(d => d.Kind)
            .Select(d => new EnrolmentDocumentView(d.Kind, d.FileName, d.ContentType, d.Size, d.UploadedAt))
            .ToListAsync(ct);
        return new EnrolmentDetailView(
            enrolment.Row, enrolment.ReferencingDate,
            enrolment.Profiles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            enrolment.Company, enrolment.RepresentantLegal, enrolment.Deposant,
            enrolment.Banque is { } banque ? RequestFollowUp.Mask(banque) : null, documents);
    }

    /// <summary>The supplier's company, recalled at the top of the complementary form.</summary>
    public async Task<EnrolmentCompany?> CompanyAsync(Guid supplierId, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await db.Suppliers.AsNoTracking()
            .Where(s => s.Id == supplierId)
            .Select(s => new EnrolmentCompany(s.Siret, s.Denomination, s.Address, s.ContactEmail))
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>The status of an enrolment just submitted (the confirmation shows it).</summary>
    public async Task<EnrolmentRow?> FindAsync(Guid enrolmentId, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await db.Enrolments.AsNoTracking()
            .Where(e => e.Id == enrolmentId)
            .Select(e => new EnrolmentRow(e.NumeroAns, e.TypeEnrolement, e.TypeLogiciel, e.Couloir, e.Vague, e.CreatedAt, e.StatusLabel))
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>The persons of the supplier's latest enrolment that names them: the complementary form starts from them.</summary>
    public async Task<(Person? RepresentantLegal, Person? Deposant)> LatestPersonsAsync(Guid supplierId, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var latest = await db.Enrolments.AsNoTracking()
            .Where(e => e.SupplierId == supplierId && e.RepresentantLegal != null)
            .OrderByDescending(e => e.CreatedAt)
            .Select(e => new { e.RepresentantLegal, e.Deposant })
            .FirstOrDefaultAsync(ct);
        return (latest?.RepresentantLegal, latest?.Deposant);
    }
}
