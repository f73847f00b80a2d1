using Segur.Workflows.Financing;
using Segur.Workflows.Payments;

namespace Segur.Workflows.Documents.Pdf;

/// <summary>The avis de paiement: which versement was paid, how much, when and to which account.</summary>
internal static class PaymentNoticeLetter
{
    public static byte[] Render(LetterFacts facts, Payment payment, string? account, DateOnly issuedOn)
    {
        var paidOn = payment.DatePaiement ?? throw new InvalidOperationException($"Le versement {payment.NumeroAsp} n'a pas de date de paiement.");
        var paid = payment.MontantPaye ?? throw new InvalidOperationException($"Le versement {payment.NumeroAsp} n'a pas de montant payé.");
        var reference = $"{Payment.Objet}-{payment.NumeroAsp}";
        using var sheet = new PdfSheet($"Avis de paiement – {payment.NumeroAsp}", "Avis de paiement d'un versement Ségur");
        sheet.Letterhead(reference, LetterFacts.Day(issuedOn));
        sheet.Addressee(facts.AddresseeLines);
        sheet.Title("Avis de paiement", $"Versement {Payment.Objet} – {facts.TypeLabel.ToLowerInvariant()} du dossier n° {payment.NumeroAsp}");
        sheet.Paragraph(
            $"Nous vous informons que la somme de {Euros.Format(paid)} a été versée le {LetterFacts.Day(paidOn)} à {facts.Denomination} " +
            $"au titre {facts.TypeInSentence} de la demande de financement n° {payment.NumeroAsp} (référence éditeur {facts.NumeroEditeur}).");

        sheet.Heading("Références du dossier");
        sheet.Facts(facts.References);

        sheet.Heading("Versement");
        sheet.Facts(
        [
            ("Objet", Payment.Objet),
            ("Type", facts.TypeLabel),
            ("Date de validation (décision)", LetterFacts.Day(Persistence.ParisDays.DayOf(payment.DateValidation))),
            ("Date de mise en paiement", payment.DateMiseEnPaiement is { } put ? LetterFacts.Day(Persistence.ParisDays.DayOf(put)) : "—"),
            ("Date de paiement effective", LetterFacts.Day(paidOn)),
            ("Compte crédité", account ?? "compte bancaire de l'enrôlement du logiciel"),
        ]);

        var amounts = new List<(string, string)>();
        if (facts.RetenuHT is { } retainedHT)
        {
            amounts.Add(("Engagement retenu HT", Euros.Format(retainedHT)));
        }

        if (facts.RetenuTTC is { } retainedTTC)
        {
            amounts.Add(($"Engagement retenu {facts.RegimeTva} (selon le régime de TVA)", Euros.Format(retainedTTC)));
        }

        amounts.Add(("Montant décidé", Euros.Format(payment.MontantDecide)));
        amounts.Add(("Montant payé", Euros.Format(paid)));
        sheet.Amounts(amounts);

        sheet.Paragraph(
            "Ce versement est effectué par l'Agence de Services et de Paiement pour le compte de l'État, sans frais pour le " +
            "bénéficiaire de la prestation. Conservez cet avis avec la facture correspondante.");
        sheet.Signature([$"Fait à Limoges, le {LetterFacts.Day(issuedOn)}", "Pour l'Agence de Services et de Paiement,", "l'agent comptable"]);
        return sheet.Save($"Avis de paiement {reference}");
    }
}
