using Segur.Workflows;
using Segur.Workflows.Persistence;

namespace Segur.Host.Operations;

/// <summary>
/// <c>dotnet Segur.Host.dll --backup &lt;file&gt;</c>: copies the SQLite database of the configured data folder while the
/// Host runs (online backup API), then exits. PostgreSQL is saved with pg_dump (docs/operations.md).
/// </summary>
internal static class BackupCommand
{
    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == "--backup";

    /// <summary>Runs the backup; returns the process exit code (0 when the copy is made and checked).</summary>
    public static async Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter output)
    {
        if (args.Length < 2 || string.IsNullOrWhiteSpace(args[1]))
        {
            await output.WriteLineAsync("Usage : Segur.Host --backup <fichier de sauvegarde> (base SQLite uniquement).");
            return 2;
        }

        var settings = SegurSettings.From(configuration);
        if (settings.Provider != DatabaseProvider.Sqlite)
        {
            await output.WriteLineAsync($"--backup copie une base SQLite ; la base configurée est {settings.Provider} : utilisez pg_dump (voir docs/operations.md).");
            return 2;
        }

        try
        {
            var bytes = await SqliteBackup.BackupAsync(settings.ConnectionString, args[1]);
            await output.WriteLineAsync($"Sauvegarde écrite : {Path.GetFullPath(args[1])} ({bytes} octets, intégrité vérifiée).");
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or Microsoft.Data.Sqlite.SqliteException)
        {
            await output.WriteLineAsync(ex.Message);
            return 1;
        }
    }
}
