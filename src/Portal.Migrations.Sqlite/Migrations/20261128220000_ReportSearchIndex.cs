using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Portal.Core.Data;

#nullable disable

namespace Portal.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// The triage queue's search ("contains" over reference, subject and sender) as an FTS5 trigram index over the
    /// reports, kept in step by triggers: LIKE '%term%' reads every report, which on a million takes a second.
    /// Written by hand (EF's model knows nothing of it). A later migration that rebuilds the AbuseReports table drops
    /// these triggers and must create them again.
    /// </summary>
    [DbContext(typeof(PortalDbContext))]
    [Migration("20261128220000_ReportSearchIndex")]
    public partial class ReportSearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE AbuseReportSearch USING fts5(
                    Reference, Subject, SenderAddress, content='AbuseReports', content_rowid='Id', tokenize='trigram');
                """);
            migrationBuilder.Sql("INSERT INTO AbuseReportSearch(AbuseReportSearch) VALUES ('rebuild');");
            migrationBuilder.Sql("""
                CREATE TRIGGER AbuseReports_SearchInsert AFTER INSERT ON AbuseReports BEGIN
                    INSERT INTO AbuseReportSearch(rowid, Reference, Subject, SenderAddress)
                    VALUES (new.Id, new.Reference, new.Subject, new.SenderAddress);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER AbuseReports_SearchDelete AFTER DELETE ON AbuseReports BEGIN
                    INSERT INTO AbuseReportSearch(AbuseReportSearch, rowid, Reference, Subject, SenderAddress)
                    VALUES ('delete', old.Id, old.Reference, old.Subject, old.SenderAddress);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER AbuseReports_SearchUpdate AFTER UPDATE OF Reference, Subject, SenderAddress ON AbuseReports BEGIN
                    INSERT INTO AbuseReportSearch(AbuseReportSearch, rowid, Reference, Subject, SenderAddress)
                    VALUES ('delete', old.Id, old.Reference, old.Subject, old.SenderAddress);
                    INSERT INTO AbuseReportSearch(rowid, Reference, Subject, SenderAddress)
                    VALUES (new.Id, new.Reference, new.Subject, new.SenderAddress);
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER AbuseReports_SearchUpdate;");
            migrationBuilder.Sql("DROP TRIGGER AbuseReports_SearchDelete;");
            migrationBuilder.Sql("DROP TRIGGER AbuseReports_SearchInsert;");
            migrationBuilder.Sql("DROP TABLE AbuseReportSearch;");
        }
    }
}
