namespace Segur.Workflows.Documents;

public enum DocumentFormat
{
    Pdf,
    Jpeg,
    Png,
}

/// <summary>What a file is, read from its first bytes: its name or declared type are never trusted.</summary>
public static class DocumentContent
{
    /// <summary>Bytes needed to recognise every accepted format (the PNG signature is the longest).</summary>
    public const int HeaderLength = 8;

    private static ReadOnlySpan<byte> Pdf => "%PDF-"u8;

    private static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> ZipEntry => "PK\u0003\u0004"u8;

    private static ReadOnlySpan<byte> EmptyZip => "PK\u0005\u0006"u8;

    public static DocumentFormat? Detect(ReadOnlySpan<byte> header) =>
        header.StartsWith(Pdf) ? DocumentFormat.Pdf
        : header.StartsWith(Png) ? DocumentFormat.Png
        : header.StartsWith(Jpeg) ? DocumentFormat.Jpeg
        : null;

    public static bool IsZip(ReadOnlySpan<byte> header) => header.StartsWith(ZipEntry) || header.StartsWith(EmptyZip);

    public static string ContentType(DocumentFormat format) => format switch
    {
        DocumentFormat.Pdf => "application/pdf",
        DocumentFormat.Jpeg => "image/jpeg",
        _ => "image/png",
    };

    public static string Extension(DocumentFormat format) => format switch
    {
        DocumentFormat.Pdf => ".pdf",
        DocumentFormat.Jpeg => ".jpg",
        _ => ".png",
    };

    public static string NotAcceptedMessage(string fileName) => $"« {fileName} » n'est pas un PDF, un JPEG ni un PNG valide.";
}
