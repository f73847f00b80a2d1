using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Segur.Workflows.Engine.Simulation;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Tests.TestSupport;
using static Segur.Workflows.Tests.TestSupport.Subjects;

namespace Segur.Workflows.Tests.Engine.Simulation;

/// <summary>What a draft's rule change would change for the live requests, before and after.</summary>
public abstract class WhatIfTests(DatabaseKind kind) : IAsyncLifetime
{
    private EngineHost _host = null!;

    private DefinitionDrafts Drafts => _host.Services.GetRequiredService<DefinitionDrafts>();

    private WhatIfAnalysis WhatIf => _host.Services.GetRequiredService<WhatIfAnalysis>();

    public async Task InitializeAsync() => _host = await EngineHost.StartAsync(kind);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task RaisingOneCeiling_ListsExactlyTheLiveRequestsAboveTheOldCeiling_WithBeforeAndAfter()
    {
        var (above, _, _) = await NewRequestAsync(_host, typeLogiciel: "LGC", declaredHT: 2000m);
        await NewRequestAsync(_host, typeLogiciel: "LGC", declaredHT: 1000m); // under both ceilings
        await NewRequestAsync(_host, typeLogiciel: "DPI", declaredHT: 30000m); // another software type
        var (finished, finishedInstance, supplier) = await NewRequestAsync(_host, typeLogiciel: "LGC", declaredHT: 5000m);
        await _host.FireAsync(finishedInstance, "Supprimer", supplier); // final: not live

        await EditDraftAsync(json => json["rules"]!["plafondsHT"]!["LGC"] = 1500);
        var report = await WhatIf.CompareDraftAsync("financing-request");

        Assert.Equal(3, report.Examined);
        Assert.True(report.Affected.Count == 1, string.Join("\n", report.Affected.Select(a => a.Reference + ": " + string.Join("; ", a.Differences))));
        var line = Assert.Single(report.Affected);
        Assert.Equal(above.NumeroAsp, line.Reference);
        var retained = line.Differences.Single(d => d.What == "Engagement retenu HT");
        Assert.Equal(("120000", "150000"), (Digits(retained.Before), Digits(retained.After)));
        Assert.Contains(line.Differences, d => d.What == "Montant décidé");
        Assert.DoesNotContain(line.Differences, d => d.What.StartsWith("Actions possibles"));
        Assert.DoesNotContain(finished.NumeroAsp, report.Affected.Select(a => a.Reference));
    }

    [Fact]
    public async Task ChangingAGuard_ListsTheRequestsWhosePermittedActionsWouldDiffer()
    {
        var (avance, _, _) = await NewRequestAsync(_host);
        var (inInstruction, instance, supplier) = await NewRequestAsync(_host);
        await _host.FireAsync(instance, "CompleterPieces", supplier);

        await EditDraftAsync(json =>
        {
            var delete = json["transitions"]!.AsArray().Single(t => (string?)t!["trigger"] == "Supprimer")!;
            delete["guard"] = "subject.type === 'solde'";
        });
        var report = await WhatIf.CompareDraftAsync("financing-request");

        var line = Assert.Single(report.Affected);
        Assert.Equal(avance.NumeroAsp, line.Reference);
        var actions = Assert.Single(line.Differences);
        Assert.Equal("Actions possibles (Fournisseur)", actions.What);
        Assert.Equal(("Compléter les pièces justificatives, Supprimer la demande", "Compléter les pièces justificatives"), (actions.Before, actions.After));
        Assert.DoesNotContain(inInstruction.NumeroAsp, report.Affected.Select(a => a.Reference));
    }

    private async Task EditDraftAsync(Action<JsonNode> edit)
    {
        var draft = await Drafts.OpenAsync("financing-request", "ANA-ALICE");
        var json = JsonNode.Parse(draft.Json)!;
        edit(json);
        var saved = await Drafts.SaveAsync("financing-request", json.ToJsonString(), "ANA-ALICE", draft.Token);
        Assert.Empty(saved.Problems);
    }

    private static string Digits(string text) => string.Concat(text.Where(char.IsDigit));
}

public sealed class WhatIfTestsOnSqlite() : WhatIfTests(DatabaseKind.Sqlite);

public sealed class WhatIfTestsOnPostgreSql() : WhatIfTests(DatabaseKind.PostgreSql);
