using PdfSharp.Fonts;

namespace Segur.Workflows.Documents.Pdf;

/// <summary>
/// PDFsharp's fonts on every system: PDFsharp brings none outside Windows, so every family it asks for is answered with
/// one sans-serif TrueType family found on the machine: DejaVu Sans (Debian's fonts-dejavu-core, which ./test.sh
/// installs), else Liberation Sans, else Arial; or the folder given in <c>Segur:Documents:PdfFontFolder</c>
/// (docs/decisions/0072-pdf-documents.md). PDFsharp takes one resolver per process, set before its first font.
/// </summary>
public sealed class PdfFonts : IFontResolver
{
    public const string Family = "Segur Sans";
    private const string Regular = "SegurSans-Regular";
    private const string Bold = "SegurSans-Bold";

    private static readonly (string Regular, string Bold)[] s_fileNames =
    [
        ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
        ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
        ("Arial.ttf", "Arial Bold.ttf"),
        ("arial.ttf", "arialbd.ttf"),
    ];

    private static readonly string[] s_folders =
    [
        "/usr/share/fonts/truetype/dejavu",
        "/usr/share/fonts/dejavu",
        "/usr/share/fonts/TTF",
        "/usr/share/fonts/truetype/liberation",
        "/usr/share/fonts/truetype/liberation2",
        "/usr/share/fonts/liberation-sans",
        "/System/Library/Fonts/Supplemental",
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.Windows), "Fonts"),
    ];

    private static readonly Lock s_lock = new();
    private static PdfFonts? s_instance;
    private readonly Dictionary<string, byte[]> _faces;

    private PdfFonts(Dictionary<string, byte[]> faces) => _faces = faces;

    /// <summary>
    /// Sets PDFsharp's resolver once per process (later calls keep the first). Throws, in French, when no usable font
    /// file exists: then no PDF can be made, and the action that needs one is refused with this message.
    /// </summary>
    public static void EnsureRegistered(string? configuredFolder)
    {
        lock (s_lock)
        {
            if (s_instance is not null)
            {
                return;
            }

            var folders = configuredFolder is { Length: > 0 } ? [configuredFolder, .. s_folders] : s_folders;
            foreach (var folder in folders.Where(f => f.Length > 0))
            {
                foreach (var (regular, bold) in s_fileNames)
                {
                    var regularPath = Path.Combine(folder, regular);
                    if (File.Exists(regularPath))
                    {
                        var boldPath = Path.Combine(folder, bold);
                        var regularBytes = File.ReadAllBytes(regularPath);
                        s_instance = new PdfFonts(new Dictionary<string, byte[]>
                        {
                            [Regular] = regularBytes,
                            [Bold] = File.Exists(boldPath) ? File.ReadAllBytes(boldPath) : regularBytes,
                        });
                        GlobalFontSettings.FontResolver = s_instance;
                        return;
                    }
                }
            }

            throw new InvalidOperationException(
                "Aucune police TrueType n'a été trouvée pour produire les documents PDF (DejaVu Sans, Liberation Sans ou Arial). " +
                "Installez le paquet fonts-dejavu-core ou indiquez un dossier de polices dans Segur:Documents:PdfFontFolder.");
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[]? GetFont(string faceName) => _faces.GetValueOrDefault(faceName);
}
