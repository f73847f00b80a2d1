using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Simulation;

/// <summary>
/// A context that cannot write, for the Studio's simulations and what-ifs: on SQLite its own connection opened read-only,
/// on PostgreSQL a READ ONLY transaction rolled back at the end (SQL Server: a transaction rolled back); and SaveChanges
/// refused. So a simulation that would write (an activity forgetting its dry run) fails loudly instead of writing.
/// </summary>
public sealed class ReadOnlyDatabase : IAsyncDisposable
{
    private readonly DbConnection? _ownConnection;
    private readonly IDbContextTransaction? _transaction;

    private ReadOnlyDatabase(SegurDbContext db, DbConnection? ownConnection, IDbContextTransaction? transaction)
    {
        Db = db;
        _ownConnection = ownConnection;
        _transaction = transaction;
        db.SavingChanges += (_, _) => throw new InvalidOperationException("Une simulation n'enregistre rien : cette étape tente d'écrire en base.");
    }

    public SegurDbContext Db { get; }

    public static async Task<ReadOnlyDatabase> OpenAsync(SegurDatabase database, CancellationToken ct)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            var builder = new SqliteConnectionStringBuilder(database.ConnectionString) { Mode = SqliteOpenMode.ReadOnly };
            var connection = new SqliteConnection(builder.ToString());
            await connection.OpenAsync(ct);
            return new ReadOnlyDatabase(database.ContextsOn(connection)(), connection, null);
        }

        var db = database.CreateContext();
        var transaction = await db.Database.BeginTransactionAsync(ct);
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            await db.Database.ExecuteSqlRawAsync("SET TRANSACTION READ ONLY", ct);
        }

        return new ReadOnlyDatabase(db, null, transaction);
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.RollbackAsync();
            await _transaction.DisposeAsync();
        }

        await Db.DisposeAsync();
        if (_ownConnection is not null)
        {
            await _ownConnection.DisposeAsync();
        }
    }
}
