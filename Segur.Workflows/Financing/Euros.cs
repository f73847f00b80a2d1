using System.Globalization;

namespace Segur.Workflows.Financing;

/// <summary>
/// Amounts as French readers write them, "1 234,56 €", with no-break spaces (U+00A0) that every PDF font encoding and
/// e-mail client knows (the culture's own U+202F is missing from WinAnsi); the same text in messages and documents.
/// </summary>
public static class Euros
{
    private static readonly NumberFormatInfo s_format = new()
    {
        NumberDecimalSeparator = ",",
        NumberGroupSeparator = "\u00A0",
        NumberGroupSizes = [3],
        NegativeSign = "-",
    };

    public static string Format(decimal amount) => amount.ToString("N2", s_format) + "\u00A0€";

    /// <summary>Whole cents, as the budget ledger counts them.</summary>
    public static long ToCents(decimal amount) => (long)Math.Round(amount * 100, MidpointRounding.AwayFromZero);

    public static decimal FromCents(long cents) => cents / 100m;
}
