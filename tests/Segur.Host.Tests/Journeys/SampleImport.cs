using System.Text;
using Segur.Host.Tests.TestSupport;

namespace Segur.Host.Tests.Journeys;

/// <summary>
/// The public sample import file (shared/samples/avance-medecin-de-ville-3-lignes.json), copied verbatim: three
/// avances of the Médecin de ville couloir, each expecting one PDF named after its numéro éditeur. Kept in code so the
/// tests need no file beside the assembly; its two placeholders are replaced with a demo supplier's ANS number and SIRET.
/// </summary>
public static class SampleImport
{
    public const string FileName = "avance-medecin-de-ville-3-lignes.json";

    public static readonly string[] NumerosEditeur = ["BDC-2026-0001", "BDC-2026-0002", "BDC-2026-0003"];

    /// <summary>The professionals the three lines finance (one Prestation Ségur each per couloir: a second import must change them).</summary>
    public static readonly string[] Rpps = ["10101010105", "10101010113", "10101010121"];

    private const string Sample = """
        {
          "impId": null,
          "numeroAns": "<numéro ANS d'un enrôlement Validée>",
          "siret": "<SIRET du fournisseur, 14 chiffres>",
          "lignesImport": [
            {
              "numLigne": 1,
              "typeAction": "C",
              "numeroASP": null,
              "numeroEditeur": "BDC-2026-0001",
              "commande": {
                "dateCommande": "2026-09-15",
                "regimeTVA": "TTC",
                "montantSegurHT": 358.33
              },
              "beneficiaires": {
                "commandePour": "LIBERAL",
                "isMandataire": false,
                "isClientUnique": true,
                "nomMandataire": null,
                "emailMandataire": null,
                "telephoneMandataire": null,
                "liberal": [
                  {
                    "nomMedecin": "Dr Claire Durand",
                    "emailMedecin": "claire.durand@cabinet-exemple.fr",
                    "telephoneMedecin": "0102030405",
                    "RPPS": "10101010105"
                  }
                ],
                "structure": {
                  "nomResponsable": null,
                  "emailResponsable": null,
                  "telephoneResponsable": null,
                  "FINESSJuridique": null,
                  "FINESSGeo": []
                }
              },
              "piecesJustificatives": [
                {
                  "nomFichier": "BDC-2026-0001.pdf",
                  "formatFichier": "PDF",
                  "typeFichier": "BON_COMMANDE"
                }
              ],
              "scenarioInstallation": {
                "isCentreDeSante": false,
                "operateurMessagerie": "API_35",
                "isProSanteConnectNeeded": true,
                "isDirectToDMP": true,
                "isPFIToDMP": false,
                "isDirectToMSSPro": true,
                "isPFIToMSSPro": false,
                "isDirectToMSSCitoyen": true,
                "isPFIToMSSCitoyen": false
              },
              "codeTraitement": null,
              "libelleTraitement": null
            },
            {
              "numLigne": 2,
              "typeAction": "C",
              "numeroASP": null,
              "numeroEditeur": "BDC-2026-0002",
              "commande": {
                "dateCommande": "2026-09-15",
                "regimeTVA": "TTC",
                "montantSegurHT": 412.5
              },
              "beneficiaires": {
                "commandePour": "LIBERAL",
                "isMandataire": false,
                "isClientUnique": true,
                "nomMandataire": null,
                "emailMandataire": null,
                "telephoneMandataire": null,
                "liberal": [
                  {
                    "nomMedecin": "Dr Paul Lefebvre",
                    "emailMedecin": "paul.lefebvre@cabinet-exemple.fr",
                    "telephoneMedecin": "0102030405",
                    "RPPS": "10101010113"
                  }
                ],
                "structure": {
                  "nomResponsable": null,
                  "emailResponsable": null,
                  "telephoneResponsable": null,
                  "FINESSJuridique": null,
                  "FINESSGeo": []
                }
              },
              "piecesJustificatives": [
                {
                  "nomFichier": "BDC-2026-0002.pdf",
                  "formatFichier": "PDF",
                  "typeFichier": "BON_COMMANDE"
                }
              ],
              "scenarioInstallation": {
                "isCentreDeSante": false,
                "operateurMessagerie": "API_35",
                "isProSanteConnectNeeded": true,
                "isDirectToDMP": true,
                "isPFIToDMP": false,
                "isDirectToMSSPro": true,
                "isPFIToMSSPro": false,
                "isDirectToMSSCitoyen": true,
                "isPFIToMSSCitoyen": false
              },
              "codeTraitement": null,
              "libelleTraitement": null
            },
            {
              "numLigne": 3,
              "typeAction": "C",
              "numeroASP": null,
              "numeroEditeur": "BDC-2026-0003",
              "commande": {
                "dateCommande": "2026-09-15",
                "regimeTVA": "TTC",
                "montantSegurHT": 298.0
              },
              "beneficiaires": {
                "commandePour": "LIBERAL",
                "isMandataire": false,
                "isClientUnique": true,
                "nomMandataire": null,
                "emailMandataire": null,
                "telephoneMandataire": null,
                "liberal": [
                  {
                    "nomMedecin": "Dr Amina Benali",
                    "emailMedecin": "amina.benali@cabinet-exemple.fr",
                    "telephoneMedecin": "0102030405",
                    "RPPS": "10101010121"
                  }
                ],
                "structure": {
                  "nomResponsable": null,
                  "emailResponsable": null,
                  "telephoneResponsable": null,
                  "FINESSJuridique": null,
                  "FINESSGeo": []
                }
              },
              "piecesJustificatives": [
                {
                  "nomFichier": "BDC-2026-0003.pdf",
                  "formatFichier": "PDF",
                  "typeFichier": "BON_COMMANDE"
                }
              ],
              "scenarioInstallation": {
                "isCentreDeSante": false,
                "operateurMessagerie": "API_35",
                "isProSanteConnectNeeded": true,
                "isDirectToDMP": true,
                "isPFIToDMP": false,
                "isDirectToMSSPro": true,
                "isPFIToMSSPro": false,
                "isDirectToMSSCitoyen": true,
                "isPFIToMSSCitoyen": false
              },
              "codeTraitement": null,
              "libelleTraitement": null
            }
          ]
        }
        """;

    public static byte[] For(DemoSupplier supplier) => Encoding.UTF8.GetBytes(Sample
        .Replace("<numéro ANS d'un enrôlement Validée>", supplier.NumeroAns, StringComparison.Ordinal)
        .Replace("<SIRET du fournisseur, 14 chiffres>", supplier.Siret, StringComparison.Ordinal));

    /// <summary>A minimal PDF ("%PDF-1.4" header): the documents step checks the content, not the name.</summary>
    public static byte[] Pdf(string title) =>
        Encoding.ASCII.GetBytes($"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% {title}\ntrailer << /Root 1 0 R >>\n%%EOF\n");
}
