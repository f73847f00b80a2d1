using System.Numerics;

namespace Segur.Workflows.AccountChanges;

/// <summary>
/// IBAN (ISO 13616: the country's length, then the key modulo 97) and BIC (ISO 9362: 4 letters for the bank, 2 for the
/// country, 2 letters or digits for the place, optionally 3 for the branch). Each check answers in French, naming the field.
/// </summary>
public static class BankIdentifiers
{
    /// <summary>IBAN lengths of the SEPA countries (registry of SWIFT, the IBAN registrar).</summary>
    public static readonly IReadOnlyDictionary<string, int> IbanLengths = new Dictionary<string, int>
    {
        ["AD"] = 24, ["AT"] = 20, ["BE"] = 16, ["BG"] = 22, ["CH"] = 21, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22, ["DK"] = 18,
        ["EE"] = 20, ["ES"] = 24, ["FI"] = 18, ["FR"] = 27, ["GB"] = 22, ["GI"] = 23, ["GR"] = 27, ["HR"] = 21, ["HU"] = 28,
        ["IE"] = 22, ["IS"] = 26, ["IT"] = 27, ["LI"] = 21, ["LT"] = 20, ["LU"] = 20, ["LV"] = 21, ["MC"] = 27, ["MT"] = 31,
        ["NL"] = 18, ["NO"] = 15, ["PL"] = 28, ["PT"] = 25, ["RO"] = 24, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27,
        ["VA"] = 22,
    };

    /// <summary>Without spaces, in capitals: the form stored and checked.</summary>
    public static string Compact(string? value) => string.Concat((value ?? "").Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();

    /// <summary>Null when the IBAN is valid; otherwise what is wrong with it.</summary>
    public static string? IbanProblem(string? iban)
    {
        var value = Compact(iban);
        if (value.Length == 0)
        {
            return "IBAN : obligatoire.";
        }

        if (value.Length < 4 || !value.All(char.IsAsciiLetterOrDigit) || !char.IsAsciiLetterUpper(value[0]) || !char.IsAsciiLetterUpper(value[1])
            || !char.IsAsciiDigit(value[2]) || !char.IsAsciiDigit(value[3]))
        {
            return "IBAN : il commence par le code du pays (2 lettres) et la clé (2 chiffres), suivis de lettres et de chiffres seulement.";
        }

        var country = value[..2];
        if (!IbanLengths.TryGetValue(country, out var length))
        {
            return $"IBAN : le pays « {country} » n'est pas un pays de la zone SEPA.";
        }

        if (value.Length != length)
        {
            return $"IBAN : un IBAN {country} compte {length} caractères, celui-ci en compte {value.Length}.";
        }

        var digits = string.Concat((value[4..] + value[..4]).Select(c => char.IsAsciiDigit(c) ? c.ToString() : (c - 'A' + 10).ToString()));
        return BigInteger.Parse(digits) % 97 == 1 ? null : "IBAN : la clé de contrôle ne correspond pas (vérifiez chaque caractère).";
    }

    /// <summary>Null when the BIC is well formed; otherwise what is wrong with it.</summary>
    public static string? BicProblem(string? bic)
    {
        var value = Compact(bic);
        if (value.Length == 0)
        {
            return "BIC : obligatoire.";
        }

        var wellFormed = value.Length is 8 or 11
            && value[..6].All(char.IsAsciiLetterUpper)
            && value[6..].All(char.IsAsciiLetterOrDigit);
        return wellFormed ? null : "BIC : 8 ou 11 caractères sont attendus, 6 lettres (banque et pays) puis des lettres ou des chiffres, par exemple AGRIFRPP ou AGRIFRPPXXX.";
    }

    /// <summary>"FR76 3000 6000 0112 3456 7890 189" → "•••• •••• •••• •••• •••• •••0 189": only the last four characters readable.</summary>
    public static string Mask(string iban)
    {
        var compact = Compact(iban);
        if (compact.Length <= 4)
        {
            return compact;
        }

        var masked = new string('•', compact.Length - 4) + compact[^4..];
        return string.Join(' ', masked.Chunk(4).Select(c => new string(c)));
    }

    public static string End(string iban)
    {
        var compact = Compact(iban);
        return compact.Length > 4 ? compact[^4..] : compact;
    }

    /// <summary>Grouped by four, as printed on a RIB (the staff's validation screen only).</summary>
    public static string Grouped(string iban) => string.Join(' ', Compact(iban).Chunk(4).Select(c => new string(c)));
}
