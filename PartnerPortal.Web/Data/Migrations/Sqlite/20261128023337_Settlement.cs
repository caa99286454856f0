using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerPortal.Web.Data.Migrations.Sqlite
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CurrentVersionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    VersionCount = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommissionPlans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Credits",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubscriptionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Period = table.Column<int>(type: "INTEGER", nullable: false),
                    AmountCents = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    SettledInPeriod = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Credits", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RevenueAdjustments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Period = table.Column<int>(type: "INTEGER", nullable: false),
                    CorrectedPeriod = table.Column<int>(type: "INTEGER", nullable: false),
                    SubscriptionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RevenueLineId = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    RevenueDeltaCents = table.Column<long>(type: "INTEGER", nullable: false),
                    PlatformFeeDeltaCents = table.Column<long>(type: "INTEGER", nullable: false),
                    ServiceFeeDeltaCents = table.Column<long>(type: "INTEGER", nullable: false),
                    PayoutDeltaCents = table.Column<long>(type: "INTEGER", nullable: false),
                    CommissionDeltaCents = table.Column<long>(type: "INTEGER", nullable: false),
                    OverrideDeltaCents = table.Column<long>(type: "INTEGER", nullable: false),
                    CreditCents = table.Column<long>(type: "INTEGER", nullable: false),
                    Events = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RevenueAdjustments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RevenueLines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Period = table.Column<int>(type: "INTEGER", nullable: false),
                    SubscriptionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AppId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PartnerServiceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ContractPartnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanVersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    ActiveDays = table.Column<int>(type: "INTEGER", nullable: false),
                    SeatDays = table.Column<long>(type: "INTEGER", nullable: false),
                    Used = table.Column<bool>(type: "INTEGER", nullable: false),
                    Events = table.Column<long>(type: "INTEGER", nullable: false),
                    RevenueCents = table.Column<long>(type: "INTEGER", nullable: false),
                    PlatformFeeRate = table.Column<decimal>(type: "TEXT", precision: 28, scale: 10, nullable: false),
                    PlatformFeeCents = table.Column<long>(type: "INTEGER", nullable: false),
                    PayoutCents = table.Column<long>(type: "INTEGER", nullable: false),
                    ServiceFeeRate = table.Column<decimal>(type: "TEXT", precision: 28, scale: 10, nullable: false),
                    ServiceFeeCents = table.Column<long>(type: "INTEGER", nullable: false),
                    AttributedPartnerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AttributedFrom = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CommissionPlanVersionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CommissionRate = table.Column<decimal>(type: "TEXT", precision: 28, scale: 10, nullable: true),
                    CommissionBasis = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    CommissionCents = table.Column<long>(type: "INTEGER", nullable: false),
                    DistributorId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DistributorPlanVersionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OverrideRate = table.Column<decimal>(type: "TEXT", precision: 28, scale: 10, nullable: true),
                    OverrideCents = table.Column<long>(type: "INTEGER", nullable: false),
                    DetailJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RevenueLines", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SettlementBatches",
                columns: table => new
                {
                    Period = table.Column<int>(type: "INTEGER", nullable: false),
                    Attempt = table.Column<int>(type: "INTEGER", nullable: false),
                    Index = table.Column<int>(type: "INTEGER", nullable: false),
                    Unattributed = table.Column<bool>(type: "INTEGER", nullable: false),
                    PartnerIdsJson = table.Column<string>(type: "TEXT", nullable: false),
                    ReportJson = table.Column<string>(type: "TEXT", nullable: false),
                    DoneAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SettlementBatches", x => new { x.Period, x.Attempt, x.Index });
                });

            migrationBuilder.CreateTable(
                name: "SettlementRuns",
                columns: table => new
                {
                    Period = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Attempt = table.Column<int>(type: "INTEGER", nullable: false),
                    BatchCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    RevenueCents = table.Column<long>(type: "INTEGER", nullable: false),
                    PlatformFeeCents = table.Column<long>(type: "INTEGER", nullable: false),
                    ServiceFeeCents = table.Column<long>(type: "INTEGER", nullable: false),
                    CommissionCents = table.Column<long>(type: "INTEGER", nullable: false),
                    OverrideCents = table.Column<long>(type: "INTEGER", nullable: false),
                    IsvPayoutCents = table.Column<long>(type: "INTEGER", nullable: false),
                    ServicePayoutCents = table.Column<long>(type: "INTEGER", nullable: false),
                    AdjustmentCents = table.Column<long>(type: "INTEGER", nullable: false),
                    AdjustmentNetCents = table.Column<long>(type: "INTEGER", nullable: false),
                    CarryForwardCents = table.Column<long>(type: "INTEGER", nullable: false),
                    Subscriptions = table.Column<int>(type: "INTEGER", nullable: false),
                    Statements = table.Column<int>(type: "INTEGER", nullable: false),
                    ReportJson = table.Column<string>(type: "TEXT", nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    StartedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ApprovedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ApprovedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    StartedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SettlementRuns", x => x.Period);
                });

            migrationBuilder.CreateTable(
                name: "StatementLines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Period = table.Column<int>(type: "INTEGER", nullable: false),
                    PartnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LineKey = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SubscriptionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RevenueLineId = table.Column<long>(type: "INTEGER", nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    RevenueCents = table.Column<long>(type: "INTEGER", nullable: false),
                    Rate = table.Column<decimal>(type: "TEXT", precision: 28, scale: 10, nullable: true),
                    AmountCents = table.Column<long>(type: "INTEGER", nullable: false),
                    RefersToPeriod = table.Column<int>(type: "INTEGER", nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatementLines", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Statements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PartnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Period = table.Column<int>(type: "INTEGER", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    TotalCents = table.Column<long>(type: "INTEGER", nullable: false),
                    CarriesForward = table.Column<bool>(type: "INTEGER", nullable: false),
                    CarriedIntoPeriod = table.Column<int>(type: "INTEGER", nullable: true),
                    Lines = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ApprovedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PaidAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PaymentReference = table.Column<string>(type: "TEXT", maxLength: 140, nullable: true)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    TermsJson = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PartnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CommissionPlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CommissionPlanVersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    From = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ToExclusive = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    AssignedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    AssignedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
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
