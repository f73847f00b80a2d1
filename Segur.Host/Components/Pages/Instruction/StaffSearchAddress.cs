using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Segur.Host.Components.Pages.Requests;
using Segur.Workflows.Financing;
using Segur.Workflows.Instruction;

namespace Segur.Host.Components.Pages.Instruction;

/// <summary>
/// The instruction search as an address (<c>/instruction?fournisseur=Cabinet&amp;statut=En%20cours&amp;du=2026-11-01&amp;au=2026-11-30&amp;tri=dateDepot</c>):
/// the screen reads its filters, order and page from it, and its CSV export (<c>/exports/instruction.csv</c>) the same
/// query, read by the same <see cref="Parse"/>, so the file holds exactly the rows the screen shows, every page.
/// </summary>
public static class StaffSearchAddress
{
    public const string PagePath = "/instruction";
    public const string ExportPath = "/exports/instruction.csv";

    /// <summary>The filter (with its order) and the page number of a query string.</summary>
    public static (StaffRequestFilter Filter, int Page) Parse(IReadOnlyDictionary<string, StringValues> query)
    {
        string? One(string name) => query.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrWhiteSpace(values[^1]) ? values[^1]!.Trim() : null;
        string[] Many(string name) => query.TryGetValue(name, out var values) ? [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!)] : [];

        var filter = new StaffRequestFilter
        {
            Numero = One("numero"), Fournisseur = One("fournisseur"), Siret = One("siret"), Type = One("type"), Statuts = Many("statut"),
            EtatPaiement = One("paiement"), TypesLogiciel = Many("typelogiciel"), Du = Day(One("du")), Au = Day(One("au")),
            Sort = RequestSort.Parse(One("tri"), One("ordre")),
        };
        var page = int.TryParse(One("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : 1;
        return (filter, page);
    }

    /// <summary>The filter, order and page of an address such as <see cref="Microsoft.AspNetCore.Components.NavigationManager.Uri"/>.</summary>
    public static (StaffRequestFilter Filter, int Page) Parse(string uri)
    {
        var mark = uri.IndexOf('?', StringComparison.Ordinal);
        var query = mark < 0 ? "" : uri[mark..];
        var hash = query.IndexOf('#', StringComparison.Ordinal);
        return Parse(QueryHelpers.ParseQuery(hash < 0 ? query : query[..hash]));
    }

    /// <summary>The screen's address for this filter, order and page.</summary>
    public static string Page(StaffRequestFilter filter, int page) => PagePath + Query(filter, page);

    /// <summary>The CSV export of every page of this search.</summary>
    public static string Export(StaffRequestFilter filter) => ExportPath + Query(filter, 1);

    private static string Query(StaffRequestFilter filter, int page)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                pairs.Add(new(name, value.Trim()));
            }
        }

        Add("numero", filter.Numero);
        Add("fournisseur", filter.Fournisseur);
        Add("siret", filter.Siret);
        Add("type", filter.Type);
        foreach (var statut in filter.Statuts)
        {
            Add("statut", statut);
        }

        Add("paiement", filter.EtatPaiement);
        foreach (var type in filter.TypesLogiciel)
        {
            Add("typelogiciel", type);
        }

        Add("du", filter.Du?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("au", filter.Au?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (filter.Sort != RequestSort.Default)
        {
            Add("tri", RequestFilterForm.SortName(filter.Sort.Column));
            Add("ordre", filter.Sort.Descending ? "desc" : "asc");
        }

        if (page > 1)
        {
            Add("page", page.ToString(CultureInfo.InvariantCulture));
        }

        return pairs.Count == 0 ? "" : QueryString.Create(pairs).Value!;
    }

    private static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
