using System.Globalization;
using Microsoft.AspNetCore.Components;
using Segur.Workflows.Financing;

namespace Segur.Host.Components.Pages.Requests;

/// <summary>
/// The requests table's filters as the form edits them. Applying them writes them to the address
/// (<c>/demandes?statut=En%20cours&amp;numero=ASP26...&amp;tri=montantDeclare&amp;ordre=asc</c>): a filtered, sorted list can be
/// bookmarked, shared and reloaded.
/// </summary>
public sealed class RequestFilterForm
{
    public string? Numero { get; set; }

    public string? Type { get; set; }

    public IReadOnlyCollection<string> Statuts { get; set; } = [];

    public string? Paiement { get; set; }

    /// <summary>ANS numbers.</summary>
    public IReadOnlyCollection<string> Logiciels { get; set; } = [];

    /// <summary>Software types (the "Logiciel" column).</summary>
    public IReadOnlyCollection<string> TypesLogiciel { get; set; } = [];

    /// <summary>"oui", "non" or null (all).</summary>
    public string? Historisee { get; set; }

    public DateTime? Du { get; set; }

    public DateTime? Au { get; set; }

    public static RequestFilterForm From(RequestFilter filter) => new()
    {
        Numero = filter.Numero,
        Type = filter.Type,
        Statuts = [.. filter.Statuts],
        Paiement = filter.EtatPaiement,
        Logiciels = [.. filter.NumerosAns],
        TypesLogiciel = [.. filter.TypesLogiciel],
        Historisee = HistoriseeText(filter.Historisee),
        Du = filter.Du?.ToDateTime(TimeOnly.MinValue),
        Au = filter.Au?.ToDateTime(TimeOnly.MinValue),
    };

    public RequestFilter ToFilter() => new()
    {
        Numero = Numero?.Trim(), Type = Type, Statuts = [.. Statuts], EtatPaiement = Paiement, NumerosAns = [.. Logiciels],
        TypesLogiciel = [.. TypesLogiciel], Historisee = ParseHistorisee(Historisee),
        Du = Du is { } du ? DateOnly.FromDateTime(du) : null, Au = Au is { } au ? DateOnly.FromDateTime(au) : null,
    };

    public static bool? ParseHistorisee(string? text) => text switch { "oui" => true, "non" => false, _ => null };

    public static string? HistoriseeText(bool? value) => value switch { true => "oui", false => "non", null => null };

    public string ToQuery(NavigationManager navigation, int page, RequestSort sort) => navigation.GetUriWithQueryParameters("/demandes", new Dictionary<string, object?>
    {
        ["numero"] = string.IsNullOrWhiteSpace(Numero) ? null : Numero.Trim(),
        ["type"] = string.IsNullOrEmpty(Type) ? null : Type,
        ["statut"] = Statuts.Count > 0 ? Statuts.ToArray() : null,
        ["paiement"] = string.IsNullOrEmpty(Paiement) ? null : Paiement,
        ["logiciel"] = Logiciels.Count > 0 ? Logiciels.ToArray() : null,
        ["typelogiciel"] = TypesLogiciel.Count > 0 ? TypesLogiciel.ToArray() : null,
        ["historisee"] = Historisee,
        ["du"] = Du?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["au"] = Au?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["tri"] = sort == RequestSort.Default ? null : SortName(sort.Column),
        ["ordre"] = sort == RequestSort.Default ? null : sort.Descending ? "desc" : "asc",
        ["page"] = page > 1 ? page : null,
    });

    /// <summary>The column's name in the address and the API (<c>montantDeclare</c>).</summary>
    public static string SortName(RequestSortColumn column) => JsonNamingPolicyCamel(column.ToString());

    private static string JsonNamingPolicyCamel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
