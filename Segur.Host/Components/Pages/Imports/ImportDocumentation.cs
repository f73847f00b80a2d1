namespace Segur.Host.Components.Pages.Imports;

/// <summary>A field of the import file as the documentation page explains it.</summary>
public sealed record FieldDoc(string Name, string Content, bool Required = false);

/// <summary>A treatment code of the returned file.</summary>
public sealed record CodeDoc(string Code, string Meaning);

/// <summary>
/// The French documentation of the import file (docs/import-json.md, kept in step with the published JSON Schema,
/// <c>Segur.Workflows/Imports/import-financement.schema.json</c>): the page renders these lists.
/// </summary>
public static class ImportDocumentation
{
    public const string SchemaUrl = "/schemas/import-financement.schema.json";

    public static readonly IReadOnlyList<string> FileChecks =
    [
        "JSON bien formé (le message donne la ligne et la colonne de l'erreur) ; 5 Mo au plus.",
        "En-tête conforme au schéma : numeroAns, siret à 14 chiffres, lignesImport.",
        "De 1 à 200 lignes.",
        "Le siret est celui de votre société ; le numeroAns est celui d'un de vos enrôlements validés.",
        "Toutes les lignes sont du même type : des avances, ou des soldes.",
        "Le même fichier n'a pas déjà été importé.",
    ];

    public static readonly IReadOnlyList<CodeDoc> Codes =
    [
        new("RETENUE", "Demande importée : ajoutez ses pièces justificatives pour la déposer."),
        new("VALIDE_SIMULATION", "Simulateur : la ligne serait retenue (rien n'est enregistré)."),
        new("REJET_FORMAT", "La ligne ne respecte pas le schéma (champ manquant, type, format)."),
        new("REJET_DOUBLON", "numeroEditeur déjà présent dans le fichier ou déjà utilisé ; solde déjà déposé pour ce dossier."),
        new("REJET_DATE", "Date de commande illisible, future, ou antérieure de plus de {delaiCommandeJours} jours au référencement du logiciel."),
        new("REJET_BENEFICIAIRE", "Bénéficiaire du mauvais type pour le couloir, RPPS ou FINESS invalide, même bénéficiaire deux fois dans la ligne."),
        new("REJET_BENEFICIAIRE_DEJA_FINANCE",
            "Avance : le bénéficiaire a déjà une Prestation Ségur pour ce couloir et ce type de logiciel (demande d'un fournisseur, ou ligne précédente du fichier)."),
        new("REJET_SCENARIO", "Scénario d'installation non couvert par les profils référencés du logiciel."),
        new("REJET_SOLDE", "Dossier inconnu, ou avance pas encore décidée et payée."),
        new("REJET_DEPLOIEMENT_MSS", "Solde MS1/MS2 sans « Cas 1 » ou « Cas 2 »."),
        new("REJET_PIECES", "piecesJustificatives ne déclare pas un type de pièce exigé pour ce type de demande (par exemple BON_COMMANDE pour une avance, FACTURE pour un solde)."),
    ];

    public static readonly IReadOnlyList<FieldDoc> Header =
    [
        new("impId", "null en entrée ; l'identifiant de l'import dans le fichier retourné."),
        new("numeroAns", "Numéro de référencement ANS du logiciel (enrôlement validé).", Required: true),
        new("siret", "SIRET du fournisseur, 14 chiffres.", Required: true),
        new("lignesImport", "Les demandes (1 à 200).", Required: true),
    ];

    public static readonly IReadOnlyList<FieldDoc> Line =
    [
        new("numLigne", "Numéro de la ligne (entier ≥ 1).", Required: true),
        new("typeAction", "« C » : création.", Required: true),
        new("numeroASP", "Avance : null. Solde : numéro ASP de l'avance du dossier (ex. ASP260000017M0)."),
        new("numeroEditeur", "Votre référence unique de la demande ; sert aussi à répartir les pièces d'un zip. Sans « / » ni « \\ ».", Required: true),
        new("commande.dateCommande", "aaaa-mm-jj ou jj/mm/aaaa ; au plus {delaiCommandeJours} jours avant le référencement du logiciel, jamais dans le futur.", Required: true),
        new("commande.regimeTVA", "HT ou TTC (le montant retenu est alors majoré de 20 %).", Required: true),
        new("commande.montantSegurHT", "Montant Ségur HT du bon de commande, en euros, strictement positif.", Required: true),
        new("facture", "Solde uniquement : montantSegurHTFacture (obligatoire, > 0), numeroFacture, dateFacture."),
        new("deploiementMSS", "Soldes des couloirs MS1 et MS2 : « Cas 1 » ou « Cas 2 »."),
        new("beneficiaires.commandePour", "LIBERAL (professionnels, identifiés par leur RPPS) ou STRUCTURE (établissement, identifié par son FINESS).", Required: true),
        new("beneficiaires.liberal[]", "nomMedecin, emailMedecin, telephoneMedecin, RPPS (11 chiffres, clé de Luhn)."),
        new("beneficiaires.structure", "nomResponsable, emailResponsable, telephoneResponsable, FINESSJuridique (9 chiffres, clé de Luhn), FINESSGeo[] (les établissements bénéficiaires, 9 chiffres, clé de Luhn)."),
        new("beneficiaires.isMandataire, nomMandataire, emailMandataire, telephoneMandataire, isClientUnique", "Informations sur le mandataire."),
        new("piecesJustificatives[]", "Pièces attendues : nomFichier (obligatoire), formatFichier (PDF, JPEG ou PNG), typeFichier (ex. BON_COMMANDE)."),
        new("scenarioInstallation", "isCentreDeSante, operateurMessagerie, isProSanteConnectNeeded, isDirectToDMP, isPFIToDMP, isDirectToMSSPro, isPFIToMSSPro, " +
                                    "isDirectToMSSCitoyen, isPFIToMSSCitoyen : chaque scénario demandé doit être couvert par un profil référencé du logiciel."),
        new("codeTraitement, libelleTraitement", "null en entrée ; remplis dans le fichier retourné."),
    ];

    /// <summary>A one-line avance file, as the page shows it.</summary>
    public const string Example = """
        {
          "impId": null,
          "numeroAns": "ANS-2026-LGC-0001",
          "siret": "84123456700011",
          "lignesImport": [
            {
              "numLigne": 1,
              "typeAction": "C",
              "numeroASP": null,
              "numeroEditeur": "BDC-2026-0001",
              "commande": { "dateCommande": "2026-09-15", "regimeTVA": "TTC", "montantSegurHT": 358.33 },
              "beneficiaires": {
                "commandePour": "LIBERAL",
                "isMandataire": false,
                "isClientUnique": true,
                "liberal": [
                  { "nomMedecin": "Dr Claire Durand", "emailMedecin": "claire.durand@cabinet-exemple.fr",
                    "telephoneMedecin": "0102030405", "RPPS": "10101010105" }
                ]
              },
              "piecesJustificatives": [
                { "nomFichier": "BDC-2026-0001.pdf", "formatFichier": "PDF", "typeFichier": "BON_COMMANDE" }
              ],
              "scenarioInstallation": { "isProSanteConnectNeeded": true, "isDirectToDMP": true, "isDirectToMSSPro": true },
              "codeTraitement": null,
              "libelleTraitement": null
            }
          ]
        }
        """;
}
