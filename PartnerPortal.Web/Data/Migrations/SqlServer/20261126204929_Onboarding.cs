using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PartnerPortal.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Onboarding : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "City",
                table: "Partners",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactName",
                table: "Partners",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactPhone",
                table: "Partners",
                type: "nvarchar(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DecidedAtUtc",
                table: "Partners",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Iban",
                table: "Partners",
                type: "nvarchar(34)",
                maxLength: 34,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Postcode",
                table: "Partners",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RegisteredAtUtc",
                table: "Partners",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Street",
                table: "Partners",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "TermsAcceptedAtUtc",
                table: "Partners",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TermsAcceptedByUserId",
                table: "Partners",
                type: "nvarchar(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PartnerImports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    DistributorPartnerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ContentSha256 = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    FileName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Invited = table.Column<int>(type: "int", nullable: false),
                    Skipped = table.Column<int>(type: "int", nullable: false),
                    UserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerImports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PartnerImports_Partners_DistributorPartnerId",
                        column: x => x.DistributorPartnerId,
                        principalTable: "Partners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PartnerInvitations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PartnerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Email = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    OpenEmailKey = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    TokenHash = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    InvitedByPartnerId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ImportId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ExpiresAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UsedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    WithdrawnAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerInvitations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PartnerInvitations_PartnerImports_ImportId",
                        column: x => x.ImportId,
                        principalTable: "PartnerImports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PartnerInvitations_Partners_InvitedByPartnerId",
                        column: x => x.InvitedByPartnerId,
                        principalTable: "Partners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PartnerInvitations_Partners_PartnerId",
                        column: x => x.PartnerId,
                        principalTable: "Partners",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PartnerImports_DistributorPartnerId_ContentSha256",
                table: "PartnerImports",
                columns: new[] { "DistributorPartnerId", "ContentSha256" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PartnerInvitations_CreatedAtUtc",
                table: "PartnerInvitations",
                column: "CreatedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_PartnerInvitations_ImportId",
                table: "PartnerInvitations",
                column: "ImportId");

            migrationBuilder.CreateIndex(
                name: "IX_PartnerInvitations_InvitedByPartnerId",
                table: "PartnerInvitations",
                column: "InvitedByPartnerId");

            migrationBuilder.CreateIndex(
                name: "IX_PartnerInvitations_OpenEmailKey",
                table: "PartnerInvitations",
                column: "OpenEmailKey",
                unique: true,
                filter: "[OpenEmailKey] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_PartnerInvitations_PartnerId_CreatedAtUtc",
                table: "PartnerInvitations",
                columns: new[] { "PartnerId", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_PartnerInvitations_TokenHash",
                table: "PartnerInvitations",
                column: "TokenHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PartnerInvitations");

            migrationBuilder.DropTable(
                name: "PartnerImports");

            migrationBuilder.DropColumn(
                name: "City",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "ContactName",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "ContactPhone",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "DecidedAtUtc",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "Iban",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "Postcode",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "RegisteredAtUtc",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "Street",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "TermsAcceptedAtUtc",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "TermsAcceptedByUserId",
                table: "Partners");
        }
    }
}
