using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Segur.Workflows.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class EnrolmentApplication : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Banque_Bic",
                table: "Enrolments",
                type: "nvarchar(11)",
                maxLength: 11,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Banque_Iban",
                table: "Enrolments",
                type: "nvarchar(34)",
                maxLength: 34,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Banque_Titulaire",
                table: "Enrolments",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Deposant_Email",
                table: "Enrolments",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Deposant_Nom",
                table: "Enrolments",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Deposant_Prenom",
                table: "Enrolments",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Deposant_Telephone",
                table: "Enrolments",
                type: "nvarchar(30)",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RepresentantLegal_Email",
                table: "Enrolments",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RepresentantLegal_Nom",
                table: "Enrolments",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RepresentantLegal_Prenom",
                table: "Enrolments",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RepresentantLegal_Telephone",
                table: "Enrolments",
                type: "nvarchar(30)",
                maxLength: 30,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "EnrolmentDocuments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    EnrolmentId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    FileName = table.Column<string>(type: "nvarchar(260)", maxLength: 260, nullable: false),
                    ContentType = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    Sha256 = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    StoragePath = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    UploadedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EnrolmentDocuments", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EnrolmentDocuments_EnrolmentId",
                table: "EnrolmentDocuments",
                column: "EnrolmentId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EnrolmentDocuments");

            migrationBuilder.DropColumn(
                name: "Banque_Bic",
                table: "Enrolments");

            migrationBuilder.DropColumn(
                name: "Banque_Iban",
                table: "Enrolments");

            migrationBuilder.DropColumn(
                name: "Banque_Titulaire",
                table: "Enrolments");

            migrationBuilder.DropColumn(
                name: "Deposant_Email",
                table: "Enrolments");

            migrationBuilder.DropColumn(
                name: "Deposant_Nom",
                table: "Enrolments");

            migrationBuilder.DropColumn(
                name: "Deposant_Prenom",
                table: "Enrolments");

            migrationBuilder.DropColumn(
                name: "Deposant_Telephone",
                table: "Enrolments");

            migrationBuilder.DropColumn(
                name: "RepresentantLegal_Email",
                table: "Enrolments");

            migrationBuilder.DropColumn(
                name: "RepresentantLegal_Nom",
                table: "Enrolments");

            migrationBuilder.DropColumn(
                name: "RepresentantLegal_Prenom",
                table: "Enrolments");

            migrationBuilder.DropColumn(
                name: "RepresentantLegal_Telephone",
                table: "Enrolments");
        }
    }
}
