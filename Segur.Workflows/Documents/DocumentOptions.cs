using System.Globalization;

namespace Segur.Workflows.Documents;

/// <summary>Limits on supporting documents, read from the configuration section <c>Segur:Documents</c>.</summary>
public sealed class DocumentOptions
{
    public const string Section = "Segur:Documents";

    public const long Megabyte = 1024 * 1024;

    /// <summary>Largest document accepted, plain or taken out of a zip.</summary>
    public long MaxFileBytes { get; set; } = 10 * Megabyte;

    /// <summary>Largest upload: every file sent in one call, a zip counted as sent (compressed).</summary>
    public long MaxUploadBytes { get; set; } = 50 * Megabyte;

    /// <summary>Most files in one zip (folders not counted), and most documents in one upload.</summary>
    public int MaxZipEntries { get; set; } = 500;

    /// <summary>Most bytes one zip may expand to, counted as really read.</summary>
    public long MaxZipUncompressedBytes { get; set; } = 200 * Megabyte;

    /// <summary>An entry expanding more than this many times its compressed size is treated as a zip bomb.</summary>
    public int MaxCompressionRatio { get; set; } = 100;

    /// <summary>File names are cut to this length (extension kept); the column holds 260.</summary>
    public int MaxFileNameLength { get; set; } = 200;

    /// <summary>A file in the files folder with no document row is deleted once it is this old (a crash between rename and commit).</summary>
    public TimeSpan OrphanGrace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often orphan files are looked for.</summary>
    public TimeSpan OrphanSweepInterval { get; set; } = TimeSpan.FromHours(1);

    internal int FileNameLength => Math.Clamp(MaxFileNameLength, 20, 260);

    internal static string Mo(long bytes) =>
        (bytes / (double)Megabyte).ToString("0.#", CultureInfo.GetCultureInfo("fr-FR")) + " Mo";
}
