using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace PartnerPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AppCategories : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AppCategories",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    NormalizedCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AppCategories", x => x.Code);
                });

            migrationBuilder.InsertData(
                table: "AppCategories",
                columns: new[] { "Code", "CreatedAtUtc", "Name", "NormalizedCode" },
                values: new object[,]
                {
                    { "Collaboration", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Collaboration", "COLLABORATION" },
                    { "Communication", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Communication", "COMMUNICATION" },
                    { "CrmSales", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "CRM & sales", "CRMSALES" },
                    { "DevOps", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "DevOps", "DEVOPS" },
                    { "Finance", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Finance", "FINANCE" },
                    { "HumanResources", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Human resources", "HUMANRESOURCES" },
                    { "Industry", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Industry", "INDUSTRY" },
                    { "Productivity", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Productivity", "PRODUCTIVITY" },
                    { "Security", new DateTime(2026, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc), "Security", "SECURITY" }
                });

            migrationBuilder.CreateIndex(
                name: "IX_AppCategories_NormalizedCode",
                table: "AppCategories",
                column: "NormalizedCode",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AppCategories");
        }
    }
}
