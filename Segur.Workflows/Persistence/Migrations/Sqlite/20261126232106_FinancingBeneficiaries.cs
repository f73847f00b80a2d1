using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Segur.Workflows.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FinancingBeneficiaries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FinancingBeneficiaries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Couloir = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    TypeLogiciel = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Identifier = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FinancingBeneficiaries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FinancingBeneficiaries_FinancingRequests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "FinancingRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingBeneficiaries_Couloir_TypeLogiciel_Identifier",
                table: "FinancingBeneficiaries",
                columns: new[] { "Couloir", "TypeLogiciel", "Identifier" });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingBeneficiaries_RequestId_Identifier",
                table: "FinancingBeneficiaries",
                columns: new[] { "RequestId", "Identifier" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FinancingBeneficiaries");
        }
    }
}
