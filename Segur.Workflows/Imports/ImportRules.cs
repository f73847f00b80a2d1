namespace Segur.Workflows.Imports;

/// <summary>
/// The import's rules read from the financing definition: the order delay before referencing, the limits that
/// analysts may tighten (the schema's limits, maxItems and x-tailleMaxOctets, are the hard ceiling above them), and the
/// documents (typeFichier) each type of request must declare.
/// </summary>
public sealed record ImportRules(int MaxBeneficiariesPerLine, int MaxDaysBeforeReferencing)
{
    public const string MaxBeneficiariesRule = "beneficiairesMaxParDemande";
    public const string OrderDelayRule = "delaiMaxCommandeAvantReferencementJours";
    public const string RequiredDocumentsRule = "piecesRequises";

    /// <summary>The schema's ceiling and the seed's 120 days, used when the definition sets nothing; no document required.</summary>
    public static readonly ImportRules Default = new(100, 120);

    /// <summary>Per request type ("avance", "solde"), the typeFichier values its line must declare in piecesJustificatives.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> RequiredDocuments { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The typeFichier values a line of <paramref name="requestType"/> must declare (none when the rule does not name the type).</summary>
    public IReadOnlyList<string> RequiredDocumentsOf(string requestType) => RequiredDocuments.GetValueOrDefault(requestType) ?? [];

    public static ImportRules From(IReadOnlyDictionary<string, object?> rules) => new(
        rules.GetValueOrDefault(MaxBeneficiariesRule) is decimal max && max >= 1
            ? (int)Math.Min(max, Default.MaxBeneficiariesPerLine)
            : Default.MaxBeneficiariesPerLine,
        rules.GetValueOrDefault(OrderDelayRule) is decimal days && days >= 0 ? (int)days : Default.MaxDaysBeforeReferencing)
    {
        RequiredDocuments = rules.GetValueOrDefault(RequiredDocumentsRule) is IReadOnlyDictionary<string, object?> byType
            ? byType.ToDictionary(
                t => t.Key,
                t => (IReadOnlyList<string>)[.. (t.Value as IEnumerable<object?> ?? []).OfType<string>().Where(s => s.Length > 0).Distinct(StringComparer.Ordinal)],
                StringComparer.Ordinal)
            : Default.RequiredDocuments,
    };
}
