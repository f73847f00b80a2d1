using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Engine.Definitions;

/// <summary>The designer's changes to a definition's JSON, checked with the product's compiler.</summary>
public sealed class DefinitionEditsTests
{
    private readonly DefinitionCompiler _compiler = Compilers.Product();

    private static System.Text.Json.Nodes.JsonObject FinancingRequest() =>
        DefinitionEdits.Parse(File.ReadAllText(Path.Combine(Compilers.DefinitionsFolder, "financing-request.json")));

    [Fact]
    public void RenamingAState_RenamesItInItsTransitions_TheInitialState_AndTheLayout_AndTheDefinitionStaysValid()
    {
        var definition = FinancingRequest();
        DefinitionEdits.SetPosition(definition, "NonCompletee", new NodePosition(12.4, 30.6));

        DefinitionEdits.RenameState(definition, "NonCompletee", "Brouillon");

        var json = DefinitionEdits.Write(definition);
        Assert.Empty(_compiler.Validate(json));
        Assert.DoesNotContain("NonCompletee", json);
        Assert.Equal("Brouillon", DefinitionEdits.Text(definition, "initialState"));
        Assert.Equal(new NodePosition(12, 31), DefinitionEdits.Positions(definition)["Brouillon"]);
        Assert.Equal(3, DefinitionEdits.Transitions(definition).Count(t => DefinitionEdits.Text(t, "from") == "Brouillon"));
    }

    [Fact]
    public void RenamingAState_ToACodeInUse_IsRefused()
    {
        var definition = FinancingRequest();

        var refused = Assert.Throws<InvalidOperationException>(() => DefinitionEdits.RenameState(definition, "EnCours", "Validee"));

        Assert.Contains("existe déjà", refused.Message);
    }

    [Fact]
    public void AddingAStateAndATransitionIntoIt_GivesAValidDefinition_WithUnusedCodes()
    {
        var definition = FinancingRequest();

        var first = DefinitionEdits.AddState(definition, new NodePosition(900, 40));
        var second = DefinitionEdits.AddState(definition, new NodePosition(900, 200));
        var index = DefinitionEdits.AddTransition(definition, "EnCours", first);
        var other = DefinitionEdits.AddTransition(definition, "EnCours", second);
        DefinitionEdits.States(definition)[^1]!["final"] = true;
        DefinitionEdits.States(definition)[^2]!["final"] = true;

        Assert.Equal(("NouvelEtat", "NouvelEtat2"), (first, second));
        Assert.Equal("NouvelleAction", DefinitionEdits.Text(DefinitionEdits.Transitions(definition)[index], "trigger"));
        Assert.Equal("NouvelleAction2", DefinitionEdits.Text(DefinitionEdits.Transitions(definition)[other], "trigger"));
        Assert.Empty(_compiler.Validate(DefinitionEdits.Write(definition)));
    }

    [Fact]
    public void DeletingAState_DeletesTheTransitionsThatLeaveOrReachIt_AndItsPosition_AndValidationNamesWhatStillCitesThem()
    {
        var definition = FinancingRequest();
        var before = DefinitionEdits.Transitions(definition).Count;
        DefinitionEdits.SetPosition(definition, "EnAttentePiece", new NodePosition(1, 2));

        DefinitionEdits.DeleteState(definition, "EnAttentePiece");

        Assert.DoesNotContain("EnAttentePiece", DefinitionEdits.StateCodes(definition));
        Assert.DoesNotContain(DefinitionEdits.Transitions(definition), t => DefinitionEdits.Text(t, "from") == "EnAttentePiece" || DefinitionEdits.Text(t, "to") == "EnAttentePiece");
        Assert.True(DefinitionEdits.Transitions(definition).Count < before);
        Assert.False(DefinitionEdits.Positions(definition).ContainsKey("EnAttentePiece"));
        // The task's outcome still cites the deleted trigger: the analyst sees it at its place.
        var problem = Assert.Single(_compiler.Validate(DefinitionEdits.Write(definition)));
        Assert.Equal("$.states[2].tasks[0].outcomes.Demander une pièce", problem.Path);
    }

    [Fact]
    public void DeletingATransition_RemovesOnlyIt()
    {
        var definition = FinancingRequest();
        var second = DefinitionEdits.Text(DefinitionEdits.Transitions(definition)[1], "trigger");

        DefinitionEdits.DeleteTransition(definition, 0);

        Assert.Equal(second, DefinitionEdits.Text(DefinitionEdits.Transitions(definition)[0], "trigger"));
    }

    [Fact]
    public void ThePositionsKeptOnTheCanvas_AreIgnoredByTheEngine_AndTheRestOfTheTextIsUntouched()
    {
        var original = FinancingRequest();
        var definition = FinancingRequest();
        var ends = DefinitionLayouterTests.Ends(definition);

        DefinitionEdits.SetPositions(definition, DefinitionLayouter.Place(DefinitionEdits.StateCodes(definition), "NonCompletee", ends));
        var json = DefinitionEdits.Write(definition);

        Assert.Empty(_compiler.Validate(json));
        Assert.Equal(DefinitionEdits.StateCodes(definition).Count, DefinitionEdits.Positions(definition).Count);
        definition.Remove("layout");
        original.Remove("layout");
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(original, definition));
        var compiled = _compiler.Compile(json, 1);
        Assert.Equal(DefinitionEdits.StateCodes(definition).Count, compiled.Model.Layout!.States.Count);
    }
}
