using System.Globalization;
using System.Text.Json;
using Segur.Workflows.Engine.Definitions;

namespace Segur.Workflows.Engine.Versions;

/// <summary>One part of a comparison ("Règles", "États"...) and its changes, each a French sentence.</summary>
public sealed record DiffSection(string Title, IReadOnlyList<string> Changes);

/// <summary>
/// Compares two versions of a definition the way an analyst reads them: rules, states, transitions and e-mail templates,
/// in French sentences (« Règle plafondsHT, LGC : 1 200 → 1 500 »), not a JSON diff.
/// </summary>
public static class DefinitionDiff
{
    private static readonly CultureInfo s_fr = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>Sections with at least one change; empty when the two texts mean the same definition. Unreadable JSON is one section saying so.</summary>
    public static IReadOnlyList<DiffSection> Compare(string beforeJson, string afterJson)
    {
        var before = Read(beforeJson);
        var after = Read(afterJson);
        if (before is null || after is null)
        {
            return [new DiffSection("Texte", ["Une des deux versions n'est pas un JSON de définition lisible : corrigez-la pour la comparer."])];
        }

        return Compare(before, after);
    }

    public static IReadOnlyList<DiffSection> Compare(WorkflowDefinition before, WorkflowDefinition after)
    {
        var sections = new List<DiffSection>
        {
            new("Général", General(before, after)),
            new("Règles", Rules(before.Rules, after.Rules)),
            new("États", States(before, after)),
            new("Transitions", Transitions(before, after)),
            new("Gabarits d'e-mail", Templates(before, after)),
        };
        return sections.Where(s => s.Changes.Count > 0).ToList();
    }

    private static List<string> General(WorkflowDefinition a, WorkflowDefinition b)
    {
        var changes = new List<string>();
        Changed(changes, "Nom", a.Name, b.Name);
        Changed(changes, "Description", a.Description, b.Description);
        Changed(changes, "Type de sujet", a.SubjectType, b.SubjectType);
        Changed(changes, "État initial", a.InitialState, b.InitialState);
        return changes;
    }

    private static List<string> Rules(IReadOnlyDictionary<string, JsonElement> a, IReadOnlyDictionary<string, JsonElement> b)
    {
        var changes = new List<string>();
        foreach (var name in a.Keys.Union(b.Keys).Order(StringComparer.Ordinal))
        {
            var had = a.TryGetValue(name, out var old);
            var has = b.TryGetValue(name, out var now);
            if (!had)
            {
                changes.Add($"Nouvelle règle « {name} » : {Show(now)}");
            }
            else if (!has)
            {
                changes.Add($"Règle « {name} » supprimée (elle valait {Show(old)})");
            }
            else if (old.ValueKind == JsonValueKind.Object && now.ValueKind == JsonValueKind.Object)
            {
                var oldTable = old.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                var newTable = now.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                foreach (var key in oldTable.Keys.Union(newTable.Keys).Order(StringComparer.Ordinal))
                {
                    var inOld = oldTable.TryGetValue(key, out var o);
                    var inNew = newTable.TryGetValue(key, out var n);
                    if (!inOld)
                    {
                        changes.Add($"Règle « {name} », ligne « {key} » ajoutée : {Show(n)}");
                    }
                    else if (!inNew)
                    {
                        changes.Add($"Règle « {name} », ligne « {key} » supprimée (elle valait {Show(o)})");
                    }
                    else if (!JsonElement.DeepEquals(o, n))
                    {
                        changes.Add($"Règle « {name} », ligne « {key} » : {Show(o)} → {Show(n)}");
                    }
                }
            }
            else if (!JsonElement.DeepEquals(old, now))
            {
                changes.Add($"Règle « {name} » : {Show(old)} → {Show(now)}");
            }
        }

        return changes;
    }

    private static List<string> States(WorkflowDefinition a, WorkflowDefinition b)
    {
        var changes = new List<string>();
        var old = a.States.ToDictionary(s => s.Code);
        var now = b.States.ToDictionary(s => s.Code);
        foreach (var s in b.States.Where(s => !old.ContainsKey(s.Code)))
        {
            changes.Add($"Nouvel état « {s.Label} » ({s.Code}){(s.Final ? ", final" : "")}");
        }

        foreach (var s in a.States.Where(s => !now.ContainsKey(s.Code)))
        {
            changes.Add($"État « {s.Label} » ({s.Code}) supprimé");
        }

        foreach (var s in b.States.Where(s => old.ContainsKey(s.Code)))
        {
            var o = old[s.Code];
            var prefix = $"État « {s.Label} » ({s.Code})";
            Changed(changes, prefix + ", libellé", o.Label, s.Label);
            if (o.Final != s.Final)
            {
                changes.Add($"{prefix} : {(s.Final ? "devient final" : "n'est plus final")}");
            }

            Changed(changes, prefix + ", visible par", List(o.VisibleTo, "tous"), List(s.VisibleTo, "tous"));
            Changed(changes, prefix + ", minuteries", List(o.Timers.Select(Timer), "aucune"), List(s.Timers.Select(Timer), "aucune"));
            Changed(changes, prefix + ", tâches", List(o.Tasks.Select(Task), "aucune"), List(s.Tasks.Select(Task), "aucune"));
            Changed(changes, prefix + ", activités à l'entrée", Activities(o.OnEntry), Activities(s.OnEntry));
        }

        return changes;
    }

    private static List<string> Transitions(WorkflowDefinition a, WorkflowDefinition b)
    {
        var changes = new List<string>();
        static string Key(TransitionDefinition t) => $"{t.From}|{t.Trigger}|{t.To}|{t.Guard}";
        var labels = a.States.Concat(b.States).GroupBy(s => s.Code).ToDictionary(g => g.Key, g => g.Last().Label);
        string Name(TransitionDefinition t) =>
            $"« {t.Label ?? t.Trigger} » ({t.Trigger}) de « {labels.GetValueOrDefault(t.From, t.From)} » vers « {labels.GetValueOrDefault(t.To, t.To)} »";
        var old = a.Transitions.GroupBy(Key).ToDictionary(g => g.Key, g => g.First());
        var now = b.Transitions.GroupBy(Key).ToDictionary(g => g.Key, g => g.First());
        foreach (var t in b.Transitions.Where(t => !old.ContainsKey(Key(t))))
        {
            changes.Add($"Nouvelle transition {Name(t)}, pour {List(t.Roles, "personne")}{(t.Guard is null ? "" : $", si {t.Guard}")}");
        }

        foreach (var t in a.Transitions.Where(t => !now.ContainsKey(Key(t))))
        {
            changes.Add($"Transition {Name(t)} supprimée");
        }

        foreach (var t in b.Transitions.Where(t => old.ContainsKey(Key(t))))
        {
            var o = old[Key(t)];
            var prefix = "Transition " + Name(t);
            Changed(changes, prefix + ", libellé", o.Label, t.Label);
            Changed(changes, prefix + ", rôles", List(o.Roles, "personne"), List(t.Roles, "personne"));
            Changed(changes, prefix + ", activités", Activities(o.Activities), Activities(t.Activities));
            Changed(changes, prefix + ", champs à saisir", List(o.Fields.Select(f => f.Label), "aucun"), List(t.Fields.Select(f => f.Label), "aucun"));
        }

        return changes;
    }

    private static List<string> Templates(WorkflowDefinition a, WorkflowDefinition b)
    {
        var changes = new List<string>();
        foreach (var name in a.EmailTemplates.Keys.Union(b.EmailTemplates.Keys).Order(StringComparer.Ordinal))
        {
            var had = a.EmailTemplates.TryGetValue(name, out var o);
            var has = b.EmailTemplates.TryGetValue(name, out var n);
            if (!had)
            {
                changes.Add($"Nouveau gabarit « {name} » : objet « {n!.Subject} »");
                continue;
            }

            if (!has)
            {
                changes.Add($"Gabarit « {name} » supprimé");
                continue;
            }

            Changed(changes, $"Gabarit « {name} », objet", o!.Subject, n!.Subject);
            if (o.Body != n.Body)
            {
                var oldLines = o.Body.ReplaceLineEndings("\n").Split('\n');
                var newLines = n.Body.ReplaceLineEndings("\n").Split('\n');
                var removed = oldLines.Except(newLines).Where(l => l.Trim().Length > 0).ToList();
                var added = newLines.Except(oldLines).Where(l => l.Trim().Length > 0).ToList();
                changes.Add($"Gabarit « {name} », corps modifié" +
                    string.Concat(removed.Select(l => $"\n  − {l.Trim()}")) + string.Concat(added.Select(l => $"\n  + {l.Trim()}")));
            }
        }

        return changes;
    }

    private static void Changed(List<string> changes, string what, string? before, string? after)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            changes.Add($"{what} : {Quote(before)} → {Quote(after)}");
        }

        static string Quote(string? s) => string.IsNullOrEmpty(s) ? "(vide)" : $"« {s} »";
    }

    private static string List(IEnumerable<string> items, string none)
    {
        var list = items.ToList();
        return list.Count == 0 ? none : string.Join(", ", list);
    }

    private static string Timer(TimerDefinition t) =>
        $"après {Durations.ToWords(t.After) ?? t.After} : {t.Trigger}";

    private static string Task(HumanTaskDefinition t) =>
        $"{t.Label} ({List(t.Roles, "personne")}{(t.DueIn is null ? "" : ", sous " + (Durations.ToWords(t.DueIn) ?? t.DueIn))})";

    private static string Activities(IReadOnlyList<ActivityInvocation> activities) =>
        List(activities.Select(a => a.Inputs.Count == 0 ? a.Type : $"{a.Type} ({string.Join(", ", a.Inputs.Select(i => $"{i.Key} = {Show(i.Value)}"))})"), "aucune");

    /// <summary>A rule value as an analyst reads it: French numbers, durations in words.</summary>
    public static string Show(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDecimal().ToString("#,##0.##", s_fr),
        JsonValueKind.String when Durations.ToWords(value.GetString()) is { } words => $"{value.GetString()} ({words})",
        JsonValueKind.String => $"« {value.GetString()} »",
        JsonValueKind.True => "oui",
        JsonValueKind.False => "non",
        JsonValueKind.Array => "[" + string.Join(", ", value.EnumerateArray().Select(Show)) + "]",
        JsonValueKind.Object => "{ " + string.Join(", ", value.EnumerateObject().Select(p => $"{p.Name} : {Show(p.Value)}")) + " }",
        _ => "(vide)",
    };

    private static WorkflowDefinition? Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<WorkflowDefinition>(json, DefinitionJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
