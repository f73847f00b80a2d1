using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Documents;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Enrolments;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.AccountChanges;

/// <summary>What the supplier types to replace its bank details.</summary>
public sealed record BankDetailsForm(string Titulaire, string Iban, string Bic);

/// <summary>
/// One line of the bank-details history: the enrolments' details first, then each replacement. The IBAN is masked: only
/// the staff's review page shows it whole.
/// </summary>
public sealed record BankDetailsRow(
    Guid? ChangeId, string Origine, string Titulaire, string IbanMasque, string IbanFin, string Bic, string Statut, bool EnVigueur,
    DateTime DeposeeLe, DateTime? DecideeLe, string? Commentaire, IReadOnlyList<AccountDocumentView> Documents);

public sealed record AccountDocumentView(Guid Id, string Kind, string FileName, long Size, DateTime UploadedAt)
{
    public string KindLabel => AccountDocumentKind.Labels.GetValueOrDefault(Kind, Kind);
}

/// <summary>A change waiting for staff: a second one is refused, so staff never review two at once.</summary>
public sealed class AccountChangePendingException(string what, DateTime submittedAt)
    : WorkflowException($"Une demande de modification {what}, déposée le {ParisDays.ToParis(submittedAt):dd/MM/yyyy}, est déjà en attente de validation par l'ASP : " +
        "attendez sa décision avant d'en déposer une autre.");

/// <summary>
/// Replacement bank details: submitted with a RIB (checked by content), reviewed by staff on the "bank-details-change"
/// definition; the latest validated ones are the company's bank details for payments put into payment afterwards
/// (<see cref="CurrentAsync"/>, read by <c>PutIntoPayment</c>). Nothing is ever overwritten: the history is the rows.
/// </summary>
public sealed class BankDetailsChanges(
    SegurDatabase database, DatabaseWriter writer, WorkflowRuntime runtime, AccountFiles files, TimeProvider clock)
{
    public async Task<Guid> SubmitAsync(Actor actor, BankDetailsForm form, IncomingFile? rib, CancellationToken ct = default)
    {
        var supplierId = AccountActors.SupplierOf(actor);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(form.Titulaire))
        {
            problems.Add("Titulaire du compte : obligatoire.");
        }

        problems.AddRange(new[] { BankIdentifiers.IbanProblem(form.Iban), BankIdentifiers.BicProblem(form.Bic) }.OfType<string>());
        var file = await files.ReadAsync(AccountDocumentKind.Labels[AccountDocumentKind.Rib], rib, problems, ct);
        if (problems.Count > 0)
        {
            throw new AccountChangeRefusedException(problems);
        }

        var written = new List<string>();
        try
        {
            return await writer.WriteAsync(async scope =>
            {
                var db = scope.Db;
                var pending = await db.Set<BankDetailsChange>().AsNoTracking()
                    .Where(c => c.SupplierId == supplierId && c.Status == AccountChangeStates.EnAttente)
                    .Select(c => (DateTime?)c.SubmittedAt).FirstOrDefaultAsync(scope.CancellationToken);
                if (pending is { } at)
                {
                    throw new AccountChangePendingException("de vos coordonnées bancaires", at);
                }

                var supplier = await db.Suppliers.AsNoTracking().SingleAsync(s => s.Id == supplierId, scope.CancellationToken);
                var now = clock.GetUtcNow().UtcDateTime;
                var change = new BankDetailsChange
                {
                    Id = Guid.CreateVersion7(now), SupplierId = supplierId, Titulaire = form.Titulaire.Trim(), Iban = BankIdentifiers.Compact(form.Iban),
                    Bic = BankIdentifiers.Compact(form.Bic), EmailContact = supplier.ContactEmail, Denomination = supplier.Denomination,
                    Siret = supplier.Siret, SubmittedBy = actor.Id, SubmittedAt = now,
                };
                db.Add(change);
                await files.AddDocumentAsync(db, supplierId, change.Id, AccountDocumentKind.Rib, file!, now, written, scope.CancellationToken);
                await db.SaveChangesAsync(scope.CancellationToken);
                await runtime.StartInTransactionAsync(db, AccountChangeStates.BankDetailsDefinition, change.Id.ToString(), actor, false, scope.CancellationToken);
                return change.Id;
            }, ct);
        }
        catch
        {
            AccountFiles.Delete(written);
            throw;
        }
        finally
        {
            runtime.NotifyOutbox();
        }
    }

    /// <summary>The enrolments' bank details, then the replacements, newest last; which ones are in force is marked.</summary>
    public async Task<IReadOnlyList<BankDetailsRow>> HistoryAsync(Guid supplierId, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var enrolments = await db.Enrolments.AsNoTracking()
            .Where(e => e.SupplierId == supplierId && e.Banque != null)
            .OrderBy(e => e.CreatedAt)
            .Select(e => new { e.NumeroAns, e.Banque, e.CreatedAt, e.StatusLabel })
            .ToListAsync(ct);
        var changes = await db.Set<BankDetailsChange>().AsNoTracking()
            .Where(c => c.SupplierId == supplierId)
            .OrderBy(c => c.SubmittedAt)
            .ToListAsync(ct);
        var documents = await AccountDocuments.OfAsync(db, changes.Select(c => c.Id).ToList(), ct);
        var inForce = changes.Where(c => c.Status == AccountChangeStates.Validee).MaxBy(c => c.ReviewedAt);

        var rows = enrolments.Select(e => new BankDetailsRow(
            null, $"Enrôlement {e.NumeroAns}", e.Banque!.Titulaire, BankIdentifiers.Mask(e.Banque.Iban), BankIdentifiers.End(e.Banque.Iban), e.Banque.Bic,
            inForce is null ? $"En vigueur (enrôlement {e.StatusLabel.ToLowerInvariant()})" : "Remplacées", inForce is null, e.CreatedAt, null, null, [])).ToList();
        rows.AddRange(changes.Select(c => new BankDetailsRow(
            c.Id, "Demande de modification", c.Titulaire, BankIdentifiers.Mask(c.Iban), BankIdentifiers.End(c.Iban), c.Bic,
            c == inForce ? $"{c.StatusLabel} – en vigueur" : c.Status == AccountChangeStates.Validee ? $"{c.StatusLabel} – remplacées" : c.StatusLabel,
            c == inForce, c.SubmittedAt, c.ReviewedAt, c.ReviewComment, documents.GetValueOrDefault(c.Id, []))));
        return rows;
    }

    /// <summary>
    /// The bank details a payment of this enrolment goes to now: the latest validated replacement of the company, otherwise
    /// the enrolment's own. Read inside the fire that puts a payment into payment.
    /// </summary>
    public static async Task<BankDetails?> CurrentAsync(SegurDbContext db, Guid supplierId, Guid? enrolmentId, CancellationToken ct)
    {
        var replaced = await db.Set<BankDetailsChange>().AsNoTracking()
            .Where(c => c.SupplierId == supplierId && c.Status == AccountChangeStates.Validee)
            .OrderByDescending(c => c.ReviewedAt)
            .Select(c => new BankDetails(c.Titulaire, c.Iban, c.Bic))
            .FirstOrDefaultAsync(ct);
        if (replaced is not null || enrolmentId is null)
        {
            return replaced;
        }

        return await db.Enrolments.AsNoTracking().Where(e => e.Id == enrolmentId).Select(e => e.Banque).SingleOrDefaultAsync(ct);
    }

    /// <summary>The change as staff review it: the whole IBAN, the RIB, the company's details in force.</summary>
    public async Task<BankDetailsReview?> ReviewAsync(Guid changeId, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var change = await db.Set<BankDetailsChange>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == changeId, ct);
        if (change is null)
        {
            return null;
        }

        var documents = await AccountDocuments.OfAsync(db, [change.Id], ct);
        var current = await CurrentAsync(db, change.SupplierId, await db.Enrolments.AsNoTracking()
            .Where(e => e.SupplierId == change.SupplierId && e.Banque != null).OrderBy(e => e.CreatedAt).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct), ct);
        return new BankDetailsReview(change, documents.GetValueOrDefault(change.Id, []), current);
    }
}

/// <summary>A bank-details change with its RIB and the details in force, for the staff's review page.</summary>
public sealed record BankDetailsReview(BankDetailsChange Change, IReadOnlyList<AccountDocumentView> Documents, BankDetails? Current);
