using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Documents;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Financing;
using Segur.Workflows.Payments;
using Segur.Workflows.Persistence;

namespace Segur.Host.Components.Pages.Requests;

/// <summary>A versement of the dossier, as the "Suivi financier" section lists it.</summary>
public sealed record PaymentView(
    string Objet, string NumeroAsp, string Type, string Etat, decimal MontantDecide, DateTime DateValidation,
    DateTime? DateMiseEnPaiement, decimal? MontantPaye, DateOnly? DatePaiement);

/// <summary>Bank details shown to their owner, the IBAN masked but for its last four characters.</summary>
public sealed record MaskedBankDetails(string Titulaire, string Iban, string IbanEnd, string Bic);

/// <summary>The rules the request's amounts were computed with (its lifecycle's version), for the tooltips.</summary>
public sealed record AmountRulesView(decimal? PlafondHT, decimal PourcentageAvance, decimal TauxTva);

/// <summary>A document the agency issued for the dossier (décision d'attribution, avis de paiement), downloadable by the supplier.</summary>
public sealed record IssuedDocumentView(Guid Id, string NumeroAsp, string TypeFichier, string FileName, DateTime IssuedAt);

/// <summary>What the detail page shows beside <see cref="RequestDetail"/>: bank details, versements, rules, expiry.</summary>
public sealed record RequestFollowUpView(
    MaskedBankDetails? Banque, string? NumeroAnsEnrolment, IReadOnlyList<PaymentView> Payments, AmountRulesView? Rules, DateTime? ExpiresAt)
{
    /// <summary>The "Suivi financier" shows versements only once the dossier's avance is decided (its versement exists).</summary>
    public bool AvanceDecidee => Payments.Any(p => p.Type == RequestType.Avance);

    public IReadOnlyList<IssuedDocumentView> IssuedDocuments { get; init; } = [];
}

/// <summary>
/// Read side of the request detail page, beyond <see cref="RequestQueries.GetAsync"/>: the enrolment's bank details, the
/// versements of the dossier (avance and solde share it), the amount rules of the definition version the request runs on,
/// and, for an incomplete request, when it expires. Always scoped to the supplier's own request.
/// </summary>
public sealed class RequestFollowUp(SegurDatabase database, DefinitionCatalog catalog)
{
    public const string ExpiryTrigger = "Expirer";

    public async Task<RequestFollowUpView?> GetAsync(Guid supplierId, Guid requestId, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var request = await db.FinancingRequests.AsNoTracking()
            .Where(r => r.Id == requestId && r.SupplierId == supplierId && r.DeletedAt == null)
            .Select(r => new { r.Id, r.EnrolmentId, r.NumeroDossier, r.TypeLogiciel })
            .SingleOrDefaultAsync(ct);
        if (request is null)
        {
            return null;
        }

        var enrolment = request.EnrolmentId is { } enrolmentId
            ? await db.Enrolments.AsNoTracking().Where(e => e.Id == enrolmentId && e.SupplierId == supplierId)
                .Select(e => new { e.NumeroAns, e.Banque }).SingleOrDefaultAsync(ct)
            : null;

        var payments = await (
                from p in db.Payments.AsNoTracking()
                join r in db.FinancingRequests.AsNoTracking() on p.RequestId equals r.Id
                where r.SupplierId == supplierId && r.NumeroDossier == request.NumeroDossier && r.DeletedAt == null
                orderby p.DateValidation
                select new PaymentView(Payment.Objet, p.NumeroAsp, p.Type, p.EtatLabel, p.MontantDecide, p.DateValidation,
                    p.DateMiseEnPaiement, p.MontantPaye, p.DatePaiement))
            .ToListAsync(ct);

        var subjectId = request.Id.ToString();
        var instance = await db.WorkflowInstances.AsNoTracking()
            .Where(i => i.SubjectType == "FinancingRequest" && i.SubjectId == subjectId)
            .Select(i => new { i.Id, i.DefinitionId, i.DefinitionVersion })
            .SingleOrDefaultAsync(ct);
        AmountRulesView? rules = null;
        DateTime? expiresAt = null;
        if (instance is not null)
        {
            var definition = await catalog.GetAsync(instance.DefinitionId, instance.DefinitionVersion, ct);
            var amountRules = AmountRules.From(definition.Rules);
            rules = new AmountRulesView(
                amountRules.PlafondsHT.TryGetValue(request.TypeLogiciel, out var plafond) ? plafond : null,
                amountRules.PourcentageAvance, amountRules.TauxTva);
            expiresAt = await db.WorkflowTimers.AsNoTracking()
                .Where(t => t.InstanceId == instance.Id && t.Trigger == ExpiryTrigger)
                .Select(t => (DateTime?)t.DueAt)
                .FirstOrDefaultAsync(ct);
        }

        string[] issuedTypes = [GeneratedDocuments.DecisionType, GeneratedDocuments.PaymentNoticeType];
        var issued = await (
                from d in db.RequestDocuments.AsNoTracking()
                join r in db.FinancingRequests.AsNoTracking() on d.RequestId equals r.Id
                where r.SupplierId == supplierId && r.NumeroDossier == request.NumeroDossier && r.DeletedAt == null
                      && d.TypeFichier != null && issuedTypes.Contains(d.TypeFichier) && d.UploadedBy == GeneratedDocuments.IssuedBy
                orderby d.UploadedAt
                select new IssuedDocumentView(d.Id, r.NumeroAsp, d.TypeFichier!, d.FileName, d.UploadedAt))
            .ToListAsync(ct);

        // The bank details in force (a validated change of "Mon compte" replaces the enrolment's).
        var bank = await Segur.Workflows.AccountChanges.BankDetailsChanges.CurrentAsync(db, supplierId, request.EnrolmentId, ct);
        return new RequestFollowUpView(bank is { } banque ? Mask(banque) : null, enrolment?.NumeroAns, payments, rules, expiresAt)
        {
            IssuedDocuments = issued,
        };
    }

    public static MaskedBankDetails Mask(Segur.Workflows.Enrolments.BankDetails banque)
    {
        var compact = string.Concat(banque.Iban.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        return new(banque.Titulaire, MaskIban(compact), compact.Length > 4 ? compact[^4..] : compact, banque.Bic);
    }

    /// <summary>"FR76 3000 6000 0112 3456 7890 189" → "•••• •••• •••• •••• •••• •••0 189": grouped as printed, only the last four characters readable.</summary>
    public static string MaskIban(string iban)
    {
        var compact = string.Concat(iban.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        if (compact.Length <= 4)
        {
            return compact;
        }

        var masked = new string('•', compact.Length - 4) + compact[^4..];
        return string.Join(' ', masked.Chunk(4).Select(chunk => new string(chunk)));
    }
}
