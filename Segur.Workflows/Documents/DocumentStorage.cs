using System.Buffers;
using System.Security.Cryptography;

namespace Segur.Workflows.Documents;

/// <summary>
/// Where documents live: <c>&lt;DataDirectory&gt;/files/&lt;request id&gt;/&lt;document id&gt;.&lt;ext&gt;</c>. Names come
/// from ids, never from what the supplier sent. Uploads are first written to a private staging folder on the
/// same disk, so that storing them is a rename.
/// </summary>
public sealed class DocumentStorage(string root)
{
    private const string StagingFolder = ".staging";

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The file of a stored document (<see cref="RequestDocument.StoragePath"/>).</summary>
    public string PathOf(string storagePath)
    {
        var path = Path.GetFullPath(Path.Combine(Root, storagePath));
        return path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new InvalidOperationException($"Storage path outside the files folder: {storagePath}");
    }

    public Stream OpenRead(RequestDocument document) =>
        new FileStream(PathOf(document.StoragePath), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);

    internal static string StoragePathFor(Guid requestId, Guid documentId, DocumentFormat format) =>
        $"{requestId:N}/{documentId:N}{DocumentContent.Extension(format)}";

    /// <summary>A new staging folder; leftovers of a crashed process older than a day are removed on the way.</summary>
    internal Staging NewStaging()
    {
        var parent = Path.Combine(Root, StagingFolder);
        Directory.CreateDirectory(parent);
        foreach (var old in new DirectoryInfo(parent).EnumerateDirectories().Where(d => d.CreationTimeUtc < DateTime.UtcNow.AddDays(-1)))
        {
            TryDelete(old.FullName);
        }

        return new Staging(Directory.CreateDirectory(Path.Combine(parent, Guid.NewGuid().ToString("N"))).FullName);
    }

    internal static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a staging folder left behind is removed by a later upload.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>An upload's private folder: files are copied here while they are counted, hashed and checked.</summary>
internal sealed class Staging(string folder) : IDisposable
{
    private int _count;

    public string Folder { get; } = folder;

    /// <summary>
    /// Copies <paramref name="source"/> to a new file, counting the bytes really read. Stops once more than
    /// <paramref name="maxBytes"/> were read (<see cref="StagedFile.TooLarge"/>); <paramref name="onProgress"/> sees the
    /// running total after every read and may throw to abandon the whole upload.
    /// </summary>
    public async Task<StagedFile> SaveAsync(Stream source, long maxBytes, Action<long>? onProgress, CancellationToken ct)
    {
        var path = Path.Combine(Folder, $"{Interlocked.Increment(ref _count)}.part");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var crc = new Crc32();
        var header = new byte[DocumentContent.HeaderLength];
        var headerLength = 0;
        long total = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            int read;
            while ((read = await source.ReadAsync(buffer, ct)) > 0)
            {
                total += read;
                onProgress?.Invoke(total);
                if (total > maxBytes)
                {
                    break;
                }

                var toHeader = Math.Min(read, header.Length - headerLength);
                buffer.AsSpan(0, toHeader).CopyTo(header.AsSpan(headerLength));
                headerLength += toHeader;
                hash.AppendData(buffer, 0, read);
                crc.Append(buffer.AsSpan(0, read));
                await target.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (total > maxBytes)
        {
            File.Delete(path);
            return new StagedFile(path, total, "", [], 0) { TooLarge = true };
        }

        return new StagedFile(path, total, Convert.ToHexStringLower(hash.GetHashAndReset()), header[..headerLength], crc.Value);
    }

    public void Dispose() => DocumentStorage.TryDelete(Folder);
}

/// <summary>A file copied to staging: where, how big, its SHA-256, its first bytes and its CRC-32 (to compare with a zip's).</summary>
internal sealed record StagedFile(string Path, long Size, string Sha256, byte[] Header, uint Crc32)
{
    public bool TooLarge { get; init; }
}
