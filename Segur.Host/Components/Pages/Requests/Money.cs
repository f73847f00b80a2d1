using System.Globalization;

namespace Segur.Host.Components.Pages.Requests;

/// <summary>Amounts and dates as French users read them: "1 234,56 €", "15/09/2026".</summary>
public static class Money
{
    public static string Euros(decimal amount) => amount.ToString("N2", ParisTime.French) + " €";

    /// <summary>An amount that exists only after instruction: a dash until then.</summary>
    public static string Euros(decimal? amount) => amount is { } value ? Euros(value) : "—";

    public static string Date(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>A UTC instant of the database, as a Paris date.</summary>
    public static string Date(DateTime utc) =>
        ParisTime.ToParis(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    public static string DateAndTime(DateTime utc) => ParisTime.DateAndTime(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    public static string Percent(decimal value) => value.ToString("0.##", ParisTime.French) + " %";

    public static string TypeLabel(string type) => type switch
    {
        "avance" => "Avance",
        "solde" => "Solde",
        _ => type,
    };
}
