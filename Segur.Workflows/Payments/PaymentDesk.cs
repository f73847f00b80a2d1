using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Financing;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Payments;

/// <summary>A versement (VERSE001) as the payments desk lists it.</summary>
public sealed record PaymentRow(
    Guid PaymentId, string NumeroAsp, string NumeroEditeur, string Denomination, string Siret, string Type, string EtatLabel,
    decimal MontantDecide, DateTime DateValidation, DateTime? DateMiseEnPaiement, decimal? MontantPaye, DateOnly? DatePaiement);

/// <summary>A versement of one request, as the request's API detail carries it.</summary>
public sealed record RequestPaymentRow(
    string Type, string Etat, string EtatLabel, decimal MontantDecide, DateTime DateValidation, DateTime? DateMiseEnPaiement,
    decimal? MontantPaye, DateOnly? DatePaiement, Guid? AvisDePaiementId);

/// <summary>A versement of a batch to record as paid, with the amount the bank statement shows.</summary>
public sealed record PaidEntry(Guid PaymentId, decimal MontantPaye);

/// <summary>
/// Staff put versements into payment and record their payment by batch. Each versement moves by its own fire of the
/// "payment" definition (journal, e-mail, avis de paiement), and each result is reported: a refused one (e.g. an amount
/// other than the decided one) leaves the others done (docs/decisions/0071-bulk-decisions-and-payments.md).
/// </summary>
public sealed class PaymentDesk(SegurDatabase database, WorkflowRuntime runtime)
{
    public const string NoPayment = "AucunPaiement";
    public const string InPayment = "PaiementEnCours";
    public const string Paid = "PaiementEffectue";
    public const string PutIntoPaymentTrigger = "MettreEnPaiement";
    public const string RecordTrigger = "EnregistrerPaiement";
    private const string SubjectType = "Payment";

    /// <summary>The versements in one state (<see cref="NoPayment"/>, <see cref="InPayment"/> or <see cref="Paid"/>), oldest decision first.</summary>
    public async Task<IReadOnlyList<PaymentRow>> ListAsync(string etat, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await (
                from p in db.Payments.AsNoTracking()
                join r in db.FinancingRequests.AsNoTracking() on p.RequestId equals r.Id
                where p.Etat == etat
                orderby p.DateValidation, p.NumeroAsp
                select new PaymentRow(p.Id, p.NumeroAsp, r.NumeroEditeur, r.Denomination, r.Siret, p.Type, p.EtatLabel,
                    p.MontantDecide, p.DateValidation, p.DateMiseEnPaiement, p.MontantPaye, p.DatePaiement))
            .ToListAsync(ct);
    }

    /// <summary>The versements of one request (the API's "versements"), oldest first, with the id of each one's avis de paiement once issued.</summary>
    public async Task<IReadOnlyList<RequestPaymentRow>> ForRequestAsync(Guid requestId, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var payments = await db.Payments.AsNoTracking()
            .Where(p => p.RequestId == requestId)
            .OrderBy(p => p.DateValidation)
            .Select(p => new RequestPaymentRow(p.Type, p.Etat, p.EtatLabel, p.MontantDecide, p.DateValidation, p.DateMiseEnPaiement, p.MontantPaye, p.DatePaiement, null))
            .ToListAsync(ct);
        var notice = await db.RequestDocuments.AsNoTracking()
            .Where(d => d.RequestId == requestId && d.TypeFichier == Documents.GeneratedDocuments.PaymentNoticeType && d.UploadedBy == Documents.GeneratedDocuments.IssuedBy)
            .OrderByDescending(d => d.UploadedAt)
            .Select(d => (Guid?)d.Id)
            .FirstOrDefaultAsync(ct);
        return [.. payments.Select(p => p.Etat == Paid ? p with { AvisDePaiementId = notice } : p)];
    }

    public async Task<IReadOnlyList<BatchOutcome>> PutIntoPaymentAsync(Actor actor, IReadOnlyCollection<Guid> paymentIds, CancellationToken ct = default)
    {
        var items = await ItemsAsync(paymentIds, _ => null, ct);
        return await BatchFire.RunAsync(runtime, database, SubjectType, PutIntoPaymentTrigger, actor, items, r => $"État : {r.ToStateLabel}.", ct);
    }

    public async Task<IReadOnlyList<BatchOutcome>> RecordAsync(
        Actor actor, IReadOnlyCollection<PaidEntry> entries, DateOnly datePaiement, CancellationToken ct = default)
    {
        var amounts = entries.ToDictionary(e => e.PaymentId, e => e.MontantPaye);
        var date = datePaiement.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var items = await ItemsAsync(amounts.Keys, id => new Dictionary<string, object?>
        {
            ["montantPaye"] = amounts[id],
            ["datePaiement"] = date,
        }, ct);
        return await BatchFire.RunAsync(runtime, database, SubjectType, RecordTrigger, actor, items, r => $"État : {r.ToStateLabel}.", ct);
    }

    private async Task<List<BatchFire.Item>> ItemsAsync(
        IReadOnlyCollection<Guid> paymentIds, Func<Guid, IReadOnlyDictionary<string, object?>?> input, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var numbers = await db.Payments.AsNoTracking()
            .Where(p => paymentIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.NumeroAsp, ct);
        return paymentIds.Select(id => new BatchFire.Item(numbers.GetValueOrDefault(id) ?? id.ToString(), id.ToString(), input(id))).ToList();
    }
}
