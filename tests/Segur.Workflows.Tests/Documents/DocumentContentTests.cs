using System.Text;
using Segur.Workflows.Documents;
using static Segur.Workflows.Tests.Documents.DocumentTestFiles;

namespace Segur.Workflows.Tests.Documents;

/// <summary>The content check and the names documents are kept under: plain rules, no database.</summary>
public sealed class DocumentContentTests
{
    [Fact]
    public void Pdf_Png_AndJpeg_AreRecognisedByTheirFirstBytes()
    {
        Assert.Equal(DocumentFormat.Pdf, DocumentContent.Detect(Pdf()));
        Assert.Equal(DocumentFormat.Png, DocumentContent.Detect(Png()));
        Assert.Equal(DocumentFormat.Jpeg, DocumentContent.Detect(Jpeg()));
    }

    [Theory]
    [InlineData("Ceci n'est pas un PDF.")]
    [InlineData("%PDF")]
    [InlineData(" %PDF-1.7")]
    [InlineData("GIF89a")]
    [InlineData("")]
    public void AnythingElse_IsNotADocument(string text) => Assert.Null(DocumentContent.Detect(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void AZip_IsRecognisedAsAContainer_NotAsADocument()
    {
        var zip = Zip(("bon.pdf", Pdf()));
        Assert.True(DocumentContent.IsZip(zip));
        Assert.Null(DocumentContent.Detect(zip));
        Assert.False(DocumentContent.IsZip(Pdf()));
    }

    [Fact]
    public void TheRefusalNamesTheFile_InFrench() =>
        Assert.Equal("« facture.pdf » n'est pas un PDF, un JPEG ni un PNG valide.", DocumentContent.NotAcceptedMessage("facture.pdf"));

    [Theory]
    [InlineData("facture.pdf", "facture.pdf")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData(@"C:\Users\compta\Bon de commande.pdf", "Bon de commande.pdf")]
    [InlineData("dossier/sous-dossier/scan.jpg", "scan.jpg")]
    [InlineData("fac\u0000tu\u001Fre\u007F.pdf", "facture.pdf")]
    [InlineData("photo\u202Egnp.exe", "photognp.exe")]
    [InlineData("  espace.pdf  ", "espace.pdf")]
    [InlineData("points.pdf...", "points.pdf")]
    [InlineData("../", "")]
    public void FileNames_KeepTheirLastSegment_WithoutControlOrInvisibleCharacters(string raw, string expected) =>
        Assert.Equal(expected, DocumentFileName.Clean(raw, 200));

    [Fact]
    public void FileNames_AreNormalisedSoThatAccentsMatch() =>
        Assert.Equal("facturé.pdf", DocumentFileName.Clean("facture\u0301.pdf", 200));

    [Fact]
    public void ALongName_IsCut_KeepingItsExtension()
    {
        var name = DocumentFileName.Clean(new string('a', 500) + ".pdf", 200);
        Assert.Equal(200, name.Length);
        Assert.EndsWith("aaa.pdf", name);
    }

    [Fact]
    public void ExpectedFiles_AreReadFromTheImportLine()
    {
        var expected = ExpectedDocuments.FromLine(DocumentSubjects.Line("BDC-1", "bon.pdf", "dossier/facture.pdf"), 200);
        Assert.Equal(["bon.pdf", "facture.pdf"], expected.Select(e => e.NomFichier));
        Assert.Equal("BON_COMMANDE", expected[0].TypeFichier);
        Assert.Empty(ExpectedDocuments.FromLine(null, 200));
        Assert.Empty(ExpectedDocuments.FromLine("""{"numeroEditeur":"BDC-1"}""", 200));
        Assert.Empty(ExpectedDocuments.FromLine("pas du JSON", 200));
    }

    [Fact]
    public void ARequest_IsComplete_WhenEveryExpectedNameHasADocument_IgnoringCase()
    {
        var expected = ExpectedDocuments.FromLine(DocumentSubjects.Line("BDC-1", "bon.pdf", "facture.pdf"), 200);
        Assert.False(ExpectedDocuments.IsComplete(expected, ["bon.pdf"]));
        Assert.Equal(["facture.pdf"], ExpectedDocuments.Missing(expected, ["bon.pdf", "autre.pdf"]));
        Assert.True(ExpectedDocuments.IsComplete(expected, ["BON.PDF", "Facture.pdf"]));
    }

    [Fact]
    public void ARequestExpectingNothingInParticular_IsComplete_WithAnyDocument()
    {
        Assert.False(ExpectedDocuments.IsComplete([], []));
        Assert.True(ExpectedDocuments.IsComplete([], ["scan.jpg"]));
    }
}
