using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerPortal.Web.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "CustomerCharges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Period = table.Column<int>(type: "INTEGER", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    IntegrationRequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestingPartnerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    AmountCents = table.Column<long>(type: "INTEGER", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomerCharges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IntegrationRequests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AppId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestingPartnerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    DesiredDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Contact = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ScheduledFor = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    AssignedToUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    AssignedToName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ChargeCents = table.Column<long>(type: "INTEGER", nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClosedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RequestKey = table.Column<Guid>(type: "TEXT", nullable: true)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IntegrationRequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ScheduledFor = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ChargeCents = table.Column<long>(type: "INTEGER", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
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
                unique: true);

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
