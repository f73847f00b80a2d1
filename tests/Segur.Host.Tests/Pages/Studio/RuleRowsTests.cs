using System.Text.Json.Nodes;
using Segur.Studio.Pages.Definitions;

namespace Segur.Host.Tests.Pages.Studio;

/// <summary>The rules editor's checks of a table of lists (piecesRequises), with the constraints the definitions' schema gives.</summary>
public sealed class RuleRowsTests
{
    private static JsonObject Required() => new() { ["avance"] = new JsonArray("BON_COMMANDE") };

    [Fact]
    public void TheRequiredDocuments_AreEditedAsListsOfCodesPerRequestType_WithTheSchemasKeysAndPattern()
    {
        var schema = RuleSchema.Of("piecesRequises");

        Assert.Equal(RuleKind.Lists, RuleValues.KindOf("piecesRequises", Required()));
        Assert.Equal(RuleKind.Lists, RuleValues.KindOf("piecesRequises", new JsonObject()));
        Assert.Equal(RuleKind.Table, RuleValues.KindOf("plafondsHT", new JsonObject()));
        Assert.Equal(["avance", "solde"], schema.AllowedKeys);
        Assert.NotNull(schema.ItemPattern);
        Assert.Contains("typeFichier", schema.Description);
    }

    [Theory]
    [InlineData("", "Clé : obligatoire (avance ou solde).")]
    [InlineData("acompte", "Clé : « acompte » n'est pas admise (clés admises : avance, solde).")]
    [InlineData(" Avance ", "Clé : « avance » existe déjà ; ajoutez ses éléments sur sa ligne.")]
    public void ANewRequestType_IsRefused_WhenEmptyUnknownOrAlreadyThere(string typed, string error)
    {
        var (key, message) = RuleRows.NewListKey(Required(), typed, RuleSchema.Of("piecesRequises").AllowedKeys);

        Assert.Null(key);
        Assert.Equal(error, message);
    }

    [Fact]
    public void ANewRequestType_IsWrittenAsTheSchemaNamesIt()
    {
        Assert.Equal(((string?)"solde", (string?)null), RuleRows.NewListKey(Required(), "SOLDE", RuleSchema.Of("piecesRequises").AllowedKeys));
    }

    [Theory]
    [InlineData("  ", "Code : obligatoire (par exemple « FACTURE »).")]
    [InlineData("bon commande", "Code : « BON COMMANDE » doit commencer par une lettre et ne contenir que des lettres sans accent, des chiffres et « _ ».")]
    [InlineData("pièce", "Code : « PIÈCE » doit commencer par une lettre et ne contenir que des lettres sans accent, des chiffres et « _ ».")]
    [InlineData("bon_commande", "Code : « BON_COMMANDE » est déjà dans la liste.")]
    public void ANewCode_IsRefused_WhenEmptyBadlyWrittenOrAlreadyListed(string typed, string error)
    {
        var (code, message) = RuleRows.NewCode((JsonArray)Required()["avance"]!, typed, RuleSchema.Of("piecesRequises").ItemPattern);

        Assert.Null(code);
        Assert.Equal(error, message);
    }

    [Fact]
    public void ANewCode_IsWrittenInCapitals()
    {
        Assert.Equal(((string?)"PV_INSTALLATION", (string?)null), RuleRows.NewCode((JsonArray)Required()["avance"]!, " pv_installation ", RuleSchema.Of("piecesRequises").ItemPattern));
    }
}
