using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ExportRecovery : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Attempt",
                table: "CustomerExports",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "HeartbeatAtUtc",
                table: "CustomerExports",
                type: "TEXT",
                nullable: true);

            // Exports queued or running before the upgrade: their heartbeat is when they were last started or requested,
            // so the recovery job finds them if they are stuck (a running one counts as its first attempt).
            migrationBuilder.Sql("UPDATE CustomerExports SET HeartbeatAtUtc = COALESCE(StartedAtUtc, RequestedAtUtc), "
                + "Attempt = CASE WHEN Status = 'Running' THEN 1 ELSE 0 END WHERE ActiveCustomerId IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Attempt",
                table: "CustomerExports");

            migrationBuilder.DropColumn(
                name: "HeartbeatAtUtc",
                table: "CustomerExports");
        }
    }
}
