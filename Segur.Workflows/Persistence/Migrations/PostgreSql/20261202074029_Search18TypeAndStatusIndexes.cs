using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Segur.Workflows.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Search18TypeAndStatusIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Staff_Statut_DateDepot",
                table: "FinancingRequests",
                columns: new[] { "DeletedAt", "StatusLabel", "CreatedAt", "NumeroAsp", "Status", "Type", "TypeLogiciel", "Siret", "Denomination", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Staff_Type_DateDepot",
                table: "FinancingRequests",
                columns: new[] { "DeletedAt", "Type", "CreatedAt", "NumeroAsp", "Status", "StatusLabel", "TypeLogiciel", "Siret", "Denomination", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Staff_Type_Fournisseur",
                table: "FinancingRequests",
                columns: new[] { "DeletedAt", "Type", "Denomination", "NumeroAsp", "Status", "StatusLabel", "TypeLogiciel", "CreatedAt", "Siret", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Staff_Type_Numero",
                table: "FinancingRequests",
                columns: new[] { "DeletedAt", "Type", "NumeroAsp", "Status", "StatusLabel", "TypeLogiciel", "CreatedAt", "Siret", "Denomination", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Staff_Type_Statut",
                table: "FinancingRequests",
                columns: new[] { "DeletedAt", "Type", "StatusLabel", "NumeroAsp", "Status", "TypeLogiciel", "CreatedAt", "Siret", "Denomination", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_Staff_Statut_DateDepot",
                table: "FinancingRequests");

            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_Staff_Type_DateDepot",
                table: "FinancingRequests");

            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_Staff_Type_Fournisseur",
                table: "FinancingRequests");

            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_Staff_Type_Numero",
                table: "FinancingRequests");

            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_Staff_Type_Statut",
                table: "FinancingRequests");
        }
    }
}
