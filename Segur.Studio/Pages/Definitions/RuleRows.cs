using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Segur.Studio.Pages.Definitions;

/// <summary>The type of a column of a rule's rows (an envelope's code, amount, dates).</summary>
public enum ColumnKind
{
    Number,
    Date,
    Text,
}

/// <summary>
/// Adding and removing rows of the rules analysts edit as tables: a key of an amount table (a new software type's
/// ceiling), an item of a list, a key or a code of a table of lists (the documents a request type requires), a row of a
/// table of records (a budget envelope). Each check
/// answers in French what is wrong; nothing is changed when a check fails.
/// </summary>
public static partial class RuleRows
{
    private static readonly string[] s_dates = ["yyyy-MM-dd", "dd/MM/yyyy"];

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex KeyPattern();

    /// <summary>Checks a new key of <paramref name="table"/> and its amount; the error names the field at fault.</summary>
    public static (string? Key, JsonNode? Amount, string? Error) NewEntry(JsonObject table, string? typedKey, string? typedAmount)
    {
        var key = (typedKey ?? "").Trim();
        if (key.Length == 0)
        {
            return (null, null, "Clé : obligatoire (par exemple le type de logiciel, « LGC SF »).");
        }

        if (!KeyPattern().IsMatch(key))
        {
            return (null, null, $"Clé : « {key} » ne doit contenir que des lettres sans accent, des chiffres, « _ » ou « - » (40 au plus).");
        }

        if (table.Any(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)))
        {
            return (null, null, $"Clé : « {key} » existe déjà dans la table ; modifiez sa ligne plutôt que d'en ajouter une seconde.");
        }

        var (amount, error) = RuleValues.Parse(RuleKind.Number, typedAmount);
        return error is null ? (key, amount, null) : (null, null, $"Montant : {error}.");
    }

    /// <summary>Checks a new item of a list of texts.</summary>
    public static (string? Item, string? Error) NewItem(JsonArray list, string? typed)
    {
        var item = (typed ?? "").Trim();
        if (item.Length == 0)
        {
            return (null, "Élément : obligatoire.");
        }

        return list.Any(i => string.Equals(i?.GetValue<string>(), item, StringComparison.OrdinalIgnoreCase))
            ? (null, $"Élément : « {item} » est déjà dans la liste.")
            : (item, null);
    }

    /// <summary>
    /// Checks a new key of a table of lists (a request type of piecesRequises): present, not there yet, and one of
    /// <paramref name="allowed"/> when the definitions' schema lists the keys it accepts.
    /// </summary>
    public static (string? Key, string? Error) NewListKey(JsonObject table, string? typed, IReadOnlyList<string>? allowed)
    {
        var key = (typed ?? "").Trim();
        if (key.Length == 0)
        {
            return (null, allowed is { Count: > 0 } ? $"Clé : obligatoire ({string.Join(" ou ", allowed)})." : "Clé : obligatoire.");
        }

        if (allowed is { Count: > 0 })
        {
            if (allowed.FirstOrDefault(a => string.Equals(a, key, StringComparison.OrdinalIgnoreCase)) is not { } known)
            {
                return (null, $"Clé : « {key} » n'est pas admise (clés admises : {string.Join(", ", allowed)}).");
            }

            key = known;
        }
        else if (!KeyPattern().IsMatch(key))
        {
            return (null, $"Clé : « {key} » ne doit contenir que des lettres sans accent, des chiffres, « _ » ou « - » (40 au plus).");
        }

        return table.ContainsKey(key)
            ? (null, $"Clé : « {key} » existe déjà ; ajoutez ses éléments sur sa ligne.")
            : (key, null);
    }

    /// <summary>
    /// Checks a new code of one list of a table of lists (a document type, e.g. FACTURE): written in capitals, not empty,
    /// matching <paramref name="pattern"/> (the schema's) and not in the list yet.
    /// </summary>
    public static (string? Code, string? Error) NewCode(JsonArray list, string? typed, Regex? pattern)
    {
        var code = (typed ?? "").Trim().ToUpperInvariant();
        if (code.Length == 0)
        {
            return (null, "Code : obligatoire (par exemple « FACTURE »).");
        }

        if (!(pattern ?? CodePattern()).IsMatch(code))
        {
            return (null, $"Code : « {code} » doit commencer par une lettre et ne contenir que des lettres sans accent, des chiffres et « _ ».");
        }

        return list.Any(i => i is JsonValue v && v.TryGetValue<string>(out var existing) && existing == code)
            ? (null, $"Code : « {code} » est déjà dans la liste.")
            : (code, null);
    }

    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,49}$")]
    private static partial Regex CodePattern();

    /// <summary>The columns of a table of records, in the order they first appear, each with its type.</summary>
    public static IReadOnlyList<(string Name, ColumnKind Kind)> Columns(JsonArray rows)
    {
        var names = rows.OfType<JsonObject>().SelectMany(r => r.Select(p => p.Key)).Distinct().ToList();
        return names.Select(n =>
        {
            var values = rows.OfType<JsonObject>().Select(r => r[n]).OfType<JsonValue>().ToList();
            var kind = values.Any(v => v.GetValueKind() == JsonValueKind.Number) ? ColumnKind.Number
                : values.Count > 0 && values.All(v => v.GetValueKind() == JsonValueKind.String && IsDate(v.GetValue<string>())) ? ColumnKind.Date
                : ColumnKind.Text;
            return (n, kind);
        }).ToList();
    }

    /// <summary>A new row for a table of records: the last row's amounts and dates as a start, its texts (code, label) to fill in.</summary>
    public static JsonObject NewRow(JsonArray rows)
    {
        var row = rows.OfType<JsonObject>().LastOrDefault()?.DeepClone() as JsonObject ?? [];
        foreach (var text in row.Where(p => p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String && !IsDate(v.GetValue<string>()))
                     .Select(p => p.Key).ToList())
        {
            row[text] = "";
        }

        return row;
    }

    /// <summary>The JSON value of a cell typed by the analyst (null: the optional field is removed), or a French error.</summary>
    public static (JsonNode? Value, string? Error) Cell(ColumnKind kind, string column, string? typed)
    {
        var text = (typed ?? "").Trim();
        if (text.Length == 0)
        {
            return (null, null);
        }

        switch (kind)
        {
            case ColumnKind.Number:
                var (number, error) = RuleValues.Parse(RuleKind.Number, text);
                return error is null ? (number, null) : (null, $"{column} : {error}.");
            case ColumnKind.Date:
                return DateOnly.TryParseExact(text, s_dates, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? (JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), null)
                    : (null, $"{column} : « {text} » n'est pas une date (jj/mm/aaaa ou aaaa-mm-jj).");
            default:
                return (JsonValue.Create(text), null);
        }
    }

    public static string CellText(JsonNode? value) => value is null ? "" : RuleValues.Text(value);

    private static bool IsDate(string text) =>
        DateOnly.TryParseExact(text, s_dates, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
