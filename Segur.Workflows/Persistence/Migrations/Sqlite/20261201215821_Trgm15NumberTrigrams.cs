using Microsoft.EntityFrameworkCore.Migrations;
using Segur.Workflows.Financing;

#nullable disable

namespace Segur.Workflows.Persistence.Migrations.Sqlite
{
    /// <summary>The FTS5 trigram table of the numbers, filled from the requests already there, and its triggers (decision 0252).</summary>
    public partial class Trgm15NumberTrigrams : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(RequestNumberSearch.SqliteCreate);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(RequestNumberSearch.SqliteDrop);
        }
    }
}
