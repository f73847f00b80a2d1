namespace Segur.Workflows.Imports;

/// <summary>
/// The import's limits that analysts may tighten in the financing definition's rules; the schema's limits (maxItems,
/// x-tailleMaxOctets) are the hard ceiling above them.
/// </summary>
public sealed record ImportRules(int MaxBeneficiariesPerLine)
{
    public const string MaxBeneficiariesRule = "beneficiairesMaxParDemande";

    /// <summary>The schema's ceiling, used when the definition sets nothing.</summary>
    public static readonly ImportRules Default = new(100);

    public static ImportRules From(IReadOnlyDictionary<string, object?> rules) =>
        rules.GetValueOrDefault(MaxBeneficiariesRule) is decimal max && max >= 1
            ? new ImportRules((int)Math.Min(max, Default.MaxBeneficiariesPerLine))
            : Default;
}
