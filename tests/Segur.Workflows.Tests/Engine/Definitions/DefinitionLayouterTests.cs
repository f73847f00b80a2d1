using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Engine.Definitions;

public sealed class DefinitionLayouterTests
{
    [Fact]
    public void TheFinancingRequest_IsLaidOutInLayers_FromItsInitialState_WithNoStateOverAnother()
    {
        var definition = DefinitionEdits.Parse(File.ReadAllText(Path.Combine(Compilers.DefinitionsFolder, "financing-request.json")));
        definition.Remove("layout");
        var codes = DefinitionEdits.StateCodes(definition);
        var ends = Ends(definition);

        var placed = DefinitionLayouter.Place(codes, "NonCompletee", ends);

        Assert.Equal(codes.Order(), placed.Keys.Order());
        Assert.Equal(placed.Values.Min(p => p.X), placed["NonCompletee"].X);
        Assert.True(placed["EnCours"].X > placed["NonCompletee"].X);
        Assert.True(placed["Decidee"].X > placed["Validee"].X);
        foreach (var (a, pa) in placed)
        {
            foreach (var (b, pb) in placed.Where(p => p.Key != a))
            {
                Assert.False(Overlap(pa, pb), $"« {a} » et « {b} » se chevauchent");
            }
        }
    }

    [Fact]
    public void ACycle_IsLaidOutOnce_EachStateOneLayerAfterTheStateLeadingToIt()
    {
        var placed = DefinitionLayouter.Place(["A", "B", "C"], "A", [("A", "B"), ("B", "C"), ("C", "B"), ("B", "A")]);

        Assert.True(placed["A"].X < placed["B"].X);
        Assert.True(placed["B"].X < placed["C"].X);
    }

    [Fact]
    public void KeptPositions_StayWhereTheAnalystPutThem_AndANewStateTakesAFreeSpot()
    {
        var kept = new Dictionary<string, NodePosition> { ["A"] = new(40, 40), ["B"] = new(370, 40) };

        var placed = DefinitionLayouter.Place(["A", "B", "C"], "A", [("A", "B"), ("A", "C")], kept);

        Assert.Equal(new NodePosition(40, 40), placed["A"]);
        Assert.Equal(new NodePosition(370, 40), placed["B"]);
        Assert.False(Overlap(placed["C"], placed["A"]));
        Assert.False(Overlap(placed["C"], placed["B"]));
    }

    [Fact]
    public void ADefinitionWithoutStates_HasNothingToPlace() =>
        Assert.Empty(DefinitionLayouter.Place([], null, []));

    internal static List<(string From, string To)> Ends(System.Text.Json.Nodes.JsonObject definition) =>
        DefinitionEdits.Transitions(definition).Select(t => (DefinitionEdits.Text(t, "from")!, DefinitionEdits.Text(t, "to")!)).ToList();

    private static bool Overlap(NodePosition a, NodePosition b) =>
        Math.Abs(a.X - b.X) < DefinitionLayouter.NodeWidth && Math.Abs(a.Y - b.Y) < DefinitionLayouter.NodeHeight;
}
