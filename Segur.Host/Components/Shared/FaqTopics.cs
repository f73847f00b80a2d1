namespace Segur.Host.Components.Shared;

public sealed record FaqEntry(string Question, string Answer);

public sealed record FaqTopic(string Id, string Title, IReadOnlyList<FaqEntry> Entries);

/// <summary>The questions suppliers ask most, by topic (public page and Aide).</summary>
public static class FaqTopics
{
    public static readonly IReadOnlyList<FaqTopic> All =
    [
        new("faq-enrolement", "Enrôlement",
        [
            new("Qu'est-ce que l'enrôlement ?",
                "L'enrôlement rattache à votre société un logiciel référencé par l'Agence du numérique en santé (ANS), identifié par "
                + "son numéro de référencement ANS. Il faut un enrôlement par numéro ANS, et seul un enrôlement « Validée » permet de "
                + "déposer des demandes de financement pour ce logiciel."),
            new("Quelles pièces fournir pour un premier enrôlement ?",
                "Le certificat de référencement ANS, une pièce d'identité du représentant légal, un mandat si une autre personne "
                + "dépose le dossier, un RIB et une attestation de régime de TVA."),
            new("Comment recevoir mon identifiant et mon mot de passe ?",
                "Une fois votre premier enrôlement validé par l'ASP, vous recevez votre identifiant (UID) et votre mot de passe dans "
                + "deux e-mails distincts. En cas d'oubli, utilisez « Identifiant oublié » ou « Mot de passe oublié » sur la page de connexion."),
            new("Un nouveau logiciel vient d'être référencé : que faire ?",
                "Une fois connecté, déposez un enrôlement complémentaire depuis le menu « Enrôlements » : il est instruit comme le premier."),
        ]),
        new("faq-import", "Import JSON",
        [
            new("Quel fichier déposer ?",
                "Un fichier JSON par type de demande (avance ou solde) et par numéro ANS, contenant de 1 à 200 demandes. Le format de "
                + "chaque champ est décrit dans la documentation des JSON, accessible depuis le menu « Imports JSON »."),
            new("Puis-je tester un fichier sans l'importer ?",
                "Oui : le simulateur applique exactement les mêmes contrôles que l'import, sans rien enregistrer."),
            new("Que se passe-t-il si une ligne est en erreur ?",
                "Seule cette ligne est rejetée, les autres sont retenues. Le fichier retour reprend votre fichier et indique, pour "
                + "chaque ligne, le numéro de dossier ASP attribué ou le champ en cause."),
            new("Mes logiciels peuvent-ils déposer directement ?",
                "Oui : l'API fournisseur accepte les mêmes fichiers, authentifiée par un jeton personnel géré depuis « Mon compte »."),
        ]),
        new("faq-pieces", "Pièces justificatives",
        [
            new("Quels formats de fichier sont acceptés ?",
                "PDF, JPEG et PNG. Le contenu du fichier est contrôlé, et pas seulement son extension."),
            new("Que devient une demande importée sans ses pièces ?",
                "Elle reste « non complétée » : elle n'est pas instruite et vous seul la voyez. Un bandeau vous la signale sur la page "
                + "d'accueil ; sans pièces, elle est supprimée automatiquement {delaiExpiration} après l'import."),
            new("Puis-je déposer les pièces de plusieurs demandes en une fois ?",
                "Oui, avec un fichier zip : chaque fichier est rattaché à la demande dont il porte le numéro éditeur."),
            new("L'ASP me demande une pièce complémentaire : comment répondre ?",
                "La demande passe « En attente de pièce jointe complémentaire » et un e-mail nomme la pièce attendue. Ajoutez-la depuis "
                + "le suivi des demandes : la demande repasse « En cours »."),
        ]),
        new("faq-paiements", "Paiements",
        [
            new("Quand le financement est-il versé ?",
                "Après instruction, la demande est validée puis décidée dans la limite de l'enveloppe budgétaire : rien n'est versé avant "
                + "la décision. L'état du paiement (aucun paiement en cours, paiement en cours, paiement effectué) figure sur chaque demande."),
            new("Comment se répartissent l'avance et le solde ?",
                "L'avance, demandée sur bon de commande, représente 30 % de l'engagement retenu. Le solde, demandé sur facture, verse le "
                + "montant réalisé retenu, déduction faite de l'avance déjà payée."),
            new("Quand puis-je demander le solde ?",
                "Quand la dernière version de l'avance du même dossier est « Décidée » et payée."),
            new("Où trouver l'avis de paiement ?",
                "Dans le suivi financier de la demande, une fois le paiement effectué."),
        ]),
    ];
}
