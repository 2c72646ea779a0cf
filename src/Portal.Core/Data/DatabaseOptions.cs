namespace Portal.Core.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>SQL Server connection string, or a SQLite one; when empty on SQLite, a file in <see cref="DataFolder"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Where the SQLite file (and other local state) lives; relative paths are under the content root.</summary>
    public string DataFolder { get; set; } = "data";

    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>How long SQLite waits on a locked database before giving up (seconds).</summary>
    public int SqliteBusyTimeoutSeconds { get; set; } = 30;
}
