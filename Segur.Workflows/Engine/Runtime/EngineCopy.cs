using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Runtime;

/// <summary>
/// PostgreSQL: a batch of starts (an import's 200 lifecycles) sends the engine's queued INSERTs as one binary COPY per table
/// instead of 800 INSERT statements (decision 0225), as SQLite sends them as one JSON text per table (decision 0240). Each
/// value is written in its column's type, read from the EF model (the engine's tables are mapped entities); a literal of the
/// statement (<c>'Open'</c>, <c>0</c>) is written as a value of every row.
/// </summary>
internal static partial class EngineCopy
{
    private static readonly ConcurrentDictionary<(IModel Model, string Sql), CopyPlan?> s_plans = new();

    /// <summary>
    /// Sends <paramref name="pending"/> (INSERTs only) table by table, in the order each table first appears (an instance
    /// before its timer). False, having sent nothing, when one of them is not an INSERT this can copy.
    /// </summary>
    public static async Task<bool> TrySendAsync(NpgsqlConnection connection, IModel model, IReadOnlyList<PendingStatement> pending, CancellationToken ct)
    {
        var groups = new List<(CopyPlan Plan, List<PendingStatement> Rows)>();
        foreach (var statement in pending)
        {
            if (statement.IsVersionCheck || s_plans.GetOrAdd((model, statement.Sql), static key => CopyPlan.Of(key.Model, key.Sql)) is not { } plan)
            {
                return false;
            }

            var group = groups.FindIndex(g => ReferenceEquals(g.Plan, plan));
            if (group < 0)
            {
                groups.Add((plan, [statement]));
            }
            else
            {
                groups[group].Rows.Add(statement);
            }
        }

        foreach (var (plan, rows) in groups)
        {
            await BinaryCopy.SendAsync(connection, plan.Copy, plan.Columns, rows, ct);
        }

        return true;
    }

    [GeneratedRegex("""^\s*INSERT INTO "(?<table>[^"]+)"\s*\((?<columns>[^()]+)\)\s*VALUES\s*\((?<values>[^()]+)\)\s*$""", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Insert();

    [GeneratedRegex("^'(?<text>[^']*)'$|^(?<number>-?[0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Literal();

    private sealed record CopyPlan(string Copy, IReadOnlyList<CopyColumn> Columns)
    {
        public static CopyPlan? Of(IModel model, string sql)
        {
            var match = Insert().Match(sql);
            if (!match.Success)
            {
                return null;
            }

            var table = match.Groups["table"].Value;
            var entity = model.GetEntityTypes().FirstOrDefault(e => e.GetTableName() == table && e.GetSchema() is null);
            if (entity is null)
            {
                return null;
            }

            var store = StoreObjectIdentifier.Table(table);
            var names = match.Groups["columns"].Value.Split(',').Select(c => c.Trim().Trim('"')).ToList();
            var values = match.Groups["values"].Value.Split(',').Select(v => v.Trim()).ToList();
            if (names.Count != values.Count)
            {
                return null;
            }

            var columns = new List<CopyColumn>(names.Count);
            for (var i = 0; i < names.Count; i++)
            {
                var property = entity.GetProperties().FirstOrDefault(p => p.GetColumnName(store) == names[i]);
                if (property?.GetRelationalTypeMapping() is not { } mapping)
                {
                    return null;
                }

                if (values[i].StartsWith('@'))
                {
                    columns.Add(new CopyColumn(mapping.StoreTypeNameBase, values[i], null, mapping.Converter));
                }
                else if (Literal().Match(values[i]) is { Success: true } literal)
                {
                    object constant = literal.Groups["text"].Success
                        ? literal.Groups["text"].Value
                        : int.Parse(literal.Groups["number"].Value, CultureInfo.InvariantCulture);
                    columns.Add(new CopyColumn(mapping.StoreTypeNameBase, null, constant, null));
                }
                else
                {
                    return null;
                }
            }

            var quoted = string.Join(", ", names.Select(n => $"\"{n}\""));
            return new CopyPlan($"COPY \"{table}\" ({quoted}) FROM STDIN (FORMAT BINARY)", columns);
        }
    }

    /// <summary>A column of a copy: a statement's parameter (converted as EF converts the property) or a literal.</summary>
    private sealed record CopyColumn(string StoreType, string? Parameter, object? Constant, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter)
        : ICopiedColumn<PendingStatement>
    {
        public object ValueOf(PendingStatement row)
        {
            if (Parameter is null)
            {
                return Constant!;
            }

            var parameters = row.Parameters;
            var found = Array.FindIndex(parameters, p => string.Equals(p.Name, Parameter, StringComparison.Ordinal));
            if (found < 0)
            {
                throw new InvalidOperationException($"The engine's INSERT uses {Parameter}, which has no value.");
            }

            var value = parameters[found].Value;
            if (value is null or EngineSql.TypedNull)
            {
                return DBNull.Value;
            }

            return Converter is not null && Converter.ModelClrType.IsInstanceOfType(value) ? Converter.ConvertToProvider(value)! : value;
        }
    }
}
