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
        Assert.Equal(placed.Values.Min(p => p.Y), placed["NonCompletee"].Y);
        Assert.True(placed["EnCours"].Y > placed["NonCompletee"].Y);
        Assert.True(placed["Decidee"].Y > placed["Validee"].Y);
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

        Assert.True(placed["A"].Y < placed["B"].Y);
        Assert.True(placed["B"].Y < placed["C"].Y);
    }

    [Fact]
    public void KeptPositions_StayWhereTheAnalystPutThem_AndANewStateTakesAFreeSpot()
    {
        var kept = new Dictionary<string, NodePosition> { ["A"] = new(40, 40), ["B"] = new(40, 230) };

        var placed = DefinitionLayouter.Place(["A", "B", "C"], "A", [("A", "B"), ("A", "C")], kept);

        Assert.Equal(new NodePosition(40, 40), placed["A"]);
        Assert.Equal(new NodePosition(40, 230), placed["B"]);
        Assert.False(Overlap(placed["C"], placed["A"]));
        Assert.False(Overlap(placed["C"], placed["B"]));
    }

    /// <summary>Writes the laid-out positions of every release definition (run by hand to refresh their "layout" blocks).</summary>
    [Fact]
    public void EveryReleaseDefinition_CanBeLaidOut()
    {
        foreach (var file in Directory.EnumerateFiles(Compilers.DefinitionsFolder, "*.json"))
        {
            var definition = DefinitionEdits.Parse(File.ReadAllText(file));
            var placed = DefinitionLayouter.Place(DefinitionEdits.StateCodes(definition), DefinitionEdits.Text(definition, "initialState"), Ends(definition));
            Assert.Equal(DefinitionEdits.StateCodes(definition).Count, placed.Count);
            File.WriteAllText(Path.Combine(Path.GetTempPath(), "layout-" + Path.GetFileName(file)),
                string.Join(",\n", placed.Select(p => $"      \"{p.Key}\": {{ \"x\": {p.Value.X}, \"y\": {p.Value.Y} }}")));
        }
    }

    [Fact]
    public void ADefinitionWithoutStates_HasNothingToPlace() =>
        Assert.Empty(DefinitionLayouter.Place([], null, []));

    internal static List<(string From, string To)> Ends(System.Text.Json.Nodes.JsonObject definition) =>
        DefinitionEdits.Transitions(definition).Select(t => (DefinitionEdits.Text(t, "from")!, DefinitionEdits.Text(t, "to")!)).ToList();

    private static bool Overlap(NodePosition a, NodePosition b) =>
        Math.Abs(a.X - b.X) < DefinitionLayouter.NodeWidth && Math.Abs(a.Y - b.Y) < DefinitionLayouter.NodeHeight;
}
