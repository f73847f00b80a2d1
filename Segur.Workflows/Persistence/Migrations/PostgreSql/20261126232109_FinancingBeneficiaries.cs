using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Segur.Workflows.Persistence.Migrations.PostgreSql
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    Couloir = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    TypeLogiciel = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Identifier = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
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
