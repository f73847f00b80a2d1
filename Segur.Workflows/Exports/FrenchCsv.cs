using System.Collections.Frozen;
using System.Globalization;
using CsvHelper;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Exports;

/// <summary>
/// CSV as a French Excel opens it with a double click: ';' between fields, UTF-8 with a byte order mark, decimal comma,
/// dates as dd/MM/yyyy (Paris days), French headers. Text that a spreadsheet would run as a formula is escaped.
/// Records are written as they arrive and flushed asynchronously: nothing is held but the writer's buffer.
/// </summary>
public static class FrenchCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly CultureInfo s_french = CultureInfo.GetCultureInfo("fr-FR");

    private static readonly FrozenDictionary<string, string> s_couloirLabels =
        ExportCouloirs.All.ToFrozenDictionary(c => c.Code, c => c.Label, StringComparer.OrdinalIgnoreCase);

    public static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        Separator = ';',
        WriteByteOrderMark = true,
        FormatProvider = s_french,
        Injection = CsvInjection.Escape,
    };

    public static readonly IReadOnlyList<string> RequestHeaders =
    [
        "Numéro ASP", "Numéro éditeur", "Type", "Statut", "État du paiement", "Logiciel (n° ANS)", "Type de logiciel", "Couloir",
        "SIRET", "Dénomination sociale", "Date de dépôt", "Date de commande", "Régime TVA", "Montant déclaré HT", "Montant facturé HT",
        "Montant retenu HT", "Montant retenu TTC", "Montant décidé", "Avance versée", "Date de validation du versement",
        "Date de mise en paiement", "Montant payé", "Date de paiement",
    ];

    public static async Task WriteRequestsAsync(Stream destination, IAsyncEnumerable<RequestExportRow> rows, CancellationToken ct = default)
    {
        await using var csv = CsvWriter.Create(destination, Options, leaveOpen: true);
        csv.WriteHeader([.. RequestHeaders]);
        var deposits = new ParisDayRun();
        await foreach (var r in rows.WithCancellation(ct))
        {
            csv.WriteField(r.NumeroAsp);
            csv.WriteField(r.NumeroEditeur);
            csv.WriteField(TypeLabel(r.Type));
            csv.WriteField(r.Statut);
            csv.WriteField(r.EtatPaiement);
            csv.WriteField(r.NumeroAns);
            csv.WriteField(r.TypeLogiciel);
            csv.WriteField(CouloirLabel(r.Couloir));
            csv.WriteField(r.Siret);
            csv.WriteField(r.Denomination);
            Day(csv, deposits.DayOf(r.DateDepot));
            Day(csv, r.DateCommande);
            csv.WriteField(r.RegimeTva);
            Amount(csv, r.MontantSegurHTDeclare);
            Amount(csv, r.MontantFactureHT);
            Amount(csv, r.MontantRetenuHT);
            Amount(csv, r.MontantRetenuTTC);
            Amount(csv, r.MontantDecide);
            Amount(csv, r.MontantAvanceVerse);
            Day(csv, r.DateValidation is { } validated ? ParisDays.DayOf(validated) : null);
            Day(csv, r.DateMiseEnPaiement is { } put ? ParisDays.DayOf(put) : null);
            Amount(csv, r.MontantPaye);
            Day(csv, r.DatePaiement);
            await csv.EndRecordAsync(ct);
        }
    }

    /// <summary>The headers of a couloir's beneficiaries: its identifier columns follow the couloir.</summary>
    public static IReadOnlyList<string> BeneficiaryHeaders(ExportCouloir couloir) =>
    [
        "Numéro ASP", "Numéro éditeur", "Statut", "Logiciel (n° ANS)", "Type de logiciel", "SIRET", "Dénomination sociale", "Date de dépôt",
        "Commande pour", .. couloir.Liberal ? (string[])["RPPS", "FINESS juridique (centre de santé)", "FINESS géographique (centre de santé)"]
            : ["FINESS juridique", couloir.FinessGeoHeader],
        "Nom", "E-mail", "Téléphone",
    ];

    public static async Task WriteBeneficiariesAsync(Stream destination, ExportCouloir couloir, IAsyncEnumerable<BeneficiaryExportRow> rows, CancellationToken ct = default)
    {
        await using var csv = CsvWriter.Create(destination, Options, leaveOpen: true);
        csv.WriteHeader([.. BeneficiaryHeaders(couloir)]);
        await foreach (var r in rows.WithCancellation(ct))
        {
            csv.WriteField(r.NumeroAsp);
            csv.WriteField(r.NumeroEditeur);
            csv.WriteField(r.Statut);
            csv.WriteField(r.NumeroAns);
            csv.WriteField(r.TypeLogiciel);
            csv.WriteField(r.Siret);
            csv.WriteField(r.Denomination);
            Day(csv, ParisDays.DayOf(r.DateDepot));
            csv.WriteField(r.CommandePour);
            if (couloir.Liberal)
            {
                csv.WriteField(r.Rpps);
            }

            csv.WriteField(r.FinessJuridique);
            csv.WriteField(r.FinessGeo);
            csv.WriteField(r.Nom);
            csv.WriteField(r.Email);
            csv.WriteField(r.Telephone);
            await csv.EndRecordAsync(ct);
        }
    }

    /// <summary>The file name offered to the browser, dated with today's Paris day.</summary>
    public static string FileName(string what, DateTime utcNow) => $"{what}-{ParisDays.DayOf(utcNow):yyyy-MM-dd}.csv";

    /// <summary>Once per row of 100,000: a dictionary rather than the list's search (which also trims the code).</summary>
    private static string CouloirLabel(string couloir) =>
        s_couloirLabels.TryGetValue(couloir, out var label) ? label : ExportCouloirs.Find(couloir)?.Label ?? couloir;

    private static string TypeLabel(string type) => type switch
    {
        Financing.RequestType.Avance => "Avance",
        Financing.RequestType.Solde => "Solde",
        _ => type,
    };

    private static void Amount(CsvWriter csv, decimal? amount)
    {
        if (amount is { } value)
        {
            csv.WriteField(value, "F2"); // the same text as "0.00" (two decimals, no group separator), on the runtime's fast path
        }
        else
        {
            csv.WriteField((string?)null);
        }
    }

    /// <summary>
    /// The Paris day of instants that come in order (the export sorts by deposit time): the next one mostly falls on the
    /// same day, recognised by the day's UTC bounds instead of a time-zone conversion per row.
    /// </summary>
    private sealed class ParisDayRun
    {
        private DateTime _start = DateTime.MaxValue;
        private DateTime _end = DateTime.MinValue;
        private DateOnly _day;

        public DateOnly DayOf(DateTime utc)
        {
            if (utc < _start || utc >= _end)
            {
                _day = ParisDays.DayOf(utc);
                (_start, _end) = (ParisDays.StartUtc(_day), ParisDays.EndUtc(_day));
            }

            return _day;
        }
    }

    private static void Day(CsvWriter csv, DateOnly? day)
    {
        if (day is { } value)
        {
            csv.WriteField(value, "dd/MM/yyyy");
        }
        else
        {
            csv.WriteField((string?)null);
        }
    }
}
