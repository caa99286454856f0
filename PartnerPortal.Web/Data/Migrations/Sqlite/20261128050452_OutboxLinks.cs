using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerPortal.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OutboxLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LinkKind",
                table: "OutboxMessages",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LinkSubject",
                table: "OutboxMessages",
                type: "TEXT",
                maxLength: 450,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LinkKind",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "LinkSubject",
                table: "OutboxMessages");
        }
    }
}
