using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TriageQueue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AssigneeId",
                table: "AbuseReports",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DueAt",
                table: "AbuseReports",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_AbuseReports_AssigneeId_State_CreatedAt",
                table: "AbuseReports",
                columns: new[] { "AssigneeId", "State", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AbuseReports_DueAt",
                table: "AbuseReports",
                column: "DueAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AbuseReports_AssigneeId_State_CreatedAt",
                table: "AbuseReports");

            migrationBuilder.DropIndex(
                name: "IX_AbuseReports_DueAt",
                table: "AbuseReports");

            migrationBuilder.DropColumn(
                name: "AssigneeId",
                table: "AbuseReports");

            migrationBuilder.DropColumn(
                name: "DueAt",
                table: "AbuseReports");
        }
    }
}
