using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Segur.Workflows.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Idx17StaffSiretPaymentHistorisee : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "HasPayment",
                table: "FinancingRequests");

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Staff_Paiement",
                table: "FinancingRequests",
                columns: new[] { "DeletedAt", "PaymentStateLabel", "StatusLabel", "NumeroAsp", "Status", "Type", "TypeLogiciel", "CreatedAt", "Siret", "Denomination", "NumeroEditeur", "HasArchivedVersion", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Staff_Siret",
                table: "FinancingRequests",
                columns: new[] { "DeletedAt", "Siret", "CreatedAt", "NumeroAsp", "Status", "StatusLabel", "Type", "TypeLogiciel", "Denomination", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_Historisee",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "HasArchivedVersion", "StatusLabel", "NumeroAsp", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "PaymentStateLabel", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_Staff_Paiement",
                table: "FinancingRequests");

            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_Staff_Siret",
                table: "FinancingRequests");

            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_Table_Historisee",
                table: "FinancingRequests");

            migrationBuilder.AddColumn<bool>(
                name: "HasPayment",
                table: "FinancingRequests",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }
    }
}
