using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Segur.Workflows.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Tables14DateIndexAmounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_Table_DateDepot",
                table: "FinancingRequests");

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_DateDepot",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "CreatedAt", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "MontantSegurHTDeclare", "MontantRetenuHT", "MontantDecide", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_Table_DateDepot",
                table: "FinancingRequests");

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_DateDepot",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "CreatedAt", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "Id" });
        }
    }
}
