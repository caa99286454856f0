using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerPortal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class StatementLineCoveringIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StatementLines_PartnerId_Kind_CustomerId",
                table: "StatementLines");

            migrationBuilder.CreateIndex(
                name: "IX_StatementLines_PartnerId_Kind_CustomerId_AmountCents",
                table: "StatementLines",
                columns: new[] { "PartnerId", "Kind", "CustomerId", "AmountCents" });

            migrationBuilder.CreateIndex(
                name: "IX_StatementLines_PartnerId_Kind_Period_AmountCents",
                table: "StatementLines",
                columns: new[] { "PartnerId", "Kind", "Period", "AmountCents" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StatementLines_PartnerId_Kind_CustomerId_AmountCents",
                table: "StatementLines");

            migrationBuilder.DropIndex(
                name: "IX_StatementLines_PartnerId_Kind_Period_AmountCents",
                table: "StatementLines");

            migrationBuilder.CreateIndex(
                name: "IX_StatementLines_PartnerId_Kind_CustomerId",
                table: "StatementLines",
                columns: new[] { "PartnerId", "Kind", "CustomerId" });
        }
    }
}
