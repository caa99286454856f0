using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerPortal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Settlement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CommissionPlans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    CurrentVersionId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    VersionCount = table.Column<int>(type: "int", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommissionPlans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Credits",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    SubscriptionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CustomerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Period = table.Column<int>(type: "int", nullable: false),
                    AmountCents = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "nvarchar(3)", maxLength: 3, nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    SettledInPeriod = table.Column<int>(type: "int", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Credits", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RevenueAdjustments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Period = table.Column<int>(type: "int", nullable: false),
                    CorrectedPeriod = table.Column<int>(type: "int", nullable: false),
                    SubscriptionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CustomerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RevenueLineId = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "nvarchar(3)", maxLength: 3, nullable: false),
                    RevenueDeltaCents = table.Column<long>(type: "bigint", nullable: false),
                    PlatformFeeDeltaCents = table.Column<long>(type: "bigint", nullable: false),
                    ServiceFeeDeltaCents = table.Column<long>(type: "bigint", nullable: false),
                    PayoutDeltaCents = table.Column<long>(type: "bigint", nullable: false),
                    CommissionDeltaCents = table.Column<long>(type: "bigint", nullable: false),
                    OverrideDeltaCents = table.Column<long>(type: "bigint", nullable: false),
                    CreditCents = table.Column<long>(type: "bigint", nullable: false),
                    Events = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RevenueAdjustments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RevenueLines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Period = table.Column<int>(type: "int", nullable: false),
                    SubscriptionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CustomerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AppId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    PartnerServiceId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ContractPartnerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PlanVersionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Category = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    Currency = table.Column<string>(type: "nvarchar(3)", maxLength: 3, nullable: false),
                    ActiveDays = table.Column<int>(type: "int", nullable: false),
                    SeatDays = table.Column<long>(type: "bigint", nullable: false),
                    Used = table.Column<bool>(type: "bit", nullable: false),
                    Events = table.Column<long>(type: "bigint", nullable: false),
                    RevenueCents = table.Column<long>(type: "bigint", nullable: false),
                    PlatformFeeRate = table.Column<decimal>(type: "decimal(28,10)", precision: 28, scale: 10, nullable: false),
                    PlatformFeeCents = table.Column<long>(type: "bigint", nullable: false),
                    PayoutCents = table.Column<long>(type: "bigint", nullable: false),
                    ServiceFeeRate = table.Column<decimal>(type: "decimal(28,10)", precision: 28, scale: 10, nullable: false),
                    ServiceFeeCents = table.Column<long>(type: "bigint", nullable: false),
                    AttributedPartnerId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    AttributedFrom = table.Column<DateOnly>(type: "date", nullable: true),
                    CommissionPlanVersionId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    CommissionRate = table.Column<decimal>(type: "decimal(28,10)", precision: 28, scale: 10, nullable: true),
                    CommissionBasis = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: true),
                    CommissionCents = table.Column<long>(type: "bigint", nullable: false),
                    DistributorId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    DistributorPlanVersionId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    OverrideRate = table.Column<decimal>(type: "decimal(28,10)", precision: 28, scale: 10, nullable: true),
                    OverrideCents = table.Column<long>(type: "bigint", nullable: false),
                    DetailJson = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RevenueLines", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SettlementBatches",
                columns: table => new
                {
                    Period = table.Column<int>(type: "int", nullable: false),
                    Attempt = table.Column<int>(type: "int", nullable: false),
                    Index = table.Column<int>(type: "int", nullable: false),
                    Unattributed = table.Column<bool>(type: "bit", nullable: false),
                    PartnerIdsJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    ReportJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    DoneAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SettlementBatches", x => new { x.Period, x.Attempt, x.Index });
                });

            migrationBuilder.CreateTable(
                name: "SettlementRuns",
                columns: table => new
                {
                    Period = table.Column<int>(type: "int", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Attempt = table.Column<int>(type: "int", nullable: false),
                    BatchCount = table.Column<int>(type: "int", nullable: false),
                    Currency = table.Column<string>(type: "nvarchar(3)", maxLength: 3, nullable: false),
                    RevenueCents = table.Column<long>(type: "bigint", nullable: false),
                    PlatformFeeCents = table.Column<long>(type: "bigint", nullable: false),
                    ServiceFeeCents = table.Column<long>(type: "bigint", nullable: false),
                    CommissionCents = table.Column<long>(type: "bigint", nullable: false),
                    OverrideCents = table.Column<long>(type: "bigint", nullable: false),
                    IsvPayoutCents = table.Column<long>(type: "bigint", nullable: false),
                    ServicePayoutCents = table.Column<long>(type: "bigint", nullable: false),
                    AdjustmentCents = table.Column<long>(type: "bigint", nullable: false),
                    AdjustmentNetCents = table.Column<long>(type: "bigint", nullable: false),
                    CarryForwardCents = table.Column<long>(type: "bigint", nullable: false),
                    Subscriptions = table.Column<int>(type: "int", nullable: false),
                    Statements = table.Column<int>(type: "int", nullable: false),
                    ReportJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Error = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    StartedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    FinishedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ApprovedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ApprovedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    StartedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SettlementRuns", x => x.Period);
                });

            migrationBuilder.CreateTable(
                name: "StatementLines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Period = table.Column<int>(type: "int", nullable: false),
                    PartnerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    LineKey = table.Column<string>(type: "nvarchar(120)", maxLength: 120, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    CustomerId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    SubscriptionId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    RevenueLineId = table.Column<long>(type: "bigint", nullable: true),
                    Currency = table.Column<string>(type: "nvarchar(3)", maxLength: 3, nullable: false),
                    RevenueCents = table.Column<long>(type: "bigint", nullable: false),
                    Rate = table.Column<decimal>(type: "decimal(28,10)", precision: 28, scale: 10, nullable: true),
                    AmountCents = table.Column<long>(type: "bigint", nullable: false),
                    RefersToPeriod = table.Column<int>(type: "int", nullable: true),
                    Description = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatementLines", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Statements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PartnerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Period = table.Column<int>(type: "int", nullable: false),
                    Number = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Currency = table.Column<string>(type: "nvarchar(3)", maxLength: 3, nullable: false),
                    TotalCents = table.Column<long>(type: "bigint", nullable: false),
                    CarriesForward = table.Column<bool>(type: "bit", nullable: false),
                    CarriedIntoPeriod = table.Column<int>(type: "int", nullable: true),
                    Lines = table.Column<int>(type: "int", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ApprovedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    PaidAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    PaymentReference = table.Column<string>(type: "nvarchar(140)", maxLength: 140, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Statements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Statements_Partners_PartnerId",
                        column: x => x.PartnerId,
                        principalTable: "Partners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CommissionPlanVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PlanId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Number = table.Column<int>(type: "int", nullable: false),
                    TermsJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommissionPlanVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CommissionPlanVersions_CommissionPlans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "CommissionPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CommissionAssignments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PartnerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CommissionPlanId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CommissionPlanVersionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    From = table.Column<DateOnly>(type: "date", nullable: false),
                    ToExclusive = table.Column<DateOnly>(type: "date", nullable: true),
                    AssignedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    AssignedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommissionAssignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CommissionAssignments_CommissionPlanVersions_CommissionPlanVersionId",
                        column: x => x.CommissionPlanVersionId,
                        principalTable: "CommissionPlanVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CommissionAssignments_CommissionPlans_CommissionPlanId",
                        column: x => x.CommissionPlanId,
                        principalTable: "CommissionPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CommissionAssignments_Partners_PartnerId",
                        column: x => x.PartnerId,
                        principalTable: "Partners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CommissionAssignments_CommissionPlanId",
                table: "CommissionAssignments",
                column: "CommissionPlanId");

            migrationBuilder.CreateIndex(
                name: "IX_CommissionAssignments_CommissionPlanVersionId",
                table: "CommissionAssignments",
                column: "CommissionPlanVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_CommissionAssignments_PartnerId_From",
                table: "CommissionAssignments",
                columns: new[] { "PartnerId", "From" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CommissionPlanVersions_PlanId_Number",
                table: "CommissionPlanVersions",
                columns: new[] { "PlanId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Credits_SubscriptionId_Period",
                table: "Credits",
                columns: new[] { "SubscriptionId", "Period" });

            migrationBuilder.CreateIndex(
                name: "IX_RevenueAdjustments_Period_CorrectedPeriod_SubscriptionId",
                table: "RevenueAdjustments",
                columns: new[] { "Period", "CorrectedPeriod", "SubscriptionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RevenueAdjustments_SubscriptionId_CorrectedPeriod",
                table: "RevenueAdjustments",
                columns: new[] { "SubscriptionId", "CorrectedPeriod" });

            migrationBuilder.CreateIndex(
                name: "IX_RevenueLines_AttributedPartnerId_Period",
                table: "RevenueLines",
                columns: new[] { "AttributedPartnerId", "Period" });

            migrationBuilder.CreateIndex(
                name: "IX_RevenueLines_ContractPartnerId_Period",
                table: "RevenueLines",
                columns: new[] { "ContractPartnerId", "Period" });

            migrationBuilder.CreateIndex(
                name: "IX_RevenueLines_CustomerId_Period",
                table: "RevenueLines",
                columns: new[] { "CustomerId", "Period" });

            migrationBuilder.CreateIndex(
                name: "IX_RevenueLines_Period_SubscriptionId",
                table: "RevenueLines",
                columns: new[] { "Period", "SubscriptionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StatementLines_Period_PartnerId_LineKey",
                table: "StatementLines",
                columns: new[] { "Period", "PartnerId", "LineKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StatementLines_SubscriptionId",
                table: "StatementLines",
                column: "SubscriptionId");

            migrationBuilder.CreateIndex(
                name: "IX_Statements_Number",
                table: "Statements",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Statements_PartnerId_Period",
                table: "Statements",
                columns: new[] { "PartnerId", "Period" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Statements_Period_Status",
                table: "Statements",
                columns: new[] { "Period", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CommissionAssignments");

            migrationBuilder.DropTable(
                name: "Credits");

            migrationBuilder.DropTable(
                name: "RevenueAdjustments");

            migrationBuilder.DropTable(
                name: "RevenueLines");

            migrationBuilder.DropTable(
                name: "SettlementBatches");

            migrationBuilder.DropTable(
                name: "SettlementRuns");

            migrationBuilder.DropTable(
                name: "StatementLines");

            migrationBuilder.DropTable(
                name: "Statements");

            migrationBuilder.DropTable(
                name: "CommissionPlanVersions");

            migrationBuilder.DropTable(
                name: "CommissionPlans");
        }
    }
}
