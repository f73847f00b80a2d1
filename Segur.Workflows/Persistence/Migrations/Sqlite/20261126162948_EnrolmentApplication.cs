using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Segur.Workflows.Persistence.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 11,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Banque_Iban",
                table: "Enrolments",
                type: "TEXT",
                maxLength: 34,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Banque_Titulaire",
                table: "Enrolments",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Deposant_Email",
                table: "Enrolments",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Deposant_Nom",
                table: "Enrolments",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Deposant_Prenom",
                table: "Enrolments",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Deposant_Telephone",
                table: "Enrolments",
                type: "TEXT",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RepresentantLegal_Email",
                table: "Enrolments",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RepresentantLegal_Nom",
                table: "Enrolments",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RepresentantLegal_Prenom",
                table: "Enrolments",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RepresentantLegal_Telephone",
                table: "Enrolments",
                type: "TEXT",
                maxLength: 30,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "EnrolmentDocuments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EnrolmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StoragePath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    UploadedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
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
