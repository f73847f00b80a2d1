using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Segur.Workflows.Financing;

/// <summary>
/// A version of a request as the "Historique" keeps it: its facts and its import line, in one JSON object; and the
/// field-by-field reading that compares two versions.
/// </summary>
public static class RequestSnapshots
{
    private const string LineKey = "ligne";

    private static readonly IReadOnlyDictionary<string, string> s_labels = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["regimeTva"] = "Régime de TVA",
        ["dateCommande"] = "Date de commande",
        ["montantSegurHTDeclare"] = "Montant Ségur HT déclaré",
        ["montantFactureHT"] = "Montant Ségur HT facturé",
        ["montantRetenuHT"] = "Montant retenu HT",
        ["montantRetenuTTC"] = "Montant retenu selon le régime de TVA",
        ["montantDecide"] = "Montant décidé",
        ["montantAvanceVerse"] = "Avance versée",
        ["ligne.facture.numeroFacture"] = "Numéro de facture",
        ["ligne.facture.dateFacture"] = "Date de facture",
        ["ligne.deploiementMSS"] = "Déploiement MSS",
        ["ligne.beneficiaires.commandePour"] = "Commande pour",
        ["ligne.beneficiaires.structure.nomResponsable"] = "Structure : responsable",
        ["ligne.beneficiaires.structure.emailResponsable"] = "Structure : e-mail du responsable",
        ["ligne.beneficiaires.structure.FINESSJuridique"] = "Structure : FINESS juridique",
        ["ligne.scenarioInstallation.isCentreDeSante"] = "Scénario : centre de santé",
        ["ligne.scenarioInstallation.operateurMessagerie"] = "Scénario : opérateur de messagerie",
        ["ligne.scenarioInstallation.isProSanteConnectNeeded"] = "Scénario : Pro Santé Connect",
        ["ligne.scenarioInstallation.isDirectToDMP"] = "Scénario : DMP en direct",
        ["ligne.scenarioInstallation.isPFIToDMP"] = "Scénario : DMP par la PFI",
        ["ligne.scenarioInstallation.isDirectToMSSPro"] = "Scénario : MSSanté professionnels en direct",
        ["ligne.scenarioInstallation.isPFIToMSSPro"] = "Scénario : MSSanté professionnels par la PFI",
        ["ligne.scenarioInstallation.isDirectToMSSCitoyen"] = "Scénario : MSSanté citoyens en direct",
        ["ligne.scenarioInstallation.isPFIToMSSCitoyen"] = "Scénario : MSSanté citoyens par la PFI",
    };

    private static readonly (string From, string To)[] s_words =
    [
        ("beneficiaires.liberal", "Professionnel"), ("beneficiaires.structure.FINESSGeo", "Structure : FINESS géographique"),
        ("piecesJustificatives", "Pièce attendue"), ("nomMedecin", "nom"), ("emailMedecin", "e-mail"), ("telephoneMedecin", "téléphone"),
        ("rpps", "RPPS"), ("nomFichier", "fichier"), ("formatFichier", "format"), ("typeFichier", "type"),
    ];

    // Facts repeated by the line, or that say nothing to a reader comparing versions.
    private static readonly HashSet<string> s_skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "version", "emailContact", "numeroAsp", "type", "couloir", "typeLogiciel", "numeroAns", "siret", "denomination", "numeroEditeur",
        "ligne.numLigne", "ligne.typeAction", "ligne.numeroASP", "ligne.numeroEditeur", "ligne.commande.dateCommande", "ligne.commande.regimeTVA",
        "ligne.commande.montantSegurHT", "ligne.facture.montantSegurHTFacture", "ligne.codeTraitement", "ligne.libelleTraitement", "ligne.isSolde",
    };

    /// <summary>The request now, as a version of its history keeps it.</summary>
    public static string Of(FinancingRequest request)
    {
        var snapshot = JsonSerializer.SerializeToNode(request.ToFacts())!.AsObject();
        snapshot[LineKey] = request.LineJson is null ? null : JsonNode.Parse(request.LineJson);
        return snapshot.ToJsonString();
    }

    /// <summary>The snapshot as fields a user reads, in a stable order: label → value as text.</summary>
    public static IReadOnlyList<(string Path, string Label, string Value)> Fields(string snapshot)
    {
        var fields = new List<(string, string, string)>();
        using var document = JsonDocument.Parse(snapshot);
        Flatten(document.RootElement, "", fields);
        return fields;
    }

    /// <summary>Every field of either version with a value, with both values and whether they differ.</summary>
    public static IReadOnlyList<FieldDifference> Compare(string before, string after)
    {
        var old = Fields(before).ToDictionary(f => f.Path);
        var now = Fields(after).ToDictionary(f => f.Path);
        var paths = old.Keys.Concat(now.Keys.Where(k => !old.ContainsKey(k))).ToList();
        return [.. paths.Select(p =>
        {
            var label = old.TryGetValue(p, out var o) ? o.Label : now[p].Label;
            var previous = old.TryGetValue(p, out var a) ? a.Value : "—";
            var current = now.TryGetValue(p, out var b) ? b.Value : "—";
            return new FieldDifference(label, previous, current, previous != current);
        }).Where(f => f.Differs || f.Before != "—")];
    }

    private static void Flatten(JsonElement element, string path, List<(string, string, string)> fields)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", fields);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, $"{path}[{i++}]", fields);
                }

                break;
            default:
                if (!s_skipped.Contains(path))
                {
                    fields.Add((path, Label(path), Text(path, element)));
                }

                break;
        }
    }

    private static string Label(string path)
    {
        if (s_labels.TryGetValue(path, out var label))
        {
            return label;
        }

        // "ligne.beneficiaires.liberal[1].RPPS" → "Professionnel 2 : RPPS"
        var readable = path.StartsWith(LineKey + ".", StringComparison.Ordinal) ? path[(LineKey.Length + 1)..] : path;
        readable = System.Text.RegularExpressions.Regex.Replace(readable, @"\[(\d+)\]", m => $" {int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1}");
        foreach (var (from, to) in s_words)
        {
            readable = readable.Replace(from, to, StringComparison.OrdinalIgnoreCase);
        }

        return readable.Replace(".", " : ", StringComparison.Ordinal);
    }

    private static string Text(string path, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => "Oui",
        JsonValueKind.False => "Non",
        JsonValueKind.Null or JsonValueKind.Undefined => "—",
        JsonValueKind.Number when path.Contains("montant", StringComparison.OrdinalIgnoreCase) =>
            value.GetDecimal().ToString("N2", CultureInfo.GetCultureInfo("fr-FR")) + " €",
        JsonValueKind.Number => value.GetRawText(),
        _ => value.GetString() is { Length: > 0 } text ? text : "—",
    };
}

/// <summary>One field of two versions of a request.</summary>
public sealed record FieldDifference(string Label, string Before, string After, bool Differs);
