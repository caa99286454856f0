using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerPortal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class IntegrationService : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "OperatorChargeCents",
                table: "SettlementRuns",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "CustomerCharges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Period = table.Column<int>(type: "int", nullable: false),
                    CustomerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    IntegrationRequestId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RequestingPartnerId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Currency = table.Column<string>(type: "nvarchar(3)", maxLength: 3, nullable: false),
                    AmountCents = table.Column<long>(type: "bigint", nullable: false),
                    Description = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomerCharges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IntegrationRequests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CustomerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AppId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RequestingPartnerId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Description = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    DesiredDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Contact = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    ScheduledFor = table.Column<DateOnly>(type: "date", nullable: true),
                    AssignedToUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    AssignedToName = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    ChargeCents = table.Column<long>(type: "bigint", nullable: true),
                    Currency = table.Column<string>(type: "nvarchar(3)", maxLength: 3, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ClosedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    RequestKey = table.Column<Guid>(type: "uniqueidentifier", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntegrationRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IntegrationRequests_Apps_AppId",
                        column: x => x.AppId,
                        principalTable: "Apps",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_IntegrationRequests_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_IntegrationRequests_Partners_RequestingPartnerId",
                        column: x => x.RequestingPartnerId,
                        principalTable: "Partners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "IntegrationRequestEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    IntegrationRequestId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Actor = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    ScheduledFor = table.Column<DateOnly>(type: "date", nullable: true),
                    ChargeCents = table.Column<long>(type: "bigint", nullable: true),
                    Note = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntegrationRequestEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IntegrationRequestEntries_IntegrationRequests_IntegrationRequestId",
                        column: x => x.IntegrationRequestId,
                        principalTable: "IntegrationRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerCharges_CustomerId_Period",
                table: "CustomerCharges",
                columns: new[] { "CustomerId", "Period" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerCharges_IntegrationRequestId",
                table: "CustomerCharges",
                column: "IntegrationRequestId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CustomerCharges_Period",
                table: "CustomerCharges",
                column: "Period");

            migrationBuilder.CreateIndex(
                name: "IX_IntegrationRequestEntries_IntegrationRequestId_Id",
                table: "IntegrationRequestEntries",
                columns: new[] { "IntegrationRequestId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_IntegrationRequests_AppId",
                table: "IntegrationRequests",
                column: "AppId");

            migrationBuilder.CreateIndex(
                name: "IX_IntegrationRequests_CustomerId",
                table: "IntegrationRequests",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_IntegrationRequests_RequestingPartnerId_CreatedAtUtc",
                table: "IntegrationRequests",
                columns: new[] { "RequestingPartnerId", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_IntegrationRequests_RequestKey",
                table: "IntegrationRequests",
                column: "RequestKey",
                unique: true,
                filter: "[RequestKey] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_IntegrationRequests_Status_CreatedAtUtc",
                table: "IntegrationRequests",
                columns: new[] { "Status", "CreatedAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CustomerCharges");

            migrationBuilder.DropTable(
                name: "IntegrationRequestEntries");

            migrationBuilder.DropTable(
                name: "IntegrationRequests");

            migrationBuilder.DropColumn(
                name: "OperatorChargeCents",
                table: "SettlementRuns");
        }
    }
}
