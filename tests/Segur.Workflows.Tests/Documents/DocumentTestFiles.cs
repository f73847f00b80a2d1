using System.IO.Compression;
using System.Text;
using Segur.Workflows.Documents;

namespace Segur.Workflows.Tests.Documents;

/// <summary>Small real files of each accepted format, and zips built in memory (hostile ones included).</summary>
internal static class DocumentTestFiles
{
    public static byte[] Pdf(string text = "Bon de commande") =>
        Encoding.ASCII.GetBytes($"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% {text} {Guid.NewGuid()}\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    public static byte[] Png() =>
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, .. Guid.NewGuid().ToByteArray()];

    public static byte[] Jpeg() => [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, .. Guid.NewGuid().ToByteArray(), 0xFF, 0xD9];

    public static byte[] Text(string text = "Ceci n'est pas un PDF.") => Encoding.UTF8.GetBytes(text);

    public static IncomingFile File(string name, byte[] content) => new(name, new MemoryStream(content));

    public static byte[] Zip(params (string Path, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in entries)
            {
                var entry = archive.CreateEntry(path, CompressionLevel.Optimal);
                using var stream = entry.Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>A PDF header followed by megabytes of zeros: compresses about a thousand to one.</summary>
    public static byte[] Bomb(int megabytes = 4) => [.. "%PDF-1.7\n"u8, .. new byte[megabytes * 1024 * 1024]];

    /// <summary>Rewrites every header's sizes to claim <paramref name="uncompressed"/>: the archive lies about what it expands to.</summary>
    public static byte[] WithClaimedSize(byte[] zip, uint uncompressed) => Patch(zip, (local, span) =>
        BitConverter.TryWriteBytes(span[(local ? 22 : 24)..], uncompressed));

    /// <summary>Sets the "encrypted" flag of every entry.</summary>
    public static byte[] Encrypted(byte[] zip) => Patch(zip, (local, span) => span[local ? 6 : 8] |= 1);

    private static byte[] Patch(byte[] zip, PatchHeader patch)
    {
        var copy = zip.ToArray();
        for (var i = 0; i + 4 <= copy.Length; i++)
        {
            var signature = BitConverter.ToUInt32(copy, i);
            if (signature is 0x04034b50 or 0x02014b50)
            {
                patch(signature == 0x04034b50, copy.AsSpan(i));
            }
        }

        return copy;
    }

    private delegate void PatchHeader(bool local, Span<byte> header);
}
