using System.Text;
using PdfSharp.Pdf.Content;
using PdfSharp.Pdf.Content.Objects;
using PdfSharp.Pdf.IO;

namespace Segur.Workflows.Tests.TestSupport;

/// <summary>
/// The text a PDF shows, read back with PDFsharp's content reader: every string its pages draw, in order, decoded from
/// WinAnsi (Windows-1252), with no-break spaces as plain spaces so that "1 234,56 €" can be searched as typed.
/// Shared by the test projects (linked into Segur.Host.Tests).
/// </summary>
public static class PdfText
{
    private static readonly Encoding s_winAnsi = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    public static string Read(byte[] pdf)
    {
        using var stream = new MemoryStream(pdf);
        using var document = PdfReader.Open(stream, PdfDocumentOpenMode.Import);
        var text = new StringBuilder();
        foreach (var page in document.Pages)
        {
            Collect(ContentReader.ReadContent(page), text);
        }

        return text.ToString().Replace('\u00A0', ' ');
    }

    public static int PageCount(byte[] pdf)
    {
        using var stream = new MemoryStream(pdf);
        using var document = PdfReader.Open(stream, PdfDocumentOpenMode.Import);
        return document.PageCount;
    }

    private static void Collect(CObject content, StringBuilder text)
    {
        switch (content)
        {
            case CString value:
                text.Append(s_winAnsi.GetString(value.Value.Select(c => (byte)c).ToArray())).Append('\n');
                break;
            case CSequence sequence:
                foreach (var item in sequence)
                {
                    Collect(item, text);
                }

                break;
            case COperator op:
                foreach (var operand in op.Operands)
                {
                    Collect(operand, text);
                }

                break;
        }
    }
}
