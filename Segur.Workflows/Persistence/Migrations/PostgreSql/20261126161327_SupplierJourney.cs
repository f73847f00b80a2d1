using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Segur.Workflows.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class SupplierJourney : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "EnrolmentId",
                table: "FinancingRequests",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ImportId",
                table: "FinancingRequests",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LineJson",
                table: "FinancingRequests",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NumeroDossier",
                table: "FinancingRequests",
                type: "character varying(30)",
                maxLength: 30,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "Counters",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Value = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Counters", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "Imports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<long>(type: "bigint", nullable: false),
                    SupplierId = table.Column<Guid>(type: "uuid", nullable: false),
                    ImportedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    NumeroAns = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Type = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    FileName = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    LineCount = table.Column<int>(type: "integer", nullable: false),
                    Retained = table.Column<int>(type: "integer", nullable: false),
                    Rejected = table.Column<int>(type: "integer", nullable: false),
                    FileHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ReturnedJson = table.Column<string>(type: "text", nullable: false),
                    ImportedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Imports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RequestDocuments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    FileName = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StoragePath = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    TypeFichier = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    UploadedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UploadedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RequestDocuments", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_ImportId",
                table: "FinancingRequests",
                column: "ImportId");

            migrationBuilder.CreateIndex(
                name: "IX_FinancingRequests_NumeroDossier",
                table: "FinancingRequests",
                column: "NumeroDossier");

            migrationBuilder.CreateIndex(
                name: "IX_Imports_Number",
                table: "Imports",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Imports_SupplierId_FileHash",
                table: "Imports",
                columns: new[] { "SupplierId", "FileHash" });

            migrationBuilder.CreateIndex(
                name: "IX_Imports_SupplierId_ImportedAt",
                table: "Imports",
                columns: new[] { "SupplierId", "ImportedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RequestDocuments_RequestId",
                table: "RequestDocuments",
                column: "RequestId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Counters");

            migrationBuilder.DropTable(
                name: "Imports");

            migrationBuilder.DropTable(
                name: "RequestDocuments");

            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_ImportId",
                table: "FinancingRequests");

            migrationBuilder.DropIndex(
                name: "IX_FinancingRequests_NumeroDossier",
                table: "FinancingRequests");

            migrationBuilder.DropColumn(
                name: "EnrolmentId",
                table: "FinancingRequests");

            migrationBuilder.DropColumn(
                name: "ImportId",
                table: "FinancingRequests");

            migrationBuilder.DropColumn(
                name: "LineJson",
                table: "FinancingRequests");

            migrationBuilder.DropColumn(
                name: "NumeroDossier",
                table: "FinancingRequests");
        }
    }
}
