using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Tests.Persistence;

/// <summary>
/// The compiled models (Persistence/CompiledModels, decision 0140) describe the same model as the entity configurations:
/// a configuration or migration changed without running `dotnet ef dbcontext optimize` again fails here, naming what differs.
/// </summary>
public sealed class CompiledModelTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "Data Source=compiled-model-check.db")]
    [InlineData(DatabaseProvider.PostgreSql, "Host=127.0.0.1;Database=segur")]
    [InlineData(DatabaseProvider.SqlServer, "Server=127.0.0.1;Database=segur;TrustServerCertificate=true")]
    public void TheCompiledModel_IsTheModelTheConfigurationsBuild_SoItWasRegenerated(DatabaseProvider provider, string connectionString)
    {
        // No connection is opened: building the model needs none.
        using var built = new SegurDatabase(provider, connectionString, compiledModel: false).CreateContext();
        using var compiled = new SegurDatabase(provider, connectionString).CreateContext();

        var expected = Describe(built.Model).Split('\n');
        var actual = Describe(compiled.Model).Split('\n');
        var firstDifference = expected.Zip(actual).Select((pair, line) => (pair, line)).FirstOrDefault(x => x.pair.First != x.pair.Second);
        Assert.True(
            expected.Length == actual.Length && firstDifference.pair == default,
            $"Le modèle compilé de {provider} n'est plus celui des configurations (ligne {firstDifference.line}: attendu « {firstDifference.pair.First} », " +
            $"trouvé « {firstDifference.pair.Second} »). Regénérez-le : dotnet ef dbcontext optimize --project Segur.Workflows --startup-project Segur.Workflows " +
            $"--context {provider}SegurDbContext --output-dir Persistence/CompiledModels/{provider} --namespace Segur.Workflows.Persistence.CompiledModels.{provider}");
    }

    /// <summary>What the runtime uses of a model: entities, tables, columns and their store types, keys, foreign keys, indexes.</summary>
    private static string Describe(IModel model)
    {
        var text = new StringBuilder();
        foreach (var entity in model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            text.Append($"entity {entity.Name} table {entity.GetTableName()} base {entity.BaseType?.Name} owned {entity.IsOwned()}\n");
            foreach (var p in entity.GetProperties().OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                text.Append($"  property {p.Name} {p.ClrType.Name} field {p.FieldInfo?.Name} nullable {p.IsNullable} max {p.GetMaxLength()} " +
                    $"column {p.GetColumnName()} converter {p.GetTypeMapping().Converter?.GetType().Name} store {p.GetRelationalTypeMapping().StoreType} " +
                    $"concurrency {p.IsConcurrencyToken} generated {p.ValueGenerated}\n");
            }

            foreach (var key in entity.GetKeys().OrderBy(k => k.ToString(), StringComparer.Ordinal))
            {
                text.Append($"  key {string.Join(",", key.Properties.Select(p => p.Name))} primary {key.IsPrimaryKey()}\n");
            }

            foreach (var fk in entity.GetForeignKeys().OrderBy(f => f.ToString(), StringComparer.Ordinal))
            {
                text.Append($"  fk {string.Join(",", fk.Properties.Select(p => p.Name))} -> {fk.PrincipalEntityType.Name} {fk.DeleteBehavior} required {fk.IsRequired}\n");
            }

            foreach (var index in entity.GetIndexes().OrderBy(i => i.GetDatabaseName(), StringComparer.Ordinal))
            {
                text.Append($"  index {index.GetDatabaseName()} {string.Join(",", index.Properties.Select(p => p.Name))} unique {index.IsUnique}\n");
            }

            foreach (var navigation in entity.GetNavigations().OrderBy(n => n.Name, StringComparer.Ordinal))
            {
                text.Append($"  navigation {navigation.Name} -> {navigation.TargetEntityType.Name} field {navigation.FieldInfo?.Name}\n");
            }
        }

        return text.ToString();
    }
}
