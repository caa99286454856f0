using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerPortal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Simulation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PilotShares",
                columns: table => new
                {
                    CommissionPlanId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    SharedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    SharedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PilotShares", x => x.CommissionPlanId);
                    table.ForeignKey(
                        name: "FK_PilotShares_CommissionPlans_CommissionPlanId",
                        column: x => x.CommissionPlanId,
                        principalTable: "CommissionPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PlanFeedback",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CommissionPlanId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PartnerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Rating = table.Column<int>(type: "int", nullable: false),
                    Comment = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanFeedback", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlanFeedback_CommissionPlans_CommissionPlanId",
                        column: x => x.CommissionPlanId,
                        principalTable: "CommissionPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PlanFeedback_Partners_PartnerId",
                        column: x => x.PartnerId,
                        principalTable: "Partners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RevenueLines_DistributorId_Period",
                table: "RevenueLines",
                columns: new[] { "DistributorId", "Period" });

            migrationBuilder.CreateIndex(
                name: "IX_PlanFeedback_CommissionPlanId_CreatedAtUtc",
                table: "PlanFeedback",
                columns: new[] { "CommissionPlanId", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_PlanFeedback_PartnerId",
                table: "PlanFeedback",
                column: "PartnerId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PilotShares");

            migrationBuilder.DropTable(
                name: "PlanFeedback");

            migrationBuilder.DropIndex(
                name: "IX_RevenueLines_DistributorId_Period",
                table: "RevenueLines");
        }
    }
}
