using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AbuseReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AbuseReports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Reference = table.Column<string>(type: "TEXT", unicode: false, fixedLength: true, maxLength: 12, nullable: false),
                    ReporterId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Source = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<int>(type: "INTEGER", nullable: false),
                    OutcomeAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    IncidentId = table.Column<int>(type: "INTEGER", nullable: true),
                    SellerId = table.Column<long>(type: "INTEGER", nullable: true),
                    SameMessageAsId = table.Column<long>(type: "INTEGER", nullable: true),
                    ClaimedSeller = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SenderAddress = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    SenderDomain = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    ReturnPathDomain = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    DkimDomain = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    OriginatingIp = table.Column<string>(type: "TEXT", maxLength: 45, nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    MessageDate = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    AddressedToReporter = table.Column<bool>(type: "INTEGER", nullable: true),
                    MessageSha256 = table.Column<string>(type: "TEXT", unicode: false, fixedLength: true, maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AbuseReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AbuseReports_AbuseReports_SameMessageAsId",
                        column: x => x.SameMessageAsId,
                        principalTable: "AbuseReports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AbuseReports_AspNetUsers_ReporterId",
                        column: x => x.ReporterId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AbuseReports_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ReportEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReportId = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    ReporterVisible = table.Column<bool>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    State = table.Column<int>(type: "INTEGER", nullable: true),
                    Outcome = table.Column<int>(type: "INTEGER", nullable: true),
                    ActorId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ByReporter = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReportEvents_AbuseReports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "AbuseReports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReportMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReportId = table.Column<long>(type: "INTEGER", nullable: false),
                    Source = table.Column<int>(type: "INTEGER", nullable: false),
                    AddedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", unicode: false, fixedLength: true, maxLength: 64, nullable: false),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    EvidenceJson = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportMessages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReportMessages_AbuseReports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "AbuseReports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReportMessageContents",
                columns: table => new
                {
                    ReportMessageId = table.Column<long>(type: "INTEGER", nullable: false),
                    Bytes = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportMessageContents", x => x.ReportMessageId);
                    table.ForeignKey(
                        name: "FK_ReportMessageContents_ReportMessages_ReportMessageId",
                        column: x => x.ReportMessageId,
                        principalTable: "ReportMessages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AbuseReports_DkimDomain",
                table: "AbuseReports",
                column: "DkimDomain");

            migrationBuilder.CreateIndex(
                name: "IX_AbuseReports_IncidentId",
                table: "AbuseReports",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_AbuseReports_MessageId",
                table: "AbuseReports",
                column: "MessageId");

            migrationBuilder.CreateIndex(
                name: "IX_AbuseReports_OriginatingIp",
                table: "AbuseReports",
                column: "OriginatingIp");

            migrationBuilder.CreateIndex(
                name: "IX_AbuseReports_Reference",
                table: "AbuseReports",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AbuseReports_ReporterId_CreatedAt",
                table: "AbuseReports",
                columns: new[] { "ReporterId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AbuseReports_ReturnPathDomain",
                table: "AbuseReports",
                column: "ReturnPathDomain");

            migrationBuilder.CreateIndex(
                name: "IX_AbuseReports_SameMessageAsId",
                table: "AbuseReports",
                column: "SameMessageAsId");

            migrationBuilder.CreateIndex(
                name: "IX_AbuseReports_SellerId",
                table: "AbuseReports",
                column: "SellerId");

            migrationBuilder.CreateIndex(
                name: "IX_AbuseReports_SenderDomain",
                table: "AbuseReports",
                column: "SenderDomain");

            migrationBuilder.CreateIndex(
                name: "IX_AbuseReports_State_CreatedAt",
                table: "AbuseReports",
                columns: new[] { "State", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportEvents_ReportId_At",
                table: "ReportEvents",
                columns: new[] { "ReportId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportMessages_ReportId",
                table: "ReportMessages",
                column: "ReportId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReportEvents");

            migrationBuilder.DropTable(
                name: "ReportMessageContents");

            migrationBuilder.DropTable(
                name: "ReportMessages");

            migrationBuilder.DropTable(
                name: "AbuseReports");
        }
    }
}
