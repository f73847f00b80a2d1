using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Segur.Workflows.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PortalNews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "NewsItems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Link = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    LinkText = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    StartsOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndsOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    UnpublishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NewsItems", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "NewsItems",
                columns: new[] { "Id", "CreatedAt", "CreatedBy", "EndsOn", "Link", "LinkText", "StartsOn", "Text", "Title", "UnpublishedAt", "UpdatedAt", "UpdatedBy" },
                values: new object[,]
                {
                    { new Guid("0193a1b2-0000-7000-8000-000000000001"), new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Portail Ségur", null, "/imports/nouveau", "Importer un fichier JSON", new DateOnly(2026, 11, 24), "Le simulateur applique à votre fichier JSON exactement les contrôles de l'import, sans rien enregistrer : vérifiez vos lignes avant le dépôt réel.", "Simulez vos imports avant de les déposer", null, null, null },
                    { new Guid("0193a1b2-0000-7000-8000-000000000002"), new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Portail Ségur", null, "/demandes/incompletes", "Voir mes demandes non complétées", new DateOnly(2026, 11, 11), "Une demande importée sans ses pièces justificatives reste « non complétée » et n'est pas instruite. Elle est supprimée automatiquement {delaiExpiration} après l'import.", "Demandes non complétées : {delaiExpiration} pour ajouter les pièces", null, null, null },
                    { new Guid("0193a1b2-0000-7000-8000-000000000003"), new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Portail Ségur", null, null, null, new DateOnly(2026, 10, 20), "Vous pouvez déposer en une fois les pièces de plusieurs demandes : chaque fichier du zip est rattaché à la demande dont il porte le numéro éditeur.", "Dépôt groupé des pièces par fichier zip", null, null, null },
                    { new Guid("0193a1b2-0000-7000-8000-000000000004"), new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Portail Ségur", null, "/demandes", "Suivre mes demandes", new DateOnly(2026, 9, 30), "Chaque demande affiche son état de paiement (aucun paiement en cours, paiement en cours, paiement effectué) et, une fois le paiement effectué, l'avis de paiement à télécharger.", "Suivi des paiements", null, null, null }
                });

            migrationBuilder.CreateIndex(
                name: "IX_NewsItems_StartsOn",
                table: "NewsItems",
                column: "StartsOn");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NewsItems");
        }
    }
}
