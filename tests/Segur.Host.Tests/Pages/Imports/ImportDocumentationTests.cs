using Segur.Host.Components.Pages.Imports;
using Segur.Workflows.Imports;

namespace Segur.Host.Tests.Pages.Imports;

public sealed class ImportDocumentationTests
{
    [Fact]
    public void EveryTreatmentCodeTheImportWrites_IsExplainedOnTheDocumentationPage()
    {
        var written = typeof(TreatmentCodes).GetFields().Select(f => (string)f.GetRawConstantValue()!).Order();

        Assert.Equal(written, ImportDocumentation.Codes.Select(c => c.Code).Order());
    }
}
