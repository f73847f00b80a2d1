using Segur.Workflows.Financing;

namespace Segur.Host.Components.Pages.Requests;

/// <summary>
/// The tooltips of the detail page's amounts: how the lifecycle's ComputeAmounts step computed them, in French, with the
/// request's own figures and the rules of the definition version it runs on. Text only: the amounts come from the service.
/// </summary>
public static class AmountExplanations
{
    public static string Declared(RequestDetail request) => request.Type == RequestType.Solde
        ? $"Montant HT de la commande déclaré dans votre fichier d'import (commande.montantSegurHT). Le solde se calcule sur le montant facturé ({Money.Euros(request.MontantFactureHT)} HT)."
        : "Montant Ségur HT de la commande, déclaré dans votre fichier d'import (commande.montantSegurHT).";

    public static string Invoiced() => "Montant HT facturé, déclaré dans votre fichier d'import (facture.montantSegurHTFacture).";

    public static string RetainedHT(RequestDetail request, AmountRulesView? rules)
    {
        var ceiling = rules?.PlafondHT is { } plafond ? $"{Money.Euros(plafond)} HT" : "défini par l'ASP";
        return request.Type == RequestType.Solde
            ? $"Réalisé retenu HT = le plus petit montant entre le montant facturé ({Money.Euros(request.MontantFactureHT)} HT) et le plafond du type de logiciel {request.TypeLogiciel} ({ceiling})."
            : $"Engagement retenu HT = le plus petit montant entre le montant déclaré ({Money.Euros(request.MontantSegurHTDeclare)} HT) et le plafond du type de logiciel {request.TypeLogiciel} ({ceiling}).";
    }

    public static string RetainedByVat(RequestDetail request, AmountRulesView? rules) => request.RegimeTva == "TTC"
        ? $"Fonction du régime de TVA (TTC) : montant retenu HT × (1 + {(rules is null ? "taux de TVA" : Money.Percent(rules.TauxTva))}), arrondi au centime."
        : "Fonction du régime de TVA (HT) : le montant retenu reste hors taxes.";

    public static string Decided(RequestDetail request, AmountRulesView? rules) => request.Type == RequestType.Solde
        ? $"Solde décidé = réalisé retenu selon le régime de TVA ({Money.Euros(request.MontantRetenuTTC)}) moins l'avance déjà versée ({Money.Euros(request.MontantAvanceVerse ?? 0)})."
        : $"Avance décidée = {(rules is null ? "le pourcentage d'avance" : Money.Percent(rules.PourcentageAvance))} de l'engagement retenu selon le régime de TVA ({Money.Euros(request.MontantRetenuTTC)}). " +
          "Le solde se demande ensuite sur facture.";
}
