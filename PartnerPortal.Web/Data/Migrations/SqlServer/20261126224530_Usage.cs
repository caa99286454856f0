using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerPortal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Usage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_UsageEvents_Partners_IsvPartnerId",
                table: "UsageEvents");

            migrationBuilder.DropForeignKey(
                name: "FK_UsageEvents_Subscriptions_SubscriptionId",
                table: "UsageEvents");

            migrationBuilder.DropIndex(
                name: "IX_UsageEvents_IsvPartnerId_EventId",
                table: "UsageEvents");

            migrationBuilder.DropIndex(
                name: "IX_UsageEvents_SubscriptionId_Period",
                table: "UsageEvents");

            migrationBuilder.AddColumn<byte[]>(
                name: "EventKey",
                table: "UsageEvents",
                type: "binary(16)",
                fixedLength: true,
                maxLength: 16,
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.AddColumn<DateTime>(
                name: "ClaimedUntilUtc",
                table: "OutboxMessages",
                type: "datetime2",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "UsageDaily",
                columns: table => new
                {
                    SubscriptionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Metric = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Day = table.Column<int>(type: "int", nullable: false),
                    Quantity = table.Column<decimal>(type: "decimal(28,10)", precision: 28, scale: 10, nullable: false),
                    Events = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageDaily", x => new { x.SubscriptionId, x.Metric, x.Day });
                    table.ForeignKey(
                        name: "FK_UsageDaily_Subscriptions_SubscriptionId",
                        column: x => x.SubscriptionId,
                        principalTable: "Subscriptions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "UsageEventRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    SubscriptionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Period = table.Column<int>(type: "int", nullable: false),
                    FirstEventId = table.Column<long>(type: "bigint", nullable: false),
                    LastEventId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageEventRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UsageEventRuns_Subscriptions_SubscriptionId",
                        column: x => x.SubscriptionId,
                        principalTable: "Subscriptions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "UsageIngestCounters",
                columns: table => new
                {
                    MinuteUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Outcome = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageIngestCounters", x => new { x.MinuteUtc, x.Outcome });
                });

            migrationBuilder.CreateTable(
                name: "UsageRejections",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    IsvPartnerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    EventId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Index = table.Column<int>(type: "int", nullable: false),
                    Code = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Error = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageRejections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UsageRejections_Partners_IsvPartnerId",
                        column: x => x.IsvPartnerId,
                        principalTable: "Partners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_UsageEvents_EventKey",
                table: "UsageEvents",
                column: "EventKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UsageEventRuns_SubscriptionId_Period",
                table: "UsageEventRuns",
                columns: new[] { "SubscriptionId", "Period" });

            migrationBuilder.CreateIndex(
                name: "IX_UsageRejections_AtUtc",
                table: "UsageRejections",
                column: "AtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_UsageRejections_IsvPartnerId_AtUtc",
                table: "UsageRejections",
                columns: new[] { "IsvPartnerId", "AtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "UsageDaily");

            migrationBuilder.DropTable(
                name: "UsageEventRuns");

            migrationBuilder.DropTable(
                name: "UsageIngestCounters");

            migrationBuilder.DropTable(
                name: "UsageRejections");

            migrationBuilder.DropIndex(
                name: "IX_UsageEvents_EventKey",
                table: "UsageEvents");

            migrationBuilder.DropColumn(
                name: "EventKey",
                table: "UsageEvents");

            migrationBuilder.DropColumn(
                name: "ClaimedUntilUtc",
                table: "OutboxMessages");

            migrationBuilder.CreateIndex(
                name: "IX_UsageEvents_IsvPartnerId_EventId",
                table: "UsageEvents",
                columns: new[] { "IsvPartnerId", "EventId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UsageEvents_SubscriptionId_Period",
                table: "UsageEvents",
                columns: new[] { "SubscriptionId", "Period" });

            migrationBuilder.AddForeignKey(
                name: "FK_UsageEvents_Partners_IsvPartnerId",
                table: "UsageEvents",
                column: "IsvPartnerId",
                principalTable: "Partners",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_UsageEvents_Subscriptions_SubscriptionId",
                table: "UsageEvents",
                column: "SubscriptionId",
                principalTable: "Subscriptions",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }
    }
}
