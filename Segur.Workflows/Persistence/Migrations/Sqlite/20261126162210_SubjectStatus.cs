using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Segur.Workflows.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SubjectStatus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Enrolments_SupplierId",
                table: "Enrolments");

            migrationBuilder.AddColumn<string>(
                name: "Etat",
                table: "Payments",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "EtatLabel",
                table: "Payments",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "FinancingRequests",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "StatusLabel",
                table: "FinancingRequests",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "Enrolments",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "StatusLabel",
                table: "Enrolments",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_SupplierId_Status",
                table: "FinancingRequests",
                columns: new[] { "SupplierId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Enrolments_SupplierId_Status",
                table: "Enrolments",
                columns: new[] { "SupplierId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_SupplierId_Status",
                table: "FinancingRequests");

            migrationBuilder.DropIndex(
                name: "IX_Enrolments_SupplierId_Status",
                table: "Enrolments");

            migrationBuilder.DropColumn(
                name: "Etat",
                table: "Payments");

            migrationBuilder.DropColumn(
                name: "EtatLabel",
                table: "Payments");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "FinancingRequests");

            migrationBuilder.DropColumn(
                name: "StatusLabel",
                table: "FinancingRequests");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "Enrolments");

            migrationBuilder.DropColumn(
                name: "StatusLabel",
                table: "Enrolments");

            migrationBuilder.CreateIndex(
                name: "IX_Enrolments_SupplierId",
                table: "Enrolments",
                column: "SupplierId");
        }
    }
}
