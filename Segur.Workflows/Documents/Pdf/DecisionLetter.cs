using Segur.Workflows.Financing;

namespace Segur.Workflows.Documents.Pdf;

/// <summary>The décision d'attribution: what the agency decided to pay for the request, and on which envelope.</summary>
internal static class DecisionLetter
{
    public static byte[] Render(LetterFacts facts, DateOnly decidedOn, string? envelope)
    {
        var reference = $"DEC-{facts.NumeroAsp}";
        using var sheet = new PdfSheet($"Décision d'attribution – {facts.NumeroAsp}", "Décision d'attribution d'un financement Ségur");
        sheet.Letterhead(reference, LetterFacts.Day(decidedOn));
        sheet.Addressee(facts.AddresseeLines);
        sheet.Title("Décision d'attribution de financement", $"{facts.TypeLabel} – dossier n° {facts.NumeroAsp}");
        sheet.Paragraph(
            $"Au vu de la demande de financement déposée par {facts.Denomination} (SIRET {facts.Siret}) sous la référence éditeur " +
            $"{facts.NumeroEditeur}, et de son instruction par nos services, l'Agence de Services et de Paiement décide d'attribuer " +
            $"au titre {facts.TypeInSentence} un financement de {Euros.Format(facts.MontantDecide)}, dans les conditions ci-dessous.");

        sheet.Heading("Références du dossier");
        sheet.Facts(facts.References);

        sheet.Heading("Montants");
        var amounts = new List<(string, string)> { ("Montant Ségur déclaré HT", Euros.Format(facts.MontantDeclareHT)) };
        if (facts.MontantFactureHT is { } invoiced)
        {
            amounts.Add(("Montant facturé HT", Euros.Format(invoiced)));
        }

        if (facts.RetenuHT is { } retainedHT)
        {
            amounts.Add(("Engagement retenu HT", Euros.Format(retainedHT)));
        }

        if (facts.RetenuTTC is { } retainedTTC)
        {
            amounts.Add(($"Engagement retenu {facts.RegimeTva} (selon le régime de TVA)", Euros.Format(retainedTTC)));
        }

        if (facts.AvanceVersee is { } advance)
        {
            amounts.Add(("Avance déjà versée (déduite)", Euros.Format(advance)));
        }

        amounts.Add(($"Montant décidé – {facts.TypeLabel.ToLowerInvariant()}", Euros.Format(facts.MontantDecide)));
        sheet.Amounts(amounts);

        if (envelope is not null)
        {
            sheet.Paragraph($"Imputation budgétaire : {envelope}.");
        }

        sheet.Paragraph(
            "Le versement correspondant (objet VERSE001) est mis en paiement sur le compte bancaire enregistré pour l'enrôlement du " +
            "logiciel ; un avis de paiement vous sera adressé lorsqu'il sera effectué. Son état se suit dans votre espace fournisseur, " +
            "rubrique « Demandes de financement », section « Suivi financier » de la demande.");
        sheet.Signature([$"Fait à Limoges, le {LetterFacts.Day(decidedOn)}", "Pour l'Agence de Services et de Paiement,", "le service instructeur Ségur"]);
        return sheet.Save($"Décision d'attribution {reference}");
    }
}
