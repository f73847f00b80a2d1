namespace Segur.Workflows.Engine.Definitions;

/// <summary>
/// Rules a definition must declare because code outside it reads them (e.g. the import reads the "financing-request"
/// definition's order delay, the pages its expiry delay). Keyed by definition id, since that is the definition the code
/// reads (another definition of the same subject type, such as a test's, is not read). Registered by the domain; the
/// validator refuses a definition that lacks one, naming the rule and who needs it.
/// </summary>
public sealed record RequiredRules(string DefinitionId, IReadOnlyList<RequiredRule> Rules);

/// <param name="Name">The rule's name under <c>rules</c>.</param>
/// <param name="Kind">What its value must be.</param>
/// <param name="NeededBy">Who reads it, in French, for the problem's message (e.g. "l'import (contrôle de la date de commande)").</param>
public sealed record RequiredRule(string Name, RuleKind Kind, string NeededBy);

public enum RuleKind
{
    Number,

    /// <summary>An ISO-8601 duration such as "P7D".</summary>
    Duration,

    Table,
}
