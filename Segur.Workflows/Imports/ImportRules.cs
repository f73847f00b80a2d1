namespace Segur.Workflows.Imports;

/// <summary>
/// The import's rules read from the financing definition: the order delay before referencing, and the limits that
/// analysts may tighten (the schema's limits, maxItems and x-tailleMaxOctets, are the hard ceiling above them).
/// </summary>
public sealed record ImportRules(int MaxBeneficiariesPerLine, int MaxDaysBeforeReferencing)
{
    public const string MaxBeneficiariesRule = "beneficiairesMaxParDemande";
    public const string OrderDelayRule = "delaiMaxCommandeAvantReferencementJours";

    /// <summary>The schema's ceiling and the seed's 120 days, used when the definition sets nothing.</summary>
    public static readonly ImportRules Default = new(100, 120);

    public static ImportRules From(IReadOnlyDictionary<string, object?> rules) => new(
        rules.GetValueOrDefault(MaxBeneficiariesRule) is decimal max && max >= 1
            ? (int)Math.Min(max, Default.MaxBeneficiariesPerLine)
            : Default.MaxBeneficiariesPerLine,
        rules.GetValueOrDefault(OrderDelayRule) is decimal days && days >= 0 ? (int)days : Default.MaxDaysBeforeReferencing);
}
