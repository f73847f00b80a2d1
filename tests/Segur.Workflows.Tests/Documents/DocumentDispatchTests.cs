using Segur.Workflows.Documents;

namespace Segur.Workflows.Tests.Documents;

/// <summary>Which request each file of a multi-request zip goes to.</summary>
public sealed class DocumentDispatchTests
{
    private static readonly DispatchTarget A = Target("BDC-1", true, "bon-commande-1.pdf", "commun.pdf");
    private static readonly DispatchTarget B = Target("BDC-10", true, "commun.pdf");
    private static readonly DispatchTarget C = Target("BDC-2", true, "facture-2.pdf");
    private static readonly DispatchTarget Closed = Target("BDC-3", false, "devis-3.pdf");
    private static readonly IReadOnlyList<DispatchTarget> Targets = [A, B, C, Closed];

    [Theory]
    [InlineData("BDC-2", "nimporte.pdf", "BDC-2")]
    [InlineData("bdc-2", "nimporte.pdf", "BDC-2")]
    [InlineData("BDC-1", "facture-2.pdf", "BDC-1")]      // the folder wins over the expected name
    [InlineData("BDC-2", "BDC-1_bon.pdf", "BDC-2")]      // and over the prefix
    public void AFolderNamingANumeroEditeur_SendsTheFileThere(string folder, string file, string expected) =>
        Assert.Equal(expected, Route([folder], file).Target?.NumeroEditeur);

    [Fact]
    public void AWrappingFolder_DoesNotHideTheNumeroEditeurFolder() =>
        Assert.Equal("BDC-2", Route(["export", "BDC-2"], "scan.jpg").Target?.NumeroEditeur);

    [Theory]
    [InlineData("bon-commande-1.pdf", "BDC-1")]
    [InlineData("FACTURE-2.PDF", "BDC-2")]
    public void AFileExpectedByExactlyOneRequest_GoesThere(string file, string expected) =>
        Assert.Equal(expected, Route([], file).Target?.NumeroEditeur);

    [Theory]
    [InlineData("BDC-1_devis.pdf", "BDC-1")]
    [InlineData("BDC-10_devis.pdf", "BDC-10")]   // longest match wins
    [InlineData("bdc-2 scan.jpg", "BDC-2")]
    [InlineData("BDC-1.pdf", "BDC-1")]
    public void AFileNamedAfterANumeroEditeur_GoesToTheLongestMatch(string file, string expected) =>
        Assert.Equal(expected, Route([], file).Target?.NumeroEditeur);

    [Fact]
    public void APrefixMustEndAtASeparator() => Assert.Null(Route([], "BDC-100_devis.pdf").Target);

    [Fact]
    public void AFileExpectedBySeveralRequests_NeedsAFolderOrAPrefix()
    {
        var ambiguous = Route([], "commun.pdf");
        Assert.Null(ambiguous.Target);
        Assert.Contains("attendu par plusieurs demandes (BDC-1, BDC-10)", ambiguous.Problem);

        Assert.Equal("BDC-10", Route([], "BDC-10-commun.pdf").Target?.NumeroEditeur);
    }

    [Fact]
    public void AFileForARequestThatCannotReceiveDocuments_IsRefusedWithItsStatus()
    {
        var byFolder = Route(["BDC-3"], "devis-3.pdf");
        Assert.Null(byFolder.Target);
        Assert.Contains("destiné à la demande BDC-3", byFolder.Problem);
        Assert.Contains("« En cours »", byFolder.Problem);

        // Its expected name is not enough to reach it, and the prefix does not fall back on BDC-1 or BDC-10.
        Assert.Null(Route([], "devis-3.pdf").Target);
        Assert.Contains("BDC-3", Route([], "BDC-3_devis.pdf").Problem);
    }

    [Fact]
    public void AFileMatchingNothing_IsRefusedWithTheWayToFixIt()
    {
        var unmatched = Route(["divers"], "photo.png");
        Assert.Null(unmatched.Target);
        Assert.Contains("« z › divers/photo.png » ne correspond à aucune demande en attente de pièces", unmatched.Problem);
    }

    private static DispatchDecision Route(string[] folders, string file) =>
        DocumentDispatch.Route(folders, file, $"z › {string.Join("", folders.Select(f => f + "/"))}{file}", Targets);

    private static DispatchTarget Target(string numeroEditeur, bool canReceive, params string[] expected) =>
        new(Guid.NewGuid(), numeroEditeur, canReceive, canReceive ? "Non complétée" : "En cours",
            [.. expected.Select(e => new ExpectedDocument(e, "PDF", null))]);
}
