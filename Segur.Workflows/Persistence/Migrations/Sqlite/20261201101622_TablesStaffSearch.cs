using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Segur.Workflows.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TablesStaffSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Staff_Count",
                table: "FinancingRequests",
                columns: new[] { "DeletedAt", "Status", "StatusLabel", "Type", "TypeLogiciel", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Staff_DateDepot",
                table: "FinancingRequests",
                columns: new[] { "DeletedAt", "CreatedAt", "NumeroAsp", "Status", "StatusLabel", "Type", "TypeLogiciel", "Siret", "Denomination", "NumeroEditeur", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Staff_Fournisseur",
                table: "FinancingRequests",
                columns: new[] { "DeletedAt", "Denomination", "NumeroAsp", "Status", "StatusLabel", "Type", "TypeLogiciel", "CreatedAt", "Siret", "NumeroEditeur", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Staff_Numero",
                table: "FinancingRequests",
                columns: new[] { "DeletedAt", "NumeroAsp", "Status", "StatusLabel", "Type", "TypeLogiciel", "CreatedAt", "Siret", "Denomination", "NumeroEditeur", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Staff_Statut",
                table: "FinancingRequests",
                columns: new[] { "DeletedAt", "StatusLabel", "NumeroAsp", "Status", "Type", "TypeLogiciel", "CreatedAt", "Siret", "Denomination", "NumeroEditeur", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_Staff_Count",
                table: "FinancingRequests");

            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_Staff_DateDepot",
                table: "FinancingRequests");

            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_Staff_Fournisseur",
                table: "FinancingRequests");

            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_Staff_Numero",
                table: "FinancingRequests");

            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_Staff_Statut",
                table: "FinancingRequests");
        }
    }
}
