namespace Segur.Bench;

/// <summary>
/// The smallest workflow that still does a whole fire: two states, one transition each way, for the
/// engine's own role. No subject source (no facts), no activities, timers, tasks or expressions: what is
/// left is the cost of the engine and of its one transaction (read, versioned update, journal, outbox).
/// </summary>
internal static class BenchDefinition
{
    public const string Id = "bench-toggle";

    public const string SubjectType = "Bench";

    public const string StateA = "A";

    public const string StateB = "B";

    public const string Go = "Go";

    public const string Back = "Back";

    public const string Json = """
        {
          "id": "bench-toggle",
          "name": "Banc d'essai : bascule",
          "description": "Deux états et une transition dans chaque sens, pour mesurer le coût d'un déclenchement.",
          "subjectType": "Bench",
          "initialState": "A",
          "states": [
            { "code": "A", "label": "État A" },
            { "code": "B", "label": "État B" }
          ],
          "transitions": [
            { "from": "A", "trigger": "Go", "to": "B", "label": "Aller", "roles": ["Systeme"] },
            { "from": "B", "trigger": "Back", "to": "A", "label": "Revenir", "roles": ["Systeme"] }
          ]
        }
        """;

    /// <summary>The trigger that moves an instance out of <paramref name="state"/>.</summary>
    public static string NextTrigger(string state) => state == StateA ? Go : Back;
}
