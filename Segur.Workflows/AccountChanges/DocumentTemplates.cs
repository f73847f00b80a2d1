using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Documents;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Enrolments;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.AccountChanges;

/// <summary>One template as the supplier follows it (unconfirmed ones have no status yet).</summary>
public sealed record TemplateRow(
    Guid Id, string Nature, string FileName, long Size, DateTime UploadedAt, DateTime? ConfirmedAt, string? Statut, string? Status,
    DateTime? ReviewedAt, string? Commentaire);

/// <summary>The template is for wave-2 suppliers only.</summary>
public sealed class TemplatesNotOpenException()
    : WorkflowException("Les modèles de pièces justificatives concernent les logiciels de la vague 2 : aucun de vos enrôlements n'en relève.");

/// <summary>
/// Document templates of wave-2 suppliers, in two steps: an upload (format and size checked, kept unconfirmed, deletable),
/// then its confirmation, which starts the "document-template" lifecycle ("À instruire") that staff accept or reject.
/// </summary>
public sealed class DocumentTemplates(SegurDatabase database, DatabaseWriter writer, WorkflowRuntime runtime, AccountFiles files, TimeProvider clock)
{
    /// <summary>The supporting documents a template may be given for.</summary>
    public static readonly IReadOnlyList<string> Natures =
    [
        "Bon de commande", "Facture", "Procès-verbal de vérification d'aptitude", "Attestation de déploiement", "Attestation de service fait", "Autre pièce",
    ];

    /// <summary>Whether the company has an enrolment of wave 2 that is not rejected: the "Modèles de pièces" menu shows then only.</summary>
    public async Task<bool> IsOpenToAsync(Guid supplierId, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await IsOpenAsync(db, supplierId, ct);
    }

    /// <summary>Step one: checks and keeps the file, unconfirmed. Returns its id for the confirmation.</summary>
    public async Task<Guid> UploadAsync(Actor actor, string nature, IncomingFile file, CancellationToken ct = default)
    {
        var supplierId = AccountActors.SupplierOf(actor);
        var problems = new List<string>();
        if (!Natures.Contains(nature))
        {
            problems.Add($"Pièce concernée : choisissez parmi {string.Join(", ", Natures)}.");
        }

        var checkedFile = await files.ReadAsync("Modèle", file, problems, ct);
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
                if (!await IsOpenAsync(db, supplierId, scope.CancellationToken))
                {
                    throw new TemplatesNotOpenException();
                }

                var supplier = await db.Suppliers.AsNoTracking().SingleAsync(s => s.Id == supplierId, scope.CancellationToken);
                var now = clock.GetUtcNow().UtcDateTime;
                var id = Guid.CreateVersion7(now);
                var path = await files.WriteAsync(supplierId, id, checkedFile!, written, scope.CancellationToken);
                db.Add(new DocumentTemplate
                {
                    Id = id, SupplierId = supplierId, Nature = nature, FileName = checkedFile!.Name, ContentType = checkedFile.ContentType,
                    Size = checkedFile.Bytes.Length, Sha256 = checkedFile.Sha256, StoragePath = path, EmailContact = supplier.ContactEmail,
                    Denomination = supplier.Denomination, UploadedBy = actor.Id, UploadedAt = now,
                });
                await db.SaveChangesAsync(scope.CancellationToken);
                return id;
            }, ct);
        }
        catch
        {
            AccountFiles.Delete(written);
            throw;
        }
    }

    /// <summary>Step two: the supplier confirms; the template goes to staff ("À instruire").</summary>
    public async Task ConfirmAsync(Actor actor, Guid templateId, CancellationToken ct = default)
    {
        var supplierId = AccountActors.SupplierOf(actor);
        await writer.WriteAsync(async scope =>
        {
            var template = await scope.Db.Set<DocumentTemplate>().SingleOrDefaultAsync(t => t.Id == templateId && t.SupplierId == supplierId, scope.CancellationToken)
                ?? throw new AccountChangeNotFoundException();
            template.Confirm(clock.GetUtcNow().UtcDateTime);
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            await runtime.StartInTransactionAsync(scope.Db, AccountChangeStates.TemplateDefinition, template.Id.ToString(), actor, false, scope.CancellationToken);
        }, ct);
        runtime.NotifyOutbox();
    }

    /// <summary>Deletes an unconfirmed upload and its file; a confirmed template stays (it is the agency's record).</summary>
    public async Task DeleteAsync(Actor actor, Guid templateId, CancellationToken ct = default)
    {
        var supplierId = AccountActors.SupplierOf(actor);
        var path = await writer.WriteAsync(async scope =>
        {
            var template = await scope.Db.Set<DocumentTemplate>().SingleOrDefaultAsync(t => t.Id == templateId && t.SupplierId == supplierId, scope.CancellationToken)
                ?? throw new AccountChangeNotFoundException();
            if (template.ConfirmedAt is not null)
            {
                throw new BusinessRuleException($"Le modèle « {template.FileName} » a été transmis à l'ASP : il ne peut plus être supprimé.");
            }

            scope.Db.Remove(template);
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            return template.StoragePath;
        }, ct);
        AccountFiles.Delete([files.PathOf(path)]);
    }

    /// <summary>The company's templates, newest first.</summary>
    public async Task<IReadOnlyList<TemplateRow>> ListAsync(Guid supplierId, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await db.Set<DocumentTemplate>().AsNoTracking()
            .Where(t => t.SupplierId == supplierId)
            .OrderByDescending(t => t.UploadedAt)
            .Select(t => new TemplateRow(
                t.Id, t.Nature, t.FileName, t.Size, t.UploadedAt, t.ConfirmedAt, t.ConfirmedAt == null ? null : t.StatusLabel,
                t.ConfirmedAt == null ? null : t.Status, t.ReviewedAt, t.ReviewComment))
            .ToListAsync(ct);
    }

    public async Task<DocumentTemplate?> ReviewAsync(Guid templateId, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await db.Set<DocumentTemplate>().AsNoTracking().SingleOrDefaultAsync(t => t.Id == templateId && t.ConfirmedAt != null, ct);
    }

    private static Task<bool> IsOpenAsync(SegurDbContext db, Guid supplierId, CancellationToken ct) =>
        db.Enrolments.AsNoTracking().AnyAsync(e => e.SupplierId == supplierId && e.Vague == 2 && e.Status != EnrolmentStates.Rejetee, ct);
}
