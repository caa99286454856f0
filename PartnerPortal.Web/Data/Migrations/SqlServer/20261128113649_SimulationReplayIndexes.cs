using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerPortal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SimulationReplayIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RevenueLines_AttributedPartnerId_Period",
                table: "RevenueLines");

            migrationBuilder.DropIndex(
                name: "IX_RevenueLines_DistributorId_Period",
                table: "RevenueLines");

            migrationBuilder.CreateIndex(
                name: "IX_RevenueLines_AttributedPartnerId_Period_Replay",
                table: "RevenueLines",
                columns: new[] { "AttributedPartnerId", "Period", "AppId", "AttributedFrom", "Category", "Currency", "RevenueCents", "PlatformFeeCents", "CommissionCents", "OverrideCents", "CommissionPlanVersionId", "DistributorId", "DistributorPlanVersionId" });

            migrationBuilder.CreateIndex(
                name: "IX_RevenueLines_DistributorId_Period_AttributedPartnerId",
                table: "RevenueLines",
                columns: new[] { "DistributorId", "Period", "AttributedPartnerId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RevenueLines_AttributedPartnerId_Period_Replay",
                table: "RevenueLines");

            migrationBuilder.DropIndex(
                name: "IX_RevenueLines_DistributorId_Period_AttributedPartnerId",
                table: "RevenueLines");

            migrationBuilder.CreateIndex(
                name: "IX_RevenueLines_AttributedPartnerId_Period",
                table: "RevenueLines",
                columns: new[] { "AttributedPartnerId", "Period" });

            migrationBuilder.CreateIndex(
                name: "IX_RevenueLines_DistributorId_Period",
                table: "RevenueLines",
                columns: new[] { "DistributorId", "Period" });
        }
    }
}
