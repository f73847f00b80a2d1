using Microsoft.EntityFrameworkCore.Migrations;
using Segur.Workflows.Financing;

#nullable disable

namespace Segur.Workflows.Persistence.Migrations.PostgreSql
{
    /// <summary>pg_trgm and one GIN index per number (decision 0252); a role that cannot create the extension: see the decision.</summary>
    public partial class Trgm15NumberTrigrams : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(RequestNumberSearch.PostgreSqlCreate);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(RequestNumberSearch.PostgreSqlDrop);
        }
    }
}
