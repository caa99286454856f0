using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TakeBack : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CustomerExports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ActiveCustomerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Progress = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    StartedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FinishedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ExpiresAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    UsageEvents = table.Column<long>(type: "INTEGER", nullable: false),
                    Chunks = table.Column<int>(type: "INTEGER", nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Downloads = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomerExports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CustomerExports_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CustomerSwitches",
                columns: table => new
                {
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    NoticeDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    TransitionEndsExclusive = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RetrievalEndsExclusive = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    WithdrawnAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    WithdrawnBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    AnonymisedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomerSwitches", x => x.CustomerId);
                    table.ForeignKey(
                        name: "FK_CustomerSwitches_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CustomerExportChunks",
                columns: table => new
                {
                    ExportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Index = table.Column<int>(type: "INTEGER", nullable: false),
                    Data = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomerExportChunks", x => new { x.ExportId, x.Index });
                    table.ForeignKey(
                        name: "FK_CustomerExportChunks_CustomerExports_ExportId",
                        column: x => x.ExportId,
                        principalTable: "CustomerExports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerExports_ActiveCustomerId",
                table: "CustomerExports",
                column: "ActiveCustomerId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CustomerExports_CustomerId_RequestedAtUtc",
                table: "CustomerExports",
                columns: new[] { "CustomerId", "RequestedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerExports_ExpiresAtUtc",
                table: "CustomerExports",
                column: "ExpiresAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_CustomerSwitches_RetrievalEndsExclusive",
                table: "CustomerSwitches",
                column: "RetrievalEndsExclusive");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CustomerExportChunks");

            migrationBuilder.DropTable(
                name: "CustomerSwitches");

            migrationBuilder.DropTable(
                name: "CustomerExports");
        }
    }
}
