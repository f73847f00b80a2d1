using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Segur.Workflows.Documents.Pdf;

/// <summary>
/// One A4 page of an ASP letter, written top to bottom: letterhead, title, framed blocks, tables of facts and amounts,
/// wrapped paragraphs, footer. Text is WinAnsi-encoded (every French letter, « », – and € are in it), so the page's text
/// stays readable by any PDF tool.
/// </summary>
internal sealed class PdfSheet : IDisposable
{
    private const double Margin = 50;
    private static readonly XColor s_brand = XColor.FromArgb(0, 0x35, 0x6B);
    private static readonly XColor s_light = XColor.FromArgb(0xEE, 0xF2, 0xF8);
    private static readonly XColor s_rule = XColor.FromArgb(0xB8, 0xC4, 0xD6);
    private static readonly XPdfFontOptions s_winAnsi = new(PdfFontEncoding.WinAnsi);

    private readonly PdfDocument _document;
    private readonly XGraphics _graphics;
    private readonly XFont _body = Font(10);
    private readonly XFont _bodyBold = Font(10, bold: true);
    private readonly XFont _small = Font(8);
    private double _y;
    private bool _drawn;

    public PdfSheet(string title, string subject)
    {
        _document = new PdfDocument();
        _document.Info.Title = title;
        _document.Info.Subject = subject;
        _document.Info.Author = "Agence de Services et de Paiement – Portail Ségur";
        _document.Info.Creator = "Portail Ségur";
        var page = _document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        _graphics = XGraphics.FromPdfPage(page);
        _y = Margin;
    }

    private double Width => _graphics.PageSize.Width - (2 * Margin);

    /// <summary>The agency's letterhead on the left, the document's reference and date on the right.</summary>
    public void Letterhead(string reference, string date)
    {
        _graphics.DrawRectangle(new XSolidBrush(s_brand), 0, 0, _graphics.PageSize.Width, 8);
        _graphics.DrawString("Agence de Services et de Paiement", Font(13, bold: true), new XSolidBrush(s_brand), Margin, _y + 12);
        _graphics.DrawString("Programme Ségur du numérique en santé – financement des éditeurs (SONS)", _small, XBrushes.DimGray, Margin, _y + 26);
        var right = new XRect(Margin, _y + 2, Width, 12);
        _graphics.DrawString($"Référence : {reference}", _small, XBrushes.Black, right, XStringFormats.TopRight);
        right.Offset(0, 12);
        _graphics.DrawString($"Établi le {date}", _small, XBrushes.Black, right, XStringFormats.TopRight);
        _y += 44;
        Rule();
    }

    /// <summary>The addressee, framed on the right as in a windowed envelope.</summary>
    public void Addressee(IReadOnlyList<string> lines)
    {
        const double boxWidth = 240;
        var x = Margin + Width - boxWidth;
        var height = 14 + (lines.Count * 13);
        _graphics.DrawRectangle(new XPen(s_rule, 0.8), x, _y, boxWidth, height);
        var y = _y + 7;
        for (var i = 0; i < lines.Count; i++)
        {
            _graphics.DrawString(lines[i], i == 0 ? _bodyBold : _body, XBrushes.Black, new XRect(x + 10, y, boxWidth - 20, 13), XStringFormats.TopLeft);
            y += 13;
        }

        _y += height + 18;
    }

    public void Title(string title, string subtitle)
    {
        _graphics.DrawString(title, Font(18, bold: true), new XSolidBrush(s_brand), Margin, _y + 16);
        _graphics.DrawString(subtitle, _body, XBrushes.DimGray, Margin, _y + 32);
        _y += 46;
    }

    public void Heading(string text)
    {
        _y += 6;
        _graphics.DrawString(text, Font(11, bold: true), new XSolidBrush(s_brand), Margin, _y + 10);
        _y += 16;
    }

    /// <summary>Label / value rows, on a light background every other row.</summary>
    public void Facts(IReadOnlyList<(string Label, string Value)> rows)
    {
        const double rowHeight = 16;
        for (var i = 0; i < rows.Count; i++)
        {
            if (i % 2 == 0)
            {
                _graphics.DrawRectangle(new XSolidBrush(s_light), Margin, _y, Width, rowHeight);
            }

            _graphics.DrawString(rows[i].Label, _body, XBrushes.DimGray, new XRect(Margin + 6, _y + 3, 200, rowHeight), XStringFormats.TopLeft);
            _graphics.DrawString(rows[i].Value, _body, XBrushes.Black, new XRect(Margin + 210, _y + 3, Width - 216, rowHeight), XStringFormats.TopLeft);
            _y += rowHeight;
        }

        _y += 8;
    }

    /// <summary>Amounts right-aligned; the last row, the one that matters, in bold on the brand's colour.</summary>
    public void Amounts(IReadOnlyList<(string Label, string Amount)> rows)
    {
        const double rowHeight = 18;
        for (var i = 0; i < rows.Count; i++)
        {
            var total = i == rows.Count - 1;
            if (total)
            {
                _graphics.DrawRectangle(new XSolidBrush(s_brand), Margin, _y, Width, rowHeight);
            }
            else
            {
                _graphics.DrawLine(new XPen(s_rule, 0.5), Margin, _y + rowHeight, Margin + Width, _y + rowHeight);
            }

            var brush = total ? XBrushes.White : XBrushes.Black;
            var font = total ? _bodyBold : _body;
            _graphics.DrawString(rows[i].Label, font, brush, new XRect(Margin + 6, _y + 4, Width - 150, rowHeight), XStringFormats.TopLeft);
            _graphics.DrawString(rows[i].Amount, font, brush, new XRect(Margin, _y + 4, Width - 6, rowHeight), XStringFormats.TopRight);
            _y += rowHeight;
        }

        _y += 10;
    }

    /// <summary>A paragraph wrapped to the page's width.</summary>
    public void Paragraph(string text, bool small = false)
    {
        var font = small ? _small : _body;
        var lineHeight = small ? 10.5 : 13.5;
        foreach (var line in Wrap(text, font))
        {
            _graphics.DrawString(line, font, small ? XBrushes.DimGray : XBrushes.Black, Margin, _y + lineHeight - 3);
            _y += lineHeight;
        }

        _y += 6;
    }

    /// <summary>Place, date and who signs, on the right.</summary>
    public void Signature(IReadOnlyList<string> lines)
    {
        _y += 8;
        foreach (var line in lines)
        {
            _graphics.DrawString(line, _body, XBrushes.Black, new XRect(Margin, _y, Width, 13), XStringFormats.TopRight);
            _y += 13;
        }
    }

    /// <summary>Draws the footer (the document's name, then what to do with it) and returns the PDF's bytes.</summary>
    public byte[] Save(string documentName)
    {
        var bottom = _graphics.PageSize.Height - Margin + 10;
        _graphics.DrawLine(new XPen(s_rule, 0.5), Margin, bottom - 22, Margin + Width, bottom - 22);
        _graphics.DrawString(documentName, _small, XBrushes.DimGray, new XRect(Margin, bottom - 18, Width - 60, 10), XStringFormats.TopLeft);
        _graphics.DrawString("Page 1/1", _small, XBrushes.DimGray, new XRect(Margin, bottom - 18, Width, 10), XStringFormats.TopRight);
        _graphics.DrawString(
            "Document établi par le portail Ségur de l'Agence de Services et de Paiement, à conserver avec vos pièces comptables.",
            _small, XBrushes.DimGray, new XRect(Margin, bottom - 7, Width, 10), XStringFormats.TopLeft);
        _graphics.Dispose();
        _drawn = true;
        using var stream = new MemoryStream();
        _document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    public void Dispose()
    {
        if (!_drawn)
        {
            _graphics.Dispose();
        }

        _document.Dispose();
    }

    private void Rule()
    {
        _graphics.DrawLine(new XPen(s_rule, 0.8), Margin, _y, Margin + Width, _y);
        _y += 16;
    }

    private IEnumerable<string> Wrap(string text, XFont font)
    {
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && _graphics.MeasureString(candidate, font).Width > Width)
            {
                yield return line;
                line = word;
            }
            else
            {
                line = candidate;
            }
        }

        if (line.Length > 0)
        {
            yield return line;
        }
    }

    private static XFont Font(double size, bool bold = false) =>
        new(PdfFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, s_winAnsi);
}
