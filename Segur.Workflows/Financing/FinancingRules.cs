using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Imports;

namespace Segur.Workflows.Financing;

/// <summary>
/// What pages and checks read from the published "financing-request" definition rather than from code, so an analyst's
/// change shows everywhere: the expiry delay of incomplete requests, the order delay before referencing, which states take
/// documents and which staff may not see. The rules named here are required of every financing definition
/// (<see cref="Required"/>): the validator refuses one that lacks them.
/// </summary>
public sealed class FinancingRules(DefinitionCatalog catalog)
{
    public const string ExpiryRule = "delaiExpirationIncomplete";
    public const string OrderDelayRule = "delaiMaxCommandeAvantReferencementJours";
    public const string StaffRole = "Gestionnaire";

    public static RequiredRules Required { get; } = new(FinancingStates.DefinitionId,
    [
        new RequiredRule(ExpiryRule, RuleKind.Duration, "le portail (délai affiché avant la suppression d'une demande non complétée)"),
        new RequiredRule(OrderDelayRule, RuleKind.Number, "l'import (contrôle de la date de commande par rapport au référencement)"),
    ]);

    /// <summary>
    /// The latest published version's rules and states, as pages show them: read from its JSON, not compiled (decision 0214),
    /// so that the first page after a start does not compile the financing definition (Jint, Fluid, the schema).
    /// </summary>
    public async Task<FinancingRuleSet> CurrentAsync(CancellationToken ct = default) =>
        From(await catalog.GetLatestPublishedModelAsync(FinancingStates.DefinitionId, ct));

    /// <summary>The rules of one version (a request runs on the version it started on).</summary>
    public async Task<FinancingRuleSet> OfVersionAsync(int version, CancellationToken ct = default) =>
        From(await catalog.GetModelAsync(FinancingStates.DefinitionId, version, ct));

    public static FinancingRuleSet From(PublishedModel definition)
    {
        var rules = definition.Model.Rules;
        var expiry = rules.TryGetValue(ExpiryRule, out var e) && Durations.TryParse(e.GetString(), out var d) ? d : TimeSpan.Zero;
        var days = rules.TryGetValue(OrderDelayRule, out var n) && n.TryGetInt32(out var v) ? v : 0;
        var states = definition.Model.States;
        return new FinancingRuleSet(
            expiry,
            Durations.ToFrench(expiry),
            days,
            states.Where(s => s.Documents is not null).ToDictionary(s => s.Code, s => s.Documents!),
            [.. states.Where(s => !s.IsVisibleTo(StaffRole)).Select(s => s.Code)],
            states.ToDictionary(s => s.Code, s => s.Label),
            ImportRules.From(definition.Rules));
    }
}

/// <param name="ExpiryDelay">How long an incomplete request lives.</param>
/// <param name="ExpiryText">The same as users read it ("7 jours").</param>
/// <param name="MaxDaysBeforeReferencing">How many days an order may precede the software's referencing.</param>
/// <param name="DocumentStates">States in which the supplier may add documents, with what that fires.</param>
/// <param name="HiddenFromStaff">States staff never see (e.g. "Non complétée").</param>
/// <param name="Labels">Every state's label by code.</param>
/// <param name="Import">The rules an import line (or its correction) is checked with.</param>
public sealed record FinancingRuleSet(
    TimeSpan ExpiryDelay,
    string ExpiryText,
    int MaxDaysBeforeReferencing,
    IReadOnlyDictionary<string, StateDocuments> DocumentStates,
    IReadOnlyList<string> HiddenFromStaff,
    IReadOnlyDictionary<string, string> Labels,
    ImportRules Import)
{
    public bool AcceptsDocuments(string state) => DocumentStates.ContainsKey(state);

    /// <summary>The supplier's trigger once documents are stored in <paramref name="state"/>; null when none fires.</summary>
    public string? TriggerAfterDocuments(string state, bool complete) =>
        DocumentStates.TryGetValue(state, out var documents) && documents.Trigger is { } trigger && (complete || !documents.WhenComplete)
            ? trigger
            : null;

    /// <summary>Labels of the states that take documents ("Non complétée, En attente de pièce jointe complémentaire ou À modifier").</summary>
    public string DocumentStatesText()
    {
        var labels = DocumentStates.Keys.Select(k => Labels.GetValueOrDefault(k, k).ToLowerInvariant()).ToList();
        return labels.Count <= 1 ? string.Concat(labels) : string.Join(", ", labels[..^1]) + " ou " + labels[^1];
    }
}
