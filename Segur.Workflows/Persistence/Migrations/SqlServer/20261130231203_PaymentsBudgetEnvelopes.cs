using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Segur.Workflows.Persistence.Migrations.SqlServer
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
                    Code = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    EngagedCents = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BudgetEnvelopes", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "EnvelopeEngagements",
                columns: table => new
                {
                    RequestId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    EnvelopeCode = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    EnvelopeLabel = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    AmountCents = table.Column<long>(type: "bigint", nullable: false),
                    EngagedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    EngagedBy = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false)
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
