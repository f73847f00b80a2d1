namespace Segur.Host.Identity;

/// <summary>Authorization policy names, for pages (<c>[Authorize(Policy = ...)]</c>) and endpoint groups.</summary>
public static class Policies
{
    /// <summary>A supplier user (role Fournisseur), signed in with the cookie.</summary>
    public const string Fournisseur = "Fournisseur";

    /// <summary>ASP staff who instruct, decide and pay.</summary>
    public const string Gestionnaire = "Gestionnaire";

    /// <summary>Business analysts (the Studio).</summary>
    public const string Analyste = "Analyste";

    public const string Administrateur = "Administrateur";

    /// <summary>The supplier API: a personal API token (scheme <see cref="ApiTokenAuthentication.Scheme"/>) of a Fournisseur.</summary>
    public const string SupplierApi = "SupplierApi";

    /// <summary>The API calls open to staff tools too (a request, its actions): a personal API token of a Fournisseur or a Gestionnaire.</summary>
    public const string ApiCaller = "ApiCaller";

    /// <summary>Pages a supplier and staff both open (a request's address); each sees its own view.</summary>
    public const string FournisseurOuGestionnaire = "FournisseurOuGestionnaire";
}
