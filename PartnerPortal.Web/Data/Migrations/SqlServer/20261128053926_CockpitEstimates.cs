using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerPortal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CockpitEstimates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "EstimateRuns",
                columns: table => new
                {
                    Period = table.Column<int>(type: "int", nullable: false),
                    ComputedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Subscriptions = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EstimateRuns", x => x.Period);
                });

            migrationBuilder.CreateTable(
                name: "PartnerEstimates",
                columns: table => new
                {
                    Period = table.Column<int>(type: "int", nullable: false),
                    PartnerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Currency = table.Column<string>(type: "nvarchar(3)", maxLength: 3, nullable: false),
                    RevenueCents = table.Column<long>(type: "bigint", nullable: false),
                    CommissionCents = table.Column<long>(type: "bigint", nullable: false),
                    OverrideCents = table.Column<long>(type: "bigint", nullable: false),
                    PayoutCents = table.Column<long>(type: "bigint", nullable: false),
                    ComputedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerEstimates", x => new { x.Period, x.PartnerId });
                });

            migrationBuilder.CreateTable(
                name: "SubscriptionEstimates",
                columns: table => new
                {
                    Period = table.Column<int>(type: "int", nullable: false),
                    SubscriptionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CustomerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Currency = table.Column<string>(type: "nvarchar(3)", maxLength: 3, nullable: false),
                    RevenueCents = table.Column<long>(type: "bigint", nullable: false),
                    ComputedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubscriptionEstimates", x => new { x.Period, x.SubscriptionId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_StatementLines_PartnerId_Kind_CustomerId",
                table: "StatementLines",
                columns: new[] { "PartnerId", "Kind", "CustomerId" });

            migrationBuilder.CreateIndex(
                name: "IX_PartnerEstimates_PartnerId",
                table: "PartnerEstimates",
                column: "PartnerId");

            migrationBuilder.CreateIndex(
                name: "IX_SubscriptionEstimates_CustomerId_Period",
                table: "SubscriptionEstimates",
                columns: new[] { "CustomerId", "Period" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EstimateRuns");

            migrationBuilder.DropTable(
                name: "PartnerEstimates");

            migrationBuilder.DropTable(
                name: "SubscriptionEstimates");

            migrationBuilder.DropIndex(
                name: "IX_StatementLines_PartnerId_Kind_CustomerId",
                table: "StatementLines");
        }
    }
}
