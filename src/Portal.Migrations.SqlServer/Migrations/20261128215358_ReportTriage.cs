using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class ReportTriage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AbuseReports_IncidentId",
                table: "AbuseReports");

            migrationBuilder.AddColumn<long>(
                name: "DuplicateOfId",
                table: "AbuseReports",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Priority",
                table: "AbuseReports",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "ReportLinks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ReportId = table.Column<long>(type: "bigint", nullable: false),
                    RelatedId = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedById = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportLinks", x => x.Id);
                    table.CheckConstraint("CK_ReportLinks_Order", "ReportId < RelatedId");
                    table.ForeignKey(
                        name: "FK_ReportLinks_AbuseReports_RelatedId",
                        column: x => x.RelatedId,
                        principalTable: "AbuseReports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ReportLinks_AbuseReports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "AbuseReports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AbuseReports_CreatedAt_Id_State",
                table: "AbuseReports",
                columns: new[] { "CreatedAt", "Id", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_AbuseReports_DuplicateOfId",
                table: "AbuseReports",
                column: "DuplicateOfId");

            migrationBuilder.CreateIndex(
                name: "IX_AbuseReports_IncidentId_CreatedAt",
                table: "AbuseReports",
                columns: new[] { "IncidentId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AbuseReports_IncidentId_State",
                table: "AbuseReports",
                columns: new[] { "IncidentId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_AbuseReports_Open_AssigneeId_CreatedAt",
                table: "AbuseReports",
                columns: new[] { "AssigneeId", "CreatedAt" },
                filter: "State IN (0, 1)");

            migrationBuilder.CreateIndex(
                name: "IX_AbuseReports_Open_State_DueAt",
                table: "AbuseReports",
                columns: new[] { "State", "DueAt", "CreatedAt" },
                filter: "State IN (0, 1)");

            migrationBuilder.CreateIndex(
                name: "IX_AbuseReports_State_Count",
                table: "AbuseReports",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_AbuseReports_State_Newest",
                table: "AbuseReports",
                columns: new[] { "State", "CreatedAt", "Id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "IX_ReportLinks_RelatedId",
                table: "ReportLinks",
                column: "RelatedId");

            migrationBuilder.CreateIndex(
                name: "IX_ReportLinks_ReportId_RelatedId",
                table: "ReportLinks",
                columns: new[] { "ReportId", "RelatedId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReportLinks");

            migrationBuilder.DropIndex(
                name: "IX_AbuseReports_CreatedAt_Id_State",
                table: "AbuseReports");

            migrationBuilder.DropIndex(
                name: "IX_AbuseReports_DuplicateOfId",
                table: "AbuseReports");

            migrationBuilder.DropIndex(
                name: "IX_AbuseReports_IncidentId_CreatedAt",
                table: "AbuseReports");

            migrationBuilder.DropIndex(
                name: "IX_AbuseReports_IncidentId_State",
                table: "AbuseReports");

            migrationBuilder.DropIndex(
                name: "IX_AbuseReports_Open_AssigneeId_CreatedAt",
                table: "AbuseReports");

            migrationBuilder.DropIndex(
                name: "IX_AbuseReports_Open_State_DueAt",
                table: "AbuseReports");

            migrationBuilder.DropIndex(
                name: "IX_AbuseReports_State_Count",
                table: "AbuseReports");

            migrationBuilder.DropIndex(
                name: "IX_AbuseReports_State_Newest",
                table: "AbuseReports");

            migrationBuilder.DropColumn(
                name: "DuplicateOfId",
                table: "AbuseReports");

            migrationBuilder.DropColumn(
                name: "Priority",
                table: "AbuseReports");

            migrationBuilder.CreateIndex(
                name: "IX_AbuseReports_IncidentId",
                table: "AbuseReports",
                column: "IncidentId");
        }
    }
}
