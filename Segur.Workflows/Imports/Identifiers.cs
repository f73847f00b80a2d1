namespace Segur.Workflows.Imports;

/// <summary>The beneficiary identifiers of the programme: RPPS (11 digits) and FINESS (9 digits), both with a Luhn key.</summary>
public static class Identifiers
{
    public static bool IsRpps(string? value) => value is { Length: 11 } && value.All(char.IsAsciiDigit) && Luhn(value);

    public static bool IsFiness(string? value) => value is { Length: 9 } && value.All(char.IsAsciiDigit) && Luhn(value);

    public static bool IsSiret(string? value) => value is { Length: 14 } && value.All(char.IsAsciiDigit);

    private static bool Luhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return sum % 10 == 0;
    }
}
