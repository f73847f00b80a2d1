using System.Globalization;
using System.Text.Json;

namespace Segur.Workflows.Budget;

/// <summary>
/// One budget envelope of the definition's rule <c>enveloppesBudgetaires</c>: the amount the programme may decide for a
/// couloir (optionally one software type) over a period. Without <see cref="Couloir"/> it covers every couloir; without
/// <see cref="Au"/> it stays open.
/// </summary>
public sealed record EnvelopeRule(string Code, string Libelle, string? Couloir, string? TypeLogiciel, DateOnly Du, DateOnly? Au, decimal Montant)
{
    public const string RuleName = "enveloppesBudgetaires";

    public bool Covers(string couloir, string typeLogiciel, DateOnly day) =>
        (Couloir is null || Couloir == couloir)
        && (TypeLogiciel is null || TypeLogiciel == typeLogiciel)
        && day >= Du && (Au is null || day <= Au);

    /// <summary>"du 01/01/2026 au 31/12/2026", "à partir du 01/01/2027".</summary>
    public string PeriodLabel => Au is { } au
        ? $"du {Du.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)} au {au.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}"
        : $"à partir du {Du.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}";

    /// <summary>The envelopes of compiled rules (as <see cref="Engine.Definitions.PlainData"/> made them); none when the rule is absent.</summary>
    public static IReadOnlyList<EnvelopeRule> From(IReadOnlyDictionary<string, object?> rules)
    {
        if (rules.GetValueOrDefault(RuleName) is not IEnumerable<object?> items)
        {
            return [];
        }

        return items.OfType<IReadOnlyDictionary<string, object?>>().Select(item => new EnvelopeRule(
            (string)item["code"]!,
            (string)item["libelle"]!,
            item.GetValueOrDefault("couloir") as string,
            item.GetValueOrDefault("typeLogiciel") as string,
            DateOnly.ParseExact((string)item["du"]!, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            item.GetValueOrDefault("au") is string au ? DateOnly.ParseExact(au, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            (decimal)item["montant"]!)).ToList();
    }

    /// <summary>The one envelope a request draws on at <paramref name="day"/>, or null (the definition's check keeps them from overlapping).</summary>
    public static EnvelopeRule? Find(IReadOnlyList<EnvelopeRule> envelopes, string couloir, string typeLogiciel, DateOnly day) =>
        envelopes.FirstOrDefault(e => e.Covers(couloir, typeLogiciel, day));

    /// <summary>
    /// The checks of meaning the schema cannot make on the rule (its shape is the schema's): real dates, a period that
    /// ends after it starts, unique codes, and no two envelopes that could both cover one request on one day.
    /// </summary>
    public static IEnumerable<(string Path, string Message)> Check(IReadOnlyDictionary<string, JsonElement> rules)
    {
        if (!rules.TryGetValue(RuleName, out var rule) || rule.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        var read = new List<(int Index, EnvelopeRule Envelope)>();
        var index = 0;
        foreach (var item in rule.EnumerateArray())
        {
            var path = $"$.rules.{RuleName}[{index}]";
            var du = Date(item, "du");
            var au = Date(item, "au");
            if (du is null)
            {
                yield return (path + ".du", "la date de début doit être une date réelle au format aaaa-mm-jj");
            }

            if (item.TryGetProperty("au", out _) && au is null)
            {
                yield return (path + ".au", "la date de fin doit être une date réelle au format aaaa-mm-jj");
            }

            if (du is { } start && au is { } end && end < start)
            {
                yield return (path + ".au", $"la période finit ({end:dd/MM/yyyy}) avant de commencer ({start:dd/MM/yyyy})");
            }

            if (du is { } from && item.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
                && item.TryGetProperty("montant", out var montant) && montant.ValueKind == JsonValueKind.Number)
            {
                read.Add((index, new EnvelopeRule(
                    code.GetString()!, Text(item, "libelle") ?? "", Text(item, "couloir"), Text(item, "typeLogiciel"), from, au, montant.GetDecimal())));
            }

            index++;
        }

        for (var i = 0; i < read.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var (a, b) = (read[i].Envelope, read[j].Envelope);
                var path = $"$.rules.{RuleName}[{read[i].Index}]";
                if (a.Code == b.Code)
                {
                    yield return (path + ".code", $"le code « {a.Code} » est déjà celui de l'enveloppe n° {read[j].Index + 1}");
                }
                else if (Overlap(a, b))
                {
                    yield return (path, $"l'enveloppe « {a.Code} » couvre les mêmes demandes que « {b.Code} » sur une partie de sa période : " +
                        "une demande ne doit relever que d'une seule enveloppe (séparez les périodes, les couloirs ou les types de logiciel)");
                }
            }
        }
    }

    private static bool Overlap(EnvelopeRule a, EnvelopeRule b) =>
        (a.Couloir is null || b.Couloir is null || a.Couloir == b.Couloir)
        && (a.TypeLogiciel is null || b.TypeLogiciel is null || a.TypeLogiciel == b.TypeLogiciel)
        && (a.Au is null || a.Au >= b.Du) && (b.Au is null || b.Au >= a.Du);

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateOnly? Date(JsonElement item, string name) =>
        Text(item, name) is { } text && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
}
