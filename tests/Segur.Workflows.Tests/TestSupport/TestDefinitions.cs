using Microsoft.Extensions.DependencyInjection;
using Segur.Workflows.Engine.Activities;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Versions;

namespace Segur.Workflows.Tests.TestSupport;

/// <summary>Small definitions written for one behaviour of the engine.</summary>
public static class TestDefinitions
{
    /// <summary>A → Go → B, running ComputeAmounts, SendEmail then Flaky; plus a guard that never ends.</summary>
    public static string Flaky(string id) => $$$"""
        {
          "id": "{{{id}}}",
          "name": "Test : activité qui échoue",
          "subjectType": "FinancingRequest",
          "initialState": "A",
          "rules": { "pourcentageAvance": 30, "tauxTVA": 20, "plafondsHT": { "LGC": 1200 } },
          "emailTemplates": { "info": { "subject": "Demande {{ subject.numeroAsp }}", "body": "Bonjour" } },
          "states": [
            { "code": "A", "label": "Départ" },
            { "code": "B", "label": "Arrivée", "final": true },
            { "code": "C", "label": "Jamais", "final": true }
          ],
          "transitions": [
            { "from": "A", "trigger": "Go", "to": "B", "roles": ["Gestionnaire"],
              "activities": [
                { "type": "ComputeAmounts" },
                { "type": "SendEmail", "inputs": { "to": "=subject.emailContact", "template": "info" } },
                { "type": "Flaky" }
              ] },
            { "from": "A", "trigger": "Boucler", "to": "C", "roles": ["Gestionnaire"], "guard": "(() => { while (true) {} })()" }
          ]
        }
        """;
}

/// <summary>Fails while <see cref="FlakySwitch.Failing"/> is on: the stand-in for a domain service that is down.</summary>
public sealed class Flaky(FlakySwitch flakySwitch) : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new(nameof(Flaky), "Test", "Échoue tant que le service est indisponible.", []);

    public ValueTask ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        flakySwitch.Failing ? throw new InvalidOperationException("Service de paiement indisponible") : ValueTask.CompletedTask;
}

public sealed class FlakySwitch
{
    public bool Failing { get; set; } = true;
}

public static class EngineHostExtensions
{
    public static async Task PublishAsync(this EngineHost host, string id, string json)
    {
        Assert.Empty(host.Catalog.Compiler.Validate(json));
        await host.Services.GetRequiredService<DefinitionDrafts>().PublishJsonAsync(id, json, "analyste-test");
    }

    public static Task<Guid> StartOnAsync(this EngineHost host, string definitionId, Guid subjectId) =>
        host.Runtime.StartAsync(definitionId, subjectId.ToString(), Actor.System);
}
