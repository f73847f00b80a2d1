namespace Segur.Workflows.Engine.Runtime;

/// <summary>Who fires a trigger: a user with roles (and the supplier company for a Fournisseur), or the engine itself.</summary>
public sealed record Actor(string Id, IReadOnlyList<string> Roles, string? SupplierId = null)
{
    public const string SystemRole = "Systeme";

    public static readonly Actor System = new("systeme", [SystemRole]);

    public bool IsInRole(string role) => Roles.Contains(role);

    internal object ToData() => new Dictionary<string, object?>
    {
        ["id"] = Id,
        ["roles"] = Roles,
        ["supplierId"] = SupplierId,
    };
}
