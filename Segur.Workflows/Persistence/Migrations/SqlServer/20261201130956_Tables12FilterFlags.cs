using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Segur.Workflows.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Tables12FilterFlags : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
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

            migrationBuilder.AddColumn<bool>(
                name: "HasArchivedVersion",
                table: "FinancingRequests",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "HasPayment",
                table: "FinancingRequests",
                type: "bit",
                nullable: false,
                defaultValue: false);

            // The two flags of the requests already there, from the rows they stand for (docs/decisions/0181): before the
            // indexes are built again, so each index is written once.
            migrationBuilder.Sql(
                "UPDATE [FinancingRequests] SET [HasArchivedVersion] = CAST(1 AS bit) WHERE [Id] IN (SELECT [RequestId] FROM [FinancingRequestVersions] WHERE [Status] = N'Historisée');");

            migrationBuilder.Sql(
                "UPDATE [FinancingRequests] SET [HasPayment] = CAST(1 AS bit) WHERE [Id] IN (SELECT [RequestId] FROM [Payments]);");

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Staff_Count",
                table: "FinancingRequests",
                columns: new[] { "DeletedAt", "Status", "StatusLabel", "Type", "TypeLogiciel", "CreatedAt", "HasArchivedVersion", "HasPayment" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Staff_DateDepot",
                table: "FinancingRequests",
                columns: new[] { "DeletedAt", "CreatedAt", "NumeroAsp", "Status", "StatusLabel", "Type", "TypeLogiciel", "Siret", "Denomination", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Staff_Fournisseur",
                table: "FinancingRequests",
                columns: new[] { "DeletedAt", "Denomination", "NumeroAsp", "Status", "StatusLabel", "Type", "TypeLogiciel", "CreatedAt", "Siret", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Staff_Numero",
                table: "FinancingRequests",
                columns: new[] { "DeletedAt", "NumeroAsp", "Status", "StatusLabel", "Type", "TypeLogiciel", "CreatedAt", "Siret", "Denomination", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Staff_Statut",
                table: "FinancingRequests",
                columns: new[] { "DeletedAt", "StatusLabel", "NumeroAsp", "Status", "Type", "TypeLogiciel", "CreatedAt", "Siret", "Denomination", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_DateDepot",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "CreatedAt", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_Logiciel",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "TypeLogiciel", "NumeroAsp", "StatusLabel", "Type", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_MontantDecide",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "MontantDecide", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_MontantDeclare",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "MontantSegurHTDeclare", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_MontantRetenu",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "MontantRetenuHT", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_NumeroAns",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "NumeroAns", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_NumeroAsp",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_NumeroEditeur",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "NumeroEditeur", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "HasArchivedVersion", "HasPayment", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_Statut",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "StatusLabel", "NumeroAsp", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_Type",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "Type", "NumeroAsp", "StatusLabel", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "Id" });
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

            migrationBuilder.DropColumn(
                name: "HasArchivedVersion",
                table: "FinancingRequests");

            migrationBuilder.DropColumn(
                name: "HasPayment",
                table: "FinancingRequests");

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
    }
}
