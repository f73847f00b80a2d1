using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Segur.Workflows.Persistence.Migrations.SqlServer
{
    /// <summary>Nothing on SQL Server: no trigram index there, the numéro « contient » filter stays a LIKE walk (decision 0252).</summary>
    public partial class Trgm15NumberTrigrams : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
