using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Segur.Workflows.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class StudioDrafts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "RestoredFrom",
                table: "WorkflowDefinitions",
                type: "int",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "WorkflowDefinitionDrafts",
                columns: table => new
                {
                    DefinitionId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Json = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    BasedOnVersion = table.Column<int>(type: "int", nullable: true),
                    Token = table.Column<int>(type: "int", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedBy = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkflowDefinitionDrafts", x => x.DefinitionId);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WorkflowDefinitionDrafts");

            migrationBuilder.DropColumn(
                name: "RestoredFrom",
                table: "WorkflowDefinitions");
        }
    }
}
