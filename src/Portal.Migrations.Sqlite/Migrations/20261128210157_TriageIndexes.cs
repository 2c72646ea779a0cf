using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TriageIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AbuseReports_IncidentId",
                table: "AbuseReports");

            migrationBuilder.CreateIndex(
                name: "IX_AbuseReports_CreatedAt_Id_State",
                table: "AbuseReports",
                columns: new[] { "CreatedAt", "Id", "State" });

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AbuseReports_CreatedAt_Id_State",
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

            migrationBuilder.CreateIndex(
                name: "IX_AbuseReports_IncidentId",
                table: "AbuseReports",
                column: "IncidentId");
        }
    }
}
