using System.IO.Compression;

namespace Segur.Workflows.Documents;

/// <summary>
/// Takes the files out of a zip into staging, under the zip rules: safe paths, no encryption, at most
/// <see cref="DocumentOptions.MaxZipEntries"/> files, and against zip bombs the bytes really read are counted
/// (per entry against its compressed size, and for the whole archive), whatever the headers claim.
/// Breaking a rule refuses the whole archive at once; a file that fails the content check is reported and the
/// reading goes on, so that the supplier sees every bad file in one answer.
/// </summary>
internal static class ZipDocuments
{
    public static async Task ReadAsync(string zipPath, string zipName, DocumentOptions options, Staging staging, Upload upload, CancellationToken ct)
    {
        await using var stream = new FileStream(zipPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            throw new DocumentsRefusedException($"L'archive « {zipName} » est illisible ou endommagée.");
        }

        using (archive)
        {
            var files = Screen(archive, zipName, options);
            long expanded = 0;
            foreach (var entry in files)
            {
                var (folders, fileName) = ZipEntryPath.Split(entry.FullName);
                var source = $"{zipName} › {ZipEntryPath.ForMessage(entry.FullName)}";
                if (entry.Length > options.MaxFileBytes)
                {
                    upload.Refuse($"« {source} » dépasse la taille maximale de {DocumentOptions.Mo(options.MaxFileBytes)} par fichier.");
                    continue;
                }

                var before = expanded;
                StagedFile staged;
                try
                {
                    await using var content = entry.Open();
                    staged = await staging.SaveAsync(content, options.MaxFileBytes, read =>
                    {
                        expanded = before + read;
                        if (read > Math.Max(1, entry.CompressedLength) * options.MaxCompressionRatio)
                        {
                            throw Bomb(zipName, $"« {ZipEntryPath.ForMessage(entry.FullName)} » se décompresse plus de {options.MaxCompressionRatio} fois sa taille");
                        }

                        if (expanded > options.MaxZipUncompressedBytes)
                        {
                            throw Bomb(zipName, $"son contenu décompressé dépasse {DocumentOptions.Mo(options.MaxZipUncompressedBytes)}");
                        }
                    }, ct);
                }
                catch (InvalidDataException)
                {
                    throw new DocumentsRefusedException(
                        $"L'archive « {zipName} » est endommagée : « {ZipEntryPath.ForMessage(entry.FullName)} » ne peut pas être décompressé.");
                }

                if (!staged.TooLarge && (staged.Size != entry.Length || staged.Crc32 != entry.Crc32))
                {
                    throw new DocumentsRefusedException(
                        $"L'archive « {zipName} » est endommagée : « {ZipEntryPath.ForMessage(entry.FullName)} » ne correspond pas à sa somme de contrôle.");
                }

                upload.Accept(staged, source, folders, fileName);
            }
        }
    }

    /// <summary>The file entries, once the archive's structure is known to be acceptable.</summary>
    internal static IReadOnlyList<ZipArchiveEntry> Screen(ZipArchive archive, string zipName, DocumentOptions options)
    {
        var files = new List<ZipArchiveEntry>();
        long claimed = 0;
        foreach (var entry in archive.Entries)
        {
            if (!ZipEntryPath.IsSafe(entry.FullName))
            {
                throw new DocumentsRefusedException(
                    $"L'archive « {zipName} » est refusée : le chemin « {ZipEntryPath.ForMessage(entry.FullName)} » sort de l'archive " +
                    "(chemin absolu, « .. », lettre de lecteur ou barre oblique inverse).");
            }

            if (entry.IsEncrypted)
            {
                throw new DocumentsRefusedException(
                    $"L'archive « {zipName} » est refusée : « {ZipEntryPath.ForMessage(entry.FullName)} » est chiffré (protégé par mot de passe).");
            }

            if (ZipEntryPath.IsFolder(entry.FullName) || ZipEntryPath.IsArchiverMetadata(entry.FullName))
            {
                continue;
            }

            files.Add(entry);
            if (files.Count > options.MaxZipEntries)
            {
                throw new DocumentsRefusedException(
                    $"L'archive « {zipName} » est refusée : elle contient plus de {options.MaxZipEntries} fichiers.");
            }

            // The headers' claims refuse an obvious bomb before reading; the reading checks the real bytes anyway.
            claimed += entry.Length;
            if (entry.Length > Math.Max(1, entry.CompressedLength) * options.MaxCompressionRatio)
            {
                throw Bomb(zipName, $"« {ZipEntryPath.ForMessage(entry.FullName)} » se décompresse plus de {options.MaxCompressionRatio} fois sa taille");
            }

            if (claimed > options.MaxZipUncompressedBytes)
            {
                throw Bomb(zipName, $"son contenu décompressé dépasse {DocumentOptions.Mo(options.MaxZipUncompressedBytes)}");
            }
        }

        if (files.Count == 0)
        {
            throw new DocumentsRefusedException($"L'archive « {zipName} » ne contient aucun fichier.");
        }

        return files;
    }

    private static DocumentsRefusedException Bomb(string zipName, string why) =>
        new($"L'archive « {zipName} » est refusée : {why} (archive piégée dite « zip bomb »).");
}
