using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Segur.Workflows.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Idx17StaffSiretPaymentHistorisee : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SQLite's own DROP COLUMN (3.35+), where EF's DropColumn rebuilds the table: a rebuild would drop the triggers of the
            // number search's FTS table and renumber the rowids it is keyed by (docs/decisions/0252). This one rewrites each row
            // in place (rowids kept) and leaves the indexes as they are; no index holds the column (decision 0203).
            migrationBuilder.Sql("ALTER TABLE \"FinancingRequests\" DROP COLUMN \"HasPayment\";");

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
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }
    }
}
