using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Segur.Workflows.Documents;
using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Exports;
using Segur.Workflows.Financing;
using Segur.Workflows.Payments;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Instruction;

/// <summary>
/// The staff's read side of financing requests: the search over every supplier's requests (one query per page), the
/// journal of a request's lifecycles (the request's and its payment's) and its documents. States the definition hides from
/// staff (<c>visibleTo</c>, e.g. "Non complétée") never appear, nor deleted requests.
/// </summary>
public sealed class InstructionQueries(
    SegurDatabase database, DefinitionCatalog catalog, StaffVisibility visibility, IOptions<InstructionOptions> options)
{
    public const string RequestDefinitionId = "financing-request";
    public const string PaymentDefinitionId = "payment";

    /// <summary>
    /// One page of the search, filtered and sorted by <see cref="StaffRequestFiltering"/> and <see cref="RequestOrdering"/>
    /// (the CSV export applies the same); the page's keys first by one walk of an index holding the order and the filters
    /// (StaffIndexes), one more than the page's size to know whether a page follows, then those rows with their payment
    /// state. The total is counted only when the page does not tell it (a last page does) and the caller does not know it
    /// already (<paramref name="knownTotal"/>: the same search, another page; <paramref name="knownCapped"/> when that total
    /// was the cap). It is counted up to <see cref="InstructionOptions.CountCap"/>: beyond, the page says so
    /// (<see cref="Page{T}.TotalCapped"/>) and paging goes on page by page (docs/decisions/0181). A « fournisseur » text is
    /// first resolved to the dénominations holding it (<see cref="DenominationSearch"/>, docs/decisions/0207), and a page past
    /// the middle of an exact total handed back is read from the end.
    /// </summary>
    public async Task<Page<StaffRequestRow>> SearchAsync(
        StaffRequestFilter filter, int? page, int? size, int? knownTotal = null, bool knownCapped = false, CancellationToken ct = default)
    {
        var (number, pageSize) = Page<StaffRequestRow>.Normalize(page, size);
        var offset = (number - 1) * pageSize;
        await using var db = database.CreateContext();
        // At most the count's cap: beyond, a count stops at the cap anyway and the page finds its rows early in the walk.
        var candidates = await RequestNumberSearch.CandidatesAsync(db, filter.Numero, options.Value.CountCap, ct);
        var denominations = await DenominationSearch.NamesAsync(db, filter.LoweredFournisseur(), ct);
        var filtered = (await VisibleAsync(db, ct, candidates, filter.SeeksSiret())).Filtered(db, filter, denominations);
        var cap = options.Value.CountCap;
        (int Total, bool Capped)? countedFirst = null;
        if (candidates is null && !filter.SeeksSiret() && WalksTheOrderPastTheDates(db, filter, offset + pageSize)
            && StaffIndexes.OrderIndex(filter.Sort.Column, byType: !string.IsNullOrEmpty(filter.Type)) is { } orderIndex)
        {
            // A date range sorted by statut or dénomination: SQLite seeks the range and sorts all of it (181,000 entries for ten
            // days of a million requests), where the order's index, walked, finds a page of a broad range within a few thousand
            // entries (one type's index when the search keeps one type). Broad is what the capped count says (decision 0234):
            // counted first unless handed back.
            countedFirst = knownTotal is { } handed ? (handed, knownCapped) : await CountAsync(filtered, cap, ct);
            if (countedFirst.Value.Capped)
            {
                filtered = (await VisibleAsync(db, ct, orderIndex: orderIndex)).Filtered(db, filter, denominations);
            }
        }

        // An exact total handed back lets a page past the middle be read from the end (PageKeys); a capped one does not tell
        // where the end is.
        var (ids, hasNext) = await PageKeys.ReadAsync(filtered, filter.Sort, number, pageSize, knownCapped ? null : knownTotal, db.DecimalsAsText(), ct);
        var rows = ids.Count == 0
            ? []
            : await db.FinancingRequests.AsNoTracking()
                .Where(r => ids.Contains(r.Id))
                .Select(r => new
                {
                    r.Id,
                    Row = new StaffRequestRow(
                        r.NumeroAsp, r.NumeroEditeur, r.Denomination, r.Siret, r.Type, r.TypeLogiciel, r.StatusLabel,
                        r.PaymentStateLabel ?? RequestQueries.NoPayment, // the versement's state, written with it (decision 0203)
                        r.MontantSegurHTDeclare, r.MontantRetenuHT, r.MontantDecide, r.CreatedAt),
                })
                .ToListAsync(ct);
        var byId = rows.ToDictionary(r => r.Id, r => r.Row);
        var items = ids.Where(byId.ContainsKey).Select(id => byId[id]).ToList();

        // Counted once per search: the last page tells the total exactly, the other pages of a search get it handed back.
        int total;
        var capped = false;
        if (!hasNext && (ids.Count > 0 || number == 1))
        {
            total = offset + ids.Count;
        }
        else if (knownTotal is { } known)
        {
            (total, capped) = (known, knownCapped);
        }
        else
        {
            (total, capped) = countedFirst ?? await CountAsync(filtered, cap, ct);
        }

        return new Page<StaffRequestRow>(items, total, number, pageSize) { TotalCapped = capped, HasNext = hasNext };
    }

    /// <summary>
    /// The rows up to the page's last (<paramref name="rows"/>) of a date range in another order than the date's may be read by
    /// walking the order's index on SQLite (decision 0234), where SQLite itself seeks the range and sorts every entry of it:
    /// a « statut » or « fournisseur » order (their groups spread the requests' dates, so the walk meets the range early in each),
    /// not the numéro's (numbers are given in the order of deposit: its walk would skip every request on one side of the
    /// range), and within the first <see cref="WalkedRows"/> rows (deeper, a walk may read about as much as the sort: with
    /// 10,001 matches among a million, 100 entries per row). PostgreSQL chooses by its statistics.
    /// </summary>
    internal static bool WalksTheOrderPastTheDates(SegurDbContext db, StaffRequestFilter filter, int rows) =>
        (filter.Du is not null || filter.Au is not null)
        && filter.Sort.Column is RequestSortColumn.Statut or RequestSortColumn.Denomination
        && rows <= WalkedRows
        && db.Database.IsSqlite();

    /// <summary>How deep a broad date range is read by walking its order's index (<see cref="WalksTheOrderPastTheDates"/>): 50 pages of 20.</summary>
    internal const int WalkedRows = 1_000;

    /// <summary>At most cap + 1 index entries walked: a broad search over a million requests costs what 10,001 cost.</summary>
    private static async Task<(int Total, bool Capped)> CountAsync(IQueryable<FinancingRequest> filtered, int cap, CancellationToken ct)
    {
        var counted = await filtered.Take(cap + 1).CountAsync(ct);
        return counted > cap ? (cap, true) : (counted, false);
    }

    /// <summary>Every row of the search (all pages), as the CSV export writes them: the same filters and order as the screen.</summary>
    public async IAsyncEnumerable<RequestExportRow> ExportAsync(StaffRequestFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var denominations = await DenominationSearch.NamesAsync(db, filter.LoweredFournisseur(), ct);
        var sorted = (await VisibleAsync(db, ct, bySiret: filter.SeeksSiret())).Filtered(db, filter, denominations).Sorted(filter.Sort, db.DecimalsAsText());
        await foreach (var row in RequestExport.Rows(db, sorted).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return row;
        }
    }

    /// <summary>Numbers for the search box's autocomplete (from 3 characters), among the requests staff see.</summary>
    public async Task<IReadOnlyList<string>> SuggestAsync(string start, CancellationToken ct = default)
    {
        start = start.Trim();
        if (start.Length < 3)
        {
            return [];
        }

        await using var db = database.CreateContext();
        return await (await VisibleAsync(db, ct))
            .Where(r => r.NumeroAsp.StartsWith(start) || r.NumeroEditeur.StartsWith(start))
            .OrderBy(r => r.NumeroAsp)
            .Select(r => r.NumeroAsp)
            .Take(20)
            .ToListAsync(ct);
    }

    /// <summary>Whether staff may see the request at all (exists, not deleted, not in a state hidden from them).</summary>
    public async Task<bool> IsVisibleAsync(string numeroAsp, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await (await VisibleAsync(db, ct)).AnyAsync(r => r.NumeroAsp == numeroAsp, ct);
    }

    /// <summary>The journal of the request's lifecycle and of its payment's, its documents; null when staff may not see it.</summary>
    public async Task<StaffRequestFacts?> FactsAsync(string numeroAsp, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var request = await (await VisibleAsync(db, ct)).Where(r => r.NumeroAsp == numeroAsp)
            .Select(r => new { r.Id, r.SupplierId }).SingleOrDefaultAsync(ct);
        if (request is null)
        {
            return null;
        }

        var subjectId = request.Id.ToString();
        var paymentId = await db.Payments.AsNoTracking().Where(p => p.RequestId == request.Id)
            .OrderByDescending(p => p.DateValidation).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
        var paymentSubjectId = paymentId?.ToString();
        var subjects = paymentSubjectId is null ? [subjectId] : new[] { subjectId, paymentSubjectId };
        var entries = await (
                from j in db.WorkflowJournal.AsNoTracking()
                join i in db.WorkflowInstances on j.InstanceId equals i.Id
                where subjects.Contains(i.SubjectId) && (i.SubjectType == SubjectTypes.FinancingRequest || i.SubjectType == SubjectTypes.Payment)
                join u in db.Users on j.ActorId equals u.UserName into us
                from u in us.DefaultIfEmpty()
                orderby j.At, j.Id
                select new { j.At, j.ActorId, Name = u != null ? u.DisplayName : null, j.Trigger, j.FromState, j.ToState, j.Details, i.DefinitionId, i.DefinitionVersion })
            .ToListAsync(ct);
        var journal = new List<JournalLine>(entries.Count);
        foreach (var e in entries)
        {
            var definition = await catalog.GetAsync(e.DefinitionId, e.DefinitionVersion, ct);
            var transition = definition.Model.Transitions.FirstOrDefault(t => t.Trigger == e.Trigger && (e.FromState is null || t.From == e.FromState));
            journal.Add(new JournalLine(
                e.At, e.ActorId, ActorName(e.ActorId, e.Name), definition.Model.Name, e.Trigger,
                e.Trigger == Engine.Runtime.WorkflowRuntime.StartTrigger ? "Démarrage" : transition?.Label ?? e.Trigger,
                e.FromState is null ? null : Label(definition, e.FromState), Label(definition, e.ToState), Values(e.Details, transition)));
        }

        var documents = await db.RequestDocuments.AsNoTracking()
            .Where(d => d.RequestId == request.Id)
            .OrderBy(d => d.UploadedAt).ThenBy(d => d.FileName)
            .Select(d => new StaffDocument(d.Id, d.FileName, d.ContentType, d.Size, d.TypeFichier, d.UploadedAt))
            .ToListAsync(ct);
        return new StaffRequestFacts(request.Id, request.SupplierId, subjectId, paymentSubjectId, journal, documents);
    }

    /// <summary>A document of a request staff may see (for viewing or download), or null.</summary>
    public async Task<RequestDocument?> DocumentAsync(Guid documentId, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var visible = await VisibleAsync(db, ct);
        return await db.RequestDocuments.AsNoTracking()
            .Where(d => d.Id == documentId && visible.Any(r => r.Id == d.RequestId))
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>The statuses staff can search by (the labels of the visible states), the payment states and the software types (of the enrolments).</summary>
    public async Task<(IReadOnlyList<string> Statuts, IReadOnlyList<string> EtatsPaiement, IReadOnlyList<string> TypesLogiciel)> OptionsAsync(CancellationToken ct = default)
    {
        var hidden = await visibility.HiddenStatesAsync(RequestDefinitionId, ct);
        var requests = await catalog.GetLatestPublishedModelAsync(RequestDefinitionId, ct);
        var payments = await catalog.GetLatestPublishedModelAsync(PaymentDefinitionId, ct);
        await using var db = database.CreateContext();
        // A request's software type is its enrolment's (an import needs a validated enrolment): the enrolments (a few thousand)
        // tell the types, where the requests (millions) would be read whole.
        var types = await db.Enrolments.AsNoTracking().Select(e => e.TypeLogiciel).Distinct().OrderBy(t => t).ToListAsync(ct);
        return (
            [.. requests.Model.States.Where(s => !hidden.Contains(s.Code)).Select(s => s.Label).Append("Historisée").Distinct()],
            [.. payments.Model.States.Select(s => s.Label)],
            types);
    }

    /// <param name="numeroCandidates">The trigram index's candidates for the numéro filter: the rows to start from (decision 0252).</param>
    /// <param name="bySiret">The SIRET filter seeks its index: on SQLite, the root says so (<see cref="StaffIndexes.BySiret"/>).</param>
    /// <param name="orderIndex">On SQLite, the index the page must walk (<see cref="StaffIndexes.IndexedBy"/>).</param>
    private async Task<IQueryable<FinancingRequest>> VisibleAsync(
        SegurDbContext db, CancellationToken ct, IReadOnlyList<long>? numeroCandidates = null, bool bySiret = false, string? orderIndex = null)
    {
        var hidden = await visibility.HiddenStatesAsync(RequestDefinitionId, ct);
        var root = numeroCandidates is not null ? RequestNumberSearch.Rows(db, numeroCandidates)
            : bySiret && db.Database.IsSqlite() ? StaffIndexes.BySiret(db)
            : orderIndex is not null && db.Database.IsSqlite() ? StaffIndexes.IndexedBy(db, orderIndex)
            : db.FinancingRequests;
        return root.AsNoTracking().Where(r => r.DeletedAt == null && !hidden.Contains(r.Status));
    }

    private static string ActorName(string actorId, string? name) =>
        actorId == Engine.Runtime.Actor.System.Id ? "Système (minuterie)" : name is { Length: > 0 } ? $"{name} ({actorId})" : actorId;

    private static string Label(CompiledDefinition definition, string state) => definition.HasState(state) ? definition.State(state).Label : state;

    /// <summary>The values typed with the action (motive, document asked, amount...), labelled as the form showed them.</summary>
    private static IReadOnlyList<(string Label, string Value)> Values(string? details, TransitionDefinition? transition)
    {
        if (details is null)
        {
            return [];
        }

        using var document = JsonDocument.Parse(details);
        if (!document.RootElement.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        return [.. input.EnumerateObject().Select(p => (
            transition?.Fields.FirstOrDefault(f => f.Name == p.Name)?.Label ?? p.Name,
            p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.GetRawText()))];
    }
}
