using System.ComponentModel;
using System.Text.Json;
using Segur.Workflows.Financing;
using Segur.Workflows.Payments;

namespace Segur.Host.Api;

/// <summary>A financing request as GET /api/v1/requests/{numeroASP} (and every action) answers it, described in French for the API reference.</summary>
public sealed record RequestView(
    [property: Description("Identifiant technique de la demande.")] Guid Id,
    [property: Description("Numéro ASP du dossier et de la demande (suffixe M0 pour l'avance, M1 pour le solde).")] string NumeroAsp,
    [property: Description("Référence unique de la demande chez l'éditeur (numeroEditeur du fichier d'import).")] string NumeroEditeur,
    [property: Description("Type de demande : « avance » ou « solde ».")] string Type,
    [property: Description("Statut de la demande, libellé français (ex. « En cours », « Validée », « Décidée »).")] string Statut,
    [property: Description("Code du statut dans la définition du cycle de vie (ex. « EnCours »).")] string StatusCode,
    [property: Description("État du paiement : « Aucun paiement en cours », « Paiement en cours » ou « Paiement effectué ».")] string EtatPaiement,
    [property: Description("Numéro de référencement ANS du logiciel.")] string NumeroAns,
    [property: Description("SIRET du fournisseur (14 chiffres).")] string Siret,
    [property: Description("Dénomination sociale du fournisseur.")] string Denomination,
    [property: Description("Type de logiciel (ex. « LGC », « DPI »).")] string TypeLogiciel,
    [property: Description("Régime de TVA de la commande : « HT » ou « TTC ».")] string RegimeTva,
    [property: Description("Date de la commande (aaaa-mm-jj).")] DateOnly DateCommande,
    [property: Description("Montant Ségur HT déclaré sur le bon de commande, en euros.")] decimal MontantSegurHTDeclare,
    [property: Description("Montant Ségur HT de la facture (solde), en euros ; null pour une avance.")] decimal? MontantFactureHT,
    [property: Description("Montant retenu HT (déclaré, plafonné), en euros ; null tant que la demande n'est pas instruite (validée).")] decimal? MontantRetenuHT,
    [property: Description("Montant retenu selon le régime de TVA (TTC = HT × 1,20), en euros ; null tant que la demande n'est pas instruite.")] decimal? MontantRetenuTTC,
    [property: Description("Montant décidé (avance : pourcentage du montant retenu ; solde : montant réalisé retenu moins l'avance versée), en euros ; null tant que la demande n'est pas instruite.")] decimal? MontantDecide,
    [property: Description("Avance déjà versée sur le dossier (solde), en euros ; null sinon.")] decimal? MontantAvanceVerse,
    [property: Description("Date et heure du dépôt (UTC).")] DateTime DateDepot,
    [property: Description("Les versions de la demande : chaque changement de statut en crée une.")] IReadOnlyList<RequestVersionView> Versions,
    [property: Description("Les versements (objet VERSE001) de la demande, une fois la demande décidée ; vide avant.")] IReadOnlyList<VersementView> Versements,
    [property: Description("La ligne d'import telle que déposée ou corrigée (format du fichier d'import).")] JsonElement? Ligne)
{
    public static RequestView From(RequestDetail detail, IReadOnlyList<RequestPaymentRow> payments) => new(
        detail.Id, detail.NumeroAsp, detail.NumeroEditeur, detail.Type, detail.Statut, detail.StatusCode, detail.EtatPaiement,
        detail.NumeroAns, detail.Siret, detail.Denomination, detail.TypeLogiciel, detail.RegimeTva, detail.DateCommande,
        detail.MontantSegurHTDeclare, detail.MontantFactureHT, detail.MontantRetenuHT, detail.MontantRetenuTTC, detail.MontantDecide,
        detail.MontantAvanceVerse, detail.DateDepot, detail.Versions, [.. payments.Select(VersementView.From)], detail.Ligne);
}

/// <summary>A versement (VERSE001) of the request.</summary>
public sealed record VersementView(
    [property: Description("Objet du versement : toujours « VERSE001 ».")] string Objet,
    [property: Description("Type de versement : « avance » ou « solde ».")] string Type,
    [property: Description("État du versement : « Aucun paiement en cours », « Paiement en cours » ou « Paiement effectué ».")] string Etat,
    [property: Description("Montant décidé, en euros : le montant payé doit lui être égal.")] decimal MontantDecide,
    [property: Description("Date et heure de la décision (UTC).")] DateTime DateValidation,
    [property: Description("Date et heure de la mise en paiement (UTC) ; null avant.")] DateTime? DateMiseEnPaiement,
    [property: Description("Montant payé, en euros ; null tant que le paiement n'est pas enregistré.")] decimal? MontantPaye,
    [property: Description("Date de paiement effective (aaaa-mm-jj) ; null avant.")] DateOnly? DatePaiementEffective,
    [property: Description("Identifiant de l'avis de paiement (PDF), à télécharger par GET /api/v1/requests/{numeroASP}/documents/{id} ; null avant le paiement.")] Guid? AvisDePaiement)
{
    public static VersementView From(RequestPaymentRow row) => new(
        Segur.Workflows.Payments.Payment.Objet, row.Type, row.EtatLabel, row.MontantDecide, row.DateValidation, row.DateMiseEnPaiement,
        row.MontantPaye, row.DatePaiement, row.AvisDePaiementId);
}
