using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Segur.Workflows.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Paystate16PaymentStateOnRequest : Migration
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

            migrationBuilder.AddColumn<string>(
                name: "PaymentStateLabel",
                table: "FinancingRequests",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            // The state of the versements already there, written on their requests (docs/decisions/0203): before the indexes are
            // built again, so each index is written once. One versement per request; the latest if ever more.
            migrationBuilder.Sql(
                "UPDATE [FinancingRequests] SET [PaymentStateLabel] = (SELECT TOP 1 p.[EtatLabel] FROM [Payments] AS p WHERE p.[RequestId] = [FinancingRequests].[Id] ORDER BY p.[DateValidation] DESC, p.[Id] DESC) WHERE [Id] IN (SELECT [RequestId] FROM [Payments]);");

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Staff_Count",
                table: "FinancingRequests",
                columns: new[] { "DeletedAt", "Status", "StatusLabel", "Type", "TypeLogiciel", "CreatedAt", "HasArchivedVersion", "PaymentStateLabel" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Staff_DateDepot",
                table: "FinancingRequests",
                columns: new[] { "DeletedAt", "CreatedAt", "NumeroAsp", "Status", "StatusLabel", "Type", "TypeLogiciel", "Siret", "Denomination", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Staff_Fournisseur",
                table: "FinancingRequests",
                columns: new[] { "DeletedAt", "Denomination", "NumeroAsp", "Status", "StatusLabel", "Type", "TypeLogiciel", "CreatedAt", "Siret", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Staff_Numero",
                table: "FinancingRequests",
                columns: new[] { "DeletedAt", "NumeroAsp", "Status", "StatusLabel", "Type", "TypeLogiciel", "CreatedAt", "Siret", "Denomination", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Staff_Statut",
                table: "FinancingRequests",
                columns: new[] { "DeletedAt", "StatusLabel", "NumeroAsp", "Status", "Type", "TypeLogiciel", "CreatedAt", "Siret", "Denomination", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_DateDepot",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "CreatedAt", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "MontantSegurHTDeclare", "MontantRetenuHT", "MontantDecide", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_Logiciel",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "TypeLogiciel", "NumeroAsp", "StatusLabel", "Type", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_MontantDecide",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "MontantDecide", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_MontantDeclare",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "MontantSegurHTDeclare", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_MontantRetenu",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "MontantRetenuHT", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_NumeroAns",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "NumeroAns", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_NumeroAsp",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_NumeroEditeur",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "NumeroEditeur", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "HasArchivedVersion", "PaymentStateLabel", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_Statut",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "StatusLabel", "NumeroAsp", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_Type",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "Type", "NumeroAsp", "StatusLabel", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "PaymentStateLabel", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_Table_Paiement",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "DeletedAt", "PaymentStateLabel", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "CreatedAt", "NumeroEditeur", "HasArchivedVersion", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_Table_Paiement",
                table: "FinancingRequests");

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
                name: "PaymentStateLabel",
                table: "FinancingRequests");

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
                columns: new[] { "SupplierId", "DeletedAt", "CreatedAt", "NumeroAsp", "StatusLabel", "Type", "TypeLogiciel", "NumeroAns", "NumeroEditeur", "HasArchivedVersion", "HasPayment", "MontantSegurHTDeclare", "MontantRetenuHT", "MontantDecide", "Id" });

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
    }
}
