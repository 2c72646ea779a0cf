using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Exposure : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Incidents",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    OccurredOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DiscoveredOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DisclosedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ContactEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Advice_En = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    Advice_Fr = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    DataExposed_En = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    DataExposed_Fr = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Summary_En = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    Summary_Fr = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    Title_En = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Title_Fr = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Incidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ExposedAddresses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IncidentId = table.Column<int>(type: "INTEGER", nullable: false),
                    AddressHash = table.Column<byte[]>(type: "BLOB", fixedLength: true, maxLength: 32, nullable: false),
                    ImportBatchId = table.Column<long>(type: "INTEGER", nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    NoticeStatus = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExposedAddresses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExposedAddresses_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ImportBatches",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IncidentId = table.Column<int>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    FileSize = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    TotalLines = table.Column<long>(type: "INTEGER", nullable: false),
                    ValidCount = table.Column<long>(type: "INTEGER", nullable: false),
                    InvalidCount = table.Column<long>(type: "INTEGER", nullable: false),
                    DuplicateInFileCount = table.Column<long>(type: "INTEGER", nullable: false),
                    AlreadyImportedCount = table.Column<long>(type: "INTEGER", nullable: false),
                    ProcessedLines = table.Column<long>(type: "INTEGER", nullable: false),
                    ImportedCount = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastProgressAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportBatches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImportBatches_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "IncidentMeasures",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IncidentId = table.Column<int>(type: "INTEGER", nullable: false),
                    On = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Description_En = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Description_Fr = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentMeasures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IncidentMeasures_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PendingNoticeAddresses",
                columns: table => new
                {
                    ExposedAddressId = table.Column<long>(type: "INTEGER", nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PendingNoticeAddresses", x => x.ExposedAddressId);
                    table.ForeignKey(
                        name: "FK_PendingNoticeAddresses_ExposedAddresses_ExposedAddressId",
                        column: x => x.ExposedAddressId,
                        principalTable: "ExposedAddresses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ExposedAddresses_AddressHash_IncidentId",
                table: "ExposedAddresses",
                columns: new[] { "AddressHash", "IncidentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ExposedAddresses_ImportBatchId",
                table: "ExposedAddresses",
                column: "ImportBatchId");

            migrationBuilder.CreateIndex(
                name: "IX_ExposedAddresses_IncidentId",
                table: "ExposedAddresses",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_ImportBatches_IncidentId_CreatedAt",
                table: "ImportBatches",
                columns: new[] { "IncidentId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_IncidentMeasures_IncidentId",
                table: "IncidentMeasures",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_Slug",
                table: "Incidents",
                column: "Slug",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ImportBatches");

            migrationBuilder.DropTable(
                name: "IncidentMeasures");

            migrationBuilder.DropTable(
                name: "PendingNoticeAddresses");

            migrationBuilder.DropTable(
                name: "ExposedAddresses");

            migrationBuilder.DropTable(
                name: "Incidents");
        }
    }
}
