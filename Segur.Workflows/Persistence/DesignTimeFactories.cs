using Microsoft.EntityFrameworkCore.Design;

namespace Segur.Workflows.Persistence;

// Used only by `dotnet ef migrations add ... --context <X>`: one migration set per provider.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteSegurDbContext>
{
    public SqliteSegurDbContext CreateDbContext(string[] args) =>
        (SqliteSegurDbContext)new SegurDatabase(DatabaseProvider.Sqlite, "Data Source=design.db").CreateContext();
}

internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlSegurDbContext>
{
    public PostgreSqlSegurDbContext CreateDbContext(string[] args) =>
        (PostgreSqlSegurDbContext)new SegurDatabase(DatabaseProvider.PostgreSql, "Host=localhost;Database=segur").CreateContext();
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerSegurDbContext>
{
    public SqlServerSegurDbContext CreateDbContext(string[] args) =>
        (SqlServerSegurDbContext)new SegurDatabase(DatabaseProvider.SqlServer, "Server=localhost;Database=segur;TrustServerCertificate=true").CreateContext();
}
