using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Segur.Workflows.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PaymentsBudgetEnvelopes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BudgetEnvelopes",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    EngagedCents = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BudgetEnvelopes", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "EnvelopeEngagements",
                columns: table => new
                {
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EnvelopeCode = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    EnvelopeLabel = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AmountCents = table.Column<long>(type: "INTEGER", nullable: false),
                    EngagedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EngagedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EnvelopeEngagements", x => x.RequestId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EnvelopeEngagements_EnvelopeCode",
                table: "EnvelopeEngagements",
                column: "EnvelopeCode");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BudgetEnvelopes");

            migrationBuilder.DropTable(
                name: "EnvelopeEngagements");
        }
    }
}
