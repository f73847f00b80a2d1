using System.Globalization;
using Microsoft.AspNetCore.Components;
using Segur.Workflows.Financing;

namespace Segur.Host.Components.Pages.Requests;

/// <summary>
/// The requests table's filters as the form edits them. Applying them writes them to the address
/// (<c>/demandes?statut=En%20cours&amp;numero=ASP26...</c>): a filtered list can be bookmarked, shared and reloaded.
/// </summary>
public sealed class RequestFilterForm
{
    public string? Numero { get; set; }

    public string? Type { get; set; }

    public IReadOnlyCollection<string> Statuts { get; set; } = [];

    public string? Paiement { get; set; }

    public IReadOnlyCollection<string> Logiciels { get; set; } = [];

    public DateTime? Du { get; set; }

    public DateTime? Au { get; set; }

    public static RequestFilterForm From(RequestFilter filter) => new()
    {
        Numero = filter.Numero,
        Type = filter.Type,
        Statuts = [.. filter.Statuts],
        Paiement = filter.EtatPaiement,
        Logiciels = [.. filter.NumerosAns],
        Du = filter.Du?.ToDateTime(TimeOnly.MinValue),
        Au = filter.Au?.ToDateTime(TimeOnly.MinValue),
    };

    public string ToQuery(NavigationManager navigation, int page) => navigation.GetUriWithQueryParameters("/demandes", new Dictionary<string, object?>
    {
        ["numero"] = string.IsNullOrWhiteSpace(Numero) ? null : Numero.Trim(),
        ["type"] = string.IsNullOrEmpty(Type) ? null : Type,
        ["statut"] = Statuts.Count > 0 ? Statuts.ToArray() : null,
        ["paiement"] = string.IsNullOrEmpty(Paiement) ? null : Paiement,
        ["logiciel"] = Logiciels.Count > 0 ? Logiciels.ToArray() : null,
        ["du"] = Du?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["au"] = Au?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["page"] = page > 1 ? page : null,
    });
}
