namespace Segur.Workflows.Suppliers;

/// <summary>
/// A SIRET (INSEE): 14 digits whose Luhn key holds, except La Poste's establishments (SIREN 356000000), whose digits add up
/// to a multiple of 5. The answer says in French what is wrong.
/// </summary>
public static class SiretNumbers
{
    private const string LaPoste = "356000000";

    /// <summary>Null when the SIRET is valid; otherwise what is wrong with it.</summary>
    public static string? Problem(string? siret)
    {
        var value = (siret ?? "").Replace(" ", "", StringComparison.Ordinal);
        if (value.Length == 0)
        {
            return "SIRET : obligatoire.";
        }

        if (value.Length != 14 || !value.All(char.IsAsciiDigit))
        {
            return $"SIRET : 14 chiffres sont attendus (vous en avez saisi {value.Count(char.IsAsciiDigit)}{(value.All(char.IsAsciiDigit) ? "" : ", avec d'autres caractères")}).";
        }

        var valid = value.StartsWith(LaPoste, StringComparison.Ordinal) ? value.Sum(c => c - '0') % 5 == 0 : LuhnSum(value) % 10 == 0;
        return valid ? null : "SIRET : la clé de contrôle ne correspond pas (vérifiez chaque chiffre sur l'avis de situation INSEE).";
    }

    private static int LuhnSum(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }

            sum += d;
        }

        return sum;
    }
}
