using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Segur.Workflows.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class TableIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Payments_EtatLabel_RequestId",
                table: "Payments",
                columns: new[] { "EtatLabel", "RequestId" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequestVersions_Status_RequestId",
                table: "FinancingRequestVersions",
                columns: new[] { "Status", "RequestId" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_DateDepot",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "CreatedAt", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "NumeroEditeur", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_Logiciel",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "TypeLogiciel", "NumeroAsp", "StatusLabel", "Type", "NumeroAns", "CreatedAt", "NumeroEditeur", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_MontantDecide",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "MontantDecide", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_MontantDeclare",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "MontantSegurHTDeclare", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_MontantRetenu",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "MontantRetenuHT", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_NumeroAns",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "NumeroAns", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "CreatedAt", "NumeroEditeur", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_NumeroAsp",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_NumeroEditeur",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "NumeroEditeur", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_Statut",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "StatusLabel", "NumeroAsp", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_Type",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "Type", "NumeroAsp", "StatusLabel", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Payments_EtatLabel_RequestId",
                table: "Payments");

            migrationBuilder.DropIndex(
                name: "IX_FinancingRequestVersions_Status_RequestId",
                table: "FinancingRequestVersions");

            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_Table_DateDepot",
                table: "FinancingRequests");

            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_Table_Logiciel",
                table: "FinancingRequests");

            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_Table_MontantDecide",
                table: "FinancingRequests");

            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_Table_MontantDeclare",
                table: "FinancingRequests");

            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_Table_MontantRetenu",
                table: "FinancingRequests");

            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_Table_NumeroAns",
                table: "FinancingRequests");

            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_Table_NumeroAsp",
                table: "FinancingRequests");

            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_Table_NumeroEditeur",
                table: "FinancingRequests");

            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_Table_Statut",
                table: "FinancingRequests");

            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_Table_Type",
                table: "FinancingRequests");
        }
    }
}
