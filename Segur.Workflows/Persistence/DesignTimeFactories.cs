using Microsoft.EntityFrameworkCore.Design;

namespace Segur.Workflows.Persistence;

// Used only by `dotnet ef migrations add ... --context <X>` and `dotnet ef dbcontext optimize` (decision 0140): one migration set
// and one compiled model per provider, both made from the configurations, never from the compiled model.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteSegurDbContext>
{
    public SqliteSegurDbContext CreateDbContext(string[] args) =>
        (SqliteSegurDbContext)new SegurDatabase(DatabaseProvider.Sqlite, "Data Source=design.db", compiledModel: false).CreateContext();
}

internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlSegurDbContext>
{
    public PostgreSqlSegurDbContext CreateDbContext(string[] args) =>
        (PostgreSqlSegurDbContext)new SegurDatabase(DatabaseProvider.PostgreSql, "Host=localhost;Database=segur", compiledModel: false).CreateContext();
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerSegurDbContext>
{
    public SqlServerSegurDbContext CreateDbContext(string[] args) =>
        (SqlServerSegurDbContext)new SegurDatabase(DatabaseProvider.SqlServer, "Server=localhost;Database=segur;TrustServerCertificate=true", compiledModel: false).CreateContext();
}
