using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Tests.Persistence;

/// <summary>
/// A new SQLite database is created from one script (decision 0170): it must be the database the migrations make one by one,
/// and a database that already exists must still be migrated by them.
/// </summary>
public sealed class SqliteSchemaScriptTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("segur-schema-").FullName;

    [Fact]
    public void TheScript_IsWhatTheMigrationsWrite_SoItWasRegenerated()
    {
        using var db = new SegurDatabase(DatabaseProvider.Sqlite, "Data Source=schema-script-check.db", compiledModel: false).CreateContext();
        var expected = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.NoTransactions);

        Assert.True(
            Normalize(expected) == Normalize(SqliteSchemaScript.Text),
            $"Migrations/Sqlite/EmptyDatabase.sql n'est plus le script des migrations (dernière migration du script : " +
            $"{SqliteSchemaScript.LastMigration}, des migrations : {db.Database.GetMigrations().Last()}). Regénérez-le : {SqliteSchemaScript.RegenerateCommand}");
    }

    [Fact]
    public async Task ANewDatabase_FromTheScript_IsTheDatabaseTheMigrationsMakeOneByOne()
    {
        var fromScript = Path.Combine(_folder, "script.db");
        var stepByStep = Path.Combine(_folder, "steps.db");
        Assert.True(SegurDatabase.Sqlite(fromScript).IsNewSqliteFile());

        await SegurDatabase.Sqlite(fromScript).MigrateAsync();
        await using (var db = new SegurDatabase(DatabaseProvider.Sqlite, $"Data Source={stepByStep}", compiledModel: false).CreateContext())
        {
            await db.Database.MigrateAsync();
        }

        Assert.False(SegurDatabase.Sqlite(fromScript).IsNewSqliteFile());
        var expected = await DumpAsync(stepByStep);
        var actual = await DumpAsync(fromScript);
        Assert.Contains("__EFMigrationsHistory", expected, StringComparison.Ordinal);
        Assert.Equal(expected, actual);

        // The script made it, not EF: EF's migration lock table is created by EF's MigrateAsync only.
        Assert.DoesNotContain("__EFMigrationsLock", await TablesAsync(fromScript));
        Assert.Contains("__EFMigrationsLock", await TablesAsync(stepByStep));
    }

    [Fact]
    public async Task AnExistingDatabase_IsMigratedByTheMigrations_NotByTheScript()
    {
        var file = Path.Combine(_folder, "older.db");
        await using (var db = new SegurDatabase(DatabaseProvider.Sqlite, $"Data Source={file}", compiledModel: false).CreateContext())
        {
            var migrations = db.Database.GetMigrations().ToList();
            await db.GetService<IMigrator>().MigrateAsync(migrations[^2]);
        }

        Assert.False(await SqliteSchemaScript.TryCreateAsync($"Data Source={file}"));
        await SegurDatabase.Sqlite(file).MigrateAsync();

        await using var migrated = SegurDatabase.Sqlite(file).CreateContext();
        Assert.Empty(await migrated.Database.GetPendingMigrationsAsync());
        Assert.Equal(migrated.Database.GetMigrations().Last(), (await migrated.Database.GetAppliedMigrationsAsync()).Last());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static string Normalize(string script) => script.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    /// <summary>The schema (every object's SQL) and every row of every table but EF's lock, in a stable order.</summary>
    private static async Task<string> DumpAsync(string file)
    {
        var text = new StringBuilder();
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=false");
        await connection.OpenAsync();
        foreach (var table in await TablesAsync(file))
        {
            if (table == "__EFMigrationsLock")
            {
                continue;
            }

            await using var rows = connection.CreateCommand();
            rows.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1";
            await using var reader = await rows.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.Append(table).Append(':');
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(' ').Append(reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture));
                }

                text.Append('\n');
            }
        }

        await using var schema = connection.CreateCommand();
        schema.CommandText = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name <> '__EFMigrationsLock' ORDER BY type, name";
        await using (var reader = await schema.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                text.Append($"{reader.GetString(0)} {reader.GetString(1)} on {reader.GetString(2)}: {(reader.IsDBNull(3) ? "" : reader.GetString(3))}\n");
            }
        }

        return text.ToString();
    }

    private static async Task<List<string>> TablesAsync(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
