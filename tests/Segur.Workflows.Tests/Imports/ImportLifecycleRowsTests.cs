using System.Text;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Imports;

/// <summary>
/// An import starts its requests' lifecycles in one batch whose rows go as one JSON text per table on SQLite (decision
/// 0240) and as one binary COPY per table on PostgreSQL (decision 0225): they must be stored exactly as a lifecycle started
/// alone stores them (same types, GUIDs in capitals on SQLite, same date format), or the engine's own queries by key would
/// miss them.
/// </summary>
public abstract class ImportLifecycleRowsTests(DatabaseKind kind) : ImportFixtureTests(kind)
{
    [Fact]
    public async Task TheLifecyclesAnImportStarts_AreStoredLikeALifecycleStartedAlone()
    {
        var (_, alone, _) = await Subjects.NewRequestAsync(Host);
        var result = await Fixture.ImportAsync(Fixture.Sample());
        Assert.Equal(3, result.Retained);
        await using var db = Host.NewContext();
        // The engine names a request by its key as .NET writes it (small letters).
        var imported = (await db.FinancingRequests.Where(r => r.SupplierId == Fixture.Supplier.Id).Select(r => r.Id).ToListAsync())
            .Select(id => id.ToString()).ToList();
        var importedInstance = (await db.WorkflowInstances.AsNoTracking()
            .Where(i => i.SubjectType == "FinancingRequest" && imported.Contains(i.SubjectId)).Select(i => i.Id).ToListAsync()).First();

        foreach (var (table, key) in new[] { ("WorkflowInstances", "Id"), ("WorkflowTimers", "InstanceId"), ("WorkflowJournal", "InstanceId") })
        {
            var started = Kind == DatabaseKind.Sqlite ? await ShapesAsync(db, table, key, alone) : await PostgreSqlShapesAsync(db, table, key, alone);
            var fromImport = Kind == DatabaseKind.Sqlite ? await ShapesAsync(db, table, key, importedInstance) : await PostgreSqlShapesAsync(db, table, key, importedInstance);
            Assert.NotEmpty(started);
            Assert.Equal(string.Join("\n", started), string.Join("\n", fromImport));
        }
    }

    /// <summary>A GUID as its case (GUID, guid), any other text with its digits as 9: what differs between two equal formats is gone.</summary>
    private static string Shape(string value) => Guid.TryParse(value, out _)
        ? value == value.ToUpperInvariant() ? "GUID" : value == value.ToLowerInvariant() ? "guid" : "Guid"
        : string.Concat(value.Select(c => char.IsAsciiDigit(c) ? '9' : c));

    /// <summary>Per row: every column as PostgreSQL gives it in JSON (its type shows), GUIDs and digits made alike.</summary>
    private static async Task<List<string>> PostgreSqlShapesAsync(Segur.Workflows.Persistence.SegurDbContext db, string table, string key, Guid instance)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT (to_jsonb(t) - 'Id')::text FROM \"{table}\" t WHERE \"{key}\" = @key ORDER BY ctid";
        var parameter = select.CreateParameter();
        parameter.ParameterName = "@key";
        parameter.Value = instance;
        select.Parameters.Add(parameter);
        var shapes = new List<string>();
        await using var rows = await select.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            var json = System.Text.RegularExpressions.Regex.Replace(rows.GetString(0), "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", m => Shape(m.Value));
            shapes.Add(string.Concat(json.Select(c => char.IsAsciiDigit(c) ? '9' : c)));
        }

        return shapes;
    }

    /// <summary>Per row and column: the SQLite type and the value's shape (<see cref="Shape"/>).</summary>
    private static async Task<List<string>> ShapesAsync(Segur.Workflows.Persistence.SegurDbContext db, string table, string key, Guid instance)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        var columns = new List<string>();
        await using (var info = connection.CreateCommand())
        {
            info.CommandText = $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid";
            await using var reader = await info.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                // The journal's key is a number given by the database: its digits tell nothing of how the row was sent.
                if (table != "WorkflowJournal" || reader.GetString(0) != "Id")
                {
                    columns.Add(reader.GetString(0));
                }
            }
        }

        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {string.Join(", ", columns.Select(c => $"typeof(\"{c}\"), CAST(\"{c}\" AS TEXT)"))} FROM \"{table}\" WHERE \"{key}\" = @key ORDER BY rowid";
        var parameter = select.CreateParameter();
        parameter.ParameterName = "@key";
        parameter.Value = instance.ToString().ToUpperInvariant();
        select.Parameters.Add(parameter);
        var shapes = new List<string>();
        await using var rows = await select.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            var shape = new StringBuilder();
            for (var i = 0; i < columns.Count; i++)
            {
                var value = rows.IsDBNull(2 * i + 1) ? "" : rows.GetString(2 * i + 1);
                shape.Append(columns[i]).Append('=').Append(rows.GetString(2 * i)).Append(':')
                    .Append(Shape(value)).Append('|');
            }

            shapes.Add(shape.ToString());
        }

        return shapes;
    }
}

public sealed class SqliteImportLifecycleRowsTests() : ImportLifecycleRowsTests(DatabaseKind.Sqlite);

public sealed class PostgreSqlImportLifecycleRowsTests() : ImportLifecycleRowsTests(DatabaseKind.PostgreSql);
