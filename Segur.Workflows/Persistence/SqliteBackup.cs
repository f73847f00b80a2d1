using Microsoft.Data.Sqlite;

namespace Segur.Workflows.Persistence;

/// <summary>
/// A consistent copy of the SQLite database while the Host runs, through SQLite's online backup API (never a file
/// copy, which can catch a half-written page or miss the WAL). Readers do not block the writer in WAL mode, so the
/// Host goes on working during the copy (docs/operations.md).
/// </summary>
public static class SqliteBackup
{
    /// <summary>Copies the database to <paramref name="destination"/> (a new file) and checks the copy; returns its size in bytes.</summary>
    public static async Task<long> BackupAsync(string connectionString, string destination, CancellationToken ct = default)
    {
        var target = Path.GetFullPath(destination);
        if (File.Exists(target))
        {
            throw new InvalidOperationException($"La sauvegarde n'a pas été faite : le fichier {target} existe déjà (choisissez un nouveau nom).");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = target + ".part";
        File.Delete(temporary);
        await using (var source = new SqliteConnection(connectionString))
        await using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temporary, Pooling = false }.ToString()))
        {
            await source.OpenAsync(ct);
            await copy.OpenAsync(ct);
            source.BackupDatabase(copy);
            await using var check = copy.CreateCommand();
            check.CommandText = "PRAGMA integrity_check;";
            var result = (string?)await check.ExecuteScalarAsync(ct);
            if (result != "ok")
            {
                throw new InvalidOperationException($"La copie de la base est endommagée ({result}) : la sauvegarde n'a pas été gardée.");
            }
        }

        File.Move(temporary, target);
        return new FileInfo(target).Length;
    }
}
