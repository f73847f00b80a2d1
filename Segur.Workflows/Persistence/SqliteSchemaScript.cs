using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Segur.Workflows.Persistence;

/// <summary>
/// A new SQLite database gets its schema from one script, <c>Migrations/Sqlite/EmptyDatabase.sql</c>: every migration in
/// order with its history row, as <c>dotnet ef migrations script</c> writes it (decision 0170). EF's <c>MigrateAsync</c>
/// would first build the design-time model and each migration's target model (about 2 s of CPU on the Host's first
/// start). The script runs in one immediate transaction that first checks the database is empty, so a second Host
/// starting on the same file waits and then finds the schema there. Migrations added after the script was written are
/// applied by EF as usual after it; <c>SqliteSchemaScriptTests</c> fails until the script is written again.
/// </summary>
public static partial class SqliteSchemaScript
{
    /// <summary>The command that writes the script again (run from the repository's root, Segur.Workflows built).</summary>
    public const string RegenerateCommand =
        "dotnet ef migrations script --no-transactions --project Segur.Workflows --startup-project Segur.Workflows " +
        "--context SqliteSegurDbContext --output Segur.Workflows/Persistence/Migrations/Sqlite/EmptyDatabase.sql";

    private const string ResourceName = "Segur.Workflows.Persistence.Migrations.Sqlite.EmptyDatabase.sql";

    private static readonly Lazy<string> s_text = new(Read);

    /// <summary>The embedded script.</summary>
    public static string Text => s_text.Value;

    /// <summary>The last migration the script applies (its last history row).</summary>
    public static string LastMigration => HistoryRow().Matches(Text) is { Count: > 0 } rows
        ? rows[^1].Groups["id"].Value
        : throw new InvalidOperationException($"Le script {ResourceName} n'insère aucune ligne dans __EFMigrationsHistory.");

    /// <summary>
    /// Runs the script when the database has no table yet; false (and nothing written) when it has one.
    /// Foreign keys are off on this connection, as EF's own script turns them off around its table rebuilds.
    /// </summary>
    public static async Task<bool> TryCreateAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { ForeignKeys = false, Pooling = false };
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken); // BEGIN IMMEDIATE
        await using (var count = connection.CreateCommand())
        {
            count.Transaction = transaction;
            count.CommandText = "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%';";
            if (Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                return false;
            }
        }

        await using (var script = connection.CreateCommand())
        {
            script.Transaction = transaction;
            script.CommandText = Text;
            await script.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static string Read()
    {
        using var stream = typeof(SqliteSchemaScript).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Ressource {ResourceName} absente de Segur.Workflows.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex("""INSERT INTO "__EFMigrationsHistory" \("MigrationId", "ProductVersion"\)\s*VALUES \('(?<id>[^']+)'""")]
    private static partial Regex HistoryRow();
}
