using System.Security.Claims;
using Microsoft.AspNetCore.Components.Routing;
using Segur.Workflows.Accounts;

namespace Segur.Host.Components.Layout;

/// <summary>A menu entry; with <paramref name="Children"/> it is a drop-down whose items are those children.</summary>
public sealed record MenuItem(string Label, string Href, NavLinkMatch Match = NavLinkMatch.Prefix, IReadOnlyList<MenuItem>? Children = null);

/// <summary>The main menu of each profile: the supplier's menus (the seed's seven and Export), the staff's and the analysts' own sets.</summary>
public static class MenuItems
{
    /// <summary>The "Export" drop-down: the requests at once; the beneficiaries after choosing a couloir on /export.</summary>
    public static readonly IReadOnlyList<MenuItem> ExportChoices =
    [
        new("Demandes de financement (CSV)", "/exports/demandes.csv"),
        new("Bénéficiaires d'un couloir (CSV)", "/export#beneficiaires"),
    ];

    // After ExportChoices: static fields are initialised in the order they are written.
    public static readonly IReadOnlyList<MenuItem> Fournisseur =
    [
        new("Accueil", "/accueil", NavLinkMatch.All),
        new("Enrôlements", "/enrolements"),
        new("Imports JSON", "/imports"),
        new("Demandes de financement", "/demandes"),
        new("Export", "/export", Children: ExportChoices),
        new("Modèles de pièces", "/modeles"),
        new("Mon compte", "/compte"),
        new("Aide", "/aide"),
    ];

    private static readonly MenuItem s_home = new("Accueil", "/accueil", NavLinkMatch.All);
    private static readonly MenuItem s_help = new("Aide", "/aide");
    private static readonly MenuItem[] s_staff =
    [
        new("Corbeille de tâches", "/taches"), new("Demandes", "/instruction", NavLinkMatch.All), new("Enrôlements", "/instruction/enrolements"),
        new("Décisions", "/decisions"), new("Paiements", "/paiements"), new("Export", "/export", Children: ExportChoices), new("Actualités", "/actualites"),
    ];
    private static readonly MenuItem s_account = new("Mon compte", "/compte");
    private static readonly MenuItem[] s_analyst = [new("Studio", "/studio")];
    private static readonly MenuItem s_incidents = new("Incidents", "/incidents");

    public static IReadOnlyList<MenuItem> For(ClaimsPrincipal user) => For(user, templatesOpen: true);

    /// <summary>"Modèles de pièces" is for suppliers with a wave-2 enrolment only (<paramref name="templatesOpen"/>).</summary>
    public static IReadOnlyList<MenuItem> For(ClaimsPrincipal user, bool templatesOpen)
    {
        if (user.IsInRole(Roles.Fournisseur))
        {
            return templatesOpen ? Fournisseur : [.. Fournisseur.Where(i => i.Href != "/modeles")];
        }

        var items = new List<MenuItem> { s_home };
        if (user.IsInRole(Roles.Gestionnaire))
        {
            items.AddRange(s_staff);
        }

        if (user.IsInRole(Roles.Analyste))
        {
            items.AddRange(s_analyst);
        }

        if (user.IsInRole(Roles.Gestionnaire) || user.IsInRole(Roles.Analyste))
        {
            items.Add(s_incidents);
        }

        items.Add(s_account);
        items.Add(s_help);
        return items;
    }
}
