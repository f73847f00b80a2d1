using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Documents;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Enrolments;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.AccountChanges;

/// <summary>The company's natural persons as they stand, and where they come from.</summary>
public sealed record CurrentPersons(Person? RepresentantLegal, Person? Deposant, string Source);

/// <summary>One line of the persons history (enrolments first, then each change request).</summary>
public sealed record PersonsRow(
    Guid? ChangeId, string Origine, Person? RepresentantLegal, Person? Deposant, string Statut, bool EnVigueur,
    DateTime DeposeeLe, DateTime? DecideeLe, string? Commentaire, IReadOnlyList<AccountDocumentView> Documents);

/// <summary>A persons change with its documents, for the staff's review page.</summary>
public sealed record PersonsReview(PersonsChange Change, IReadOnlyList<AccountDocumentView> Documents, CurrentPersons Current);

/// <summary>
/// Changes of the legal representative and the depositor: submitted with the representative's identity document (and the
/// mandate when someone else deposits), reviewed by staff on the "persons-change" definition; the latest validated change
/// is the company's persons, otherwise those of its first enrolment that names them.
/// </summary>
public sealed class PersonsChanges(SegurDatabase database, DatabaseWriter writer, WorkflowRuntime runtime, AccountFiles files, TimeProvider clock)
{
    public async Task<Guid> SubmitAsync(
        Actor actor, Person representantLegal, Person deposant, IReadOnlyDictionary<string, IncomingFile> documents, CancellationToken ct = default)
    {
        var supplierId = AccountActors.SupplierOf(actor);
        var problems = new List<string>();
        CheckPerson("Représentant légal", representantLegal, problems);
        CheckPerson("Déposant", deposant, problems);
        var needsMandate = !string.Equals(representantLegal.Email.Trim(), deposant.Email.Trim(), StringComparison.OrdinalIgnoreCase);
        var checkedFiles = new List<(string Kind, CheckedFile File)>();
        foreach (var kind in needsMandate ? [AccountDocumentKind.PieceIdentite, AccountDocumentKind.Mandat] : new[] { AccountDocumentKind.PieceIdentite })
        {
            if (await files.ReadAsync(AccountDocumentKind.Labels[kind], documents.GetValueOrDefault(kind), problems, ct) is { } file)
            {
                checkedFiles.Add((kind, file));
            }
        }

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
                var pending = await db.Set<PersonsChange>().AsNoTracking()
                    .Where(c => c.SupplierId == supplierId && c.Status == AccountChangeStates.EnAttente)
                    .Select(c => (DateTime?)c.SubmittedAt).FirstOrDefaultAsync(scope.CancellationToken);
                if (pending is { } at)
                {
                    throw new AccountChangePendingException("des personnes physiques", at);
                }

                var supplier = await db.Suppliers.AsNoTracking().SingleAsync(s => s.Id == supplierId, scope.CancellationToken);
                var now = clock.GetUtcNow().UtcDateTime;
                var change = new PersonsChange
                {
                    Id = Guid.CreateVersion7(now), SupplierId = supplierId, RepresentantLegal = Trimmed(representantLegal), Deposant = Trimmed(deposant),
                    EmailContact = supplier.ContactEmail, Denomination = supplier.Denomination, Siret = supplier.Siret, SubmittedBy = actor.Id, SubmittedAt = now,
                };
                db.Add(change);
                foreach (var (kind, file) in checkedFiles)
                {
                    await files.AddDocumentAsync(db, supplierId, change.Id, kind, file, now, written, scope.CancellationToken);
                }

                await db.SaveChangesAsync(scope.CancellationToken);
                await runtime.StartInTransactionAsync(db, AccountChangeStates.PersonsDefinition, change.Id.ToString(), actor, false, scope.CancellationToken);
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

    public async Task<CurrentPersons> CurrentAsync(Guid supplierId, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await CurrentAsync(db, supplierId, ct);
    }

    public async Task<IReadOnlyList<PersonsRow>> HistoryAsync(Guid supplierId, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var enrolments = await db.Enrolments.AsNoTracking()
            .Where(e => e.SupplierId == supplierId && e.RepresentantLegal != null)
            .OrderBy(e => e.CreatedAt)
            .Select(e => new { e.NumeroAns, e.RepresentantLegal, e.Deposant, e.CreatedAt })
            .ToListAsync(ct);
        var changes = await db.Set<PersonsChange>().AsNoTracking().Where(c => c.SupplierId == supplierId).OrderBy(c => c.SubmittedAt).ToListAsync(ct);
        var documents = await AccountDocuments.OfAsync(db, changes.Select(c => c.Id).ToList(), ct);
        var inForce = changes.Where(c => c.Status == AccountChangeStates.Validee).MaxBy(c => c.ReviewedAt);
        var rows = enrolments.Select((e, i) => new PersonsRow(
            null, $"Enrôlement {e.NumeroAns}", e.RepresentantLegal, e.Deposant, inForce is null && i == 0 ? "En vigueur" : "Remplacées",
            inForce is null && i == 0, e.CreatedAt, null, null, [])).ToList();
        rows.AddRange(changes.Select(c => new PersonsRow(
            c.Id, "Demande de modification", c.RepresentantLegal, c.Deposant,
            c == inForce ? $"{c.StatusLabel} – en vigueur" : c.Status == AccountChangeStates.Validee ? $"{c.StatusLabel} – remplacées" : c.StatusLabel,
            c == inForce, c.SubmittedAt, c.ReviewedAt, c.ReviewComment, documents.GetValueOrDefault(c.Id, []))));
        return rows;
    }

    public async Task<PersonsReview?> ReviewAsync(Guid changeId, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var change = await db.Set<PersonsChange>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == changeId, ct);
        if (change is null)
        {
            return null;
        }

        var documents = await AccountDocuments.OfAsync(db, [change.Id], ct);
        return new PersonsReview(change, documents.GetValueOrDefault(change.Id, []), await CurrentAsync(db, change.SupplierId, ct));
    }

    private static async Task<CurrentPersons> CurrentAsync(SegurDbContext db, Guid supplierId, CancellationToken ct)
    {
        var changed = await db.Set<PersonsChange>().AsNoTracking()
            .Where(c => c.SupplierId == supplierId && c.Status == AccountChangeStates.Validee)
            .OrderByDescending(c => c.ReviewedAt)
            .FirstOrDefaultAsync(ct);
        if (changed is not null)
        {
            return new CurrentPersons(changed.RepresentantLegal, changed.Deposant, $"demande validée le {ParisDays.ToParis(changed.ReviewedAt!.Value):dd/MM/yyyy}");
        }

        var enrolment = await db.Enrolments.AsNoTracking()
            .Where(e => e.SupplierId == supplierId && e.RepresentantLegal != null)
            .OrderBy(e => e.CreatedAt)
            .Select(e => new { e.NumeroAns, e.RepresentantLegal, e.Deposant })
            .FirstOrDefaultAsync(ct);
        return enrolment is null
            ? new CurrentPersons(null, null, "aucun enrôlement ne les nomme")
            : new CurrentPersons(enrolment.RepresentantLegal, enrolment.Deposant, $"enrôlement {enrolment.NumeroAns}");
    }

    private static Person Trimmed(Person p) => new(p.Nom.Trim(), p.Prenom.Trim(), p.Email.Trim(), p.Telephone.Trim());

    private static void CheckPerson(string role, Person person, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(person.Nom))
        {
            problems.Add($"{role} : le nom est obligatoire.");
        }

        if (string.IsNullOrWhiteSpace(person.Prenom))
        {
            problems.Add($"{role} : le prénom est obligatoire.");
        }

        if (!MailAddress.TryCreate(person.Email?.Trim(), out var address) || !address.Host.Contains('.'))
        {
            problems.Add($"{role} : l'adresse e-mail « {person.Email} » n'est pas valide.");
        }

        var digits = string.Concat((person.Telephone ?? "").Where(char.IsAsciiDigit));
        if (!string.IsNullOrWhiteSpace(person.Telephone) && digits.Length is < 9 or > 15 || (person.Telephone ?? "").Any(c => !char.IsAsciiDigit(c) && c is not (' ' or '.' or '+' or '-')))
        {
            problems.Add($"{role} : le téléphone, s'il est donné, doit compter de 9 à 15 chiffres (espaces, points, tirets et « + » admis).");
        }
    }
}
