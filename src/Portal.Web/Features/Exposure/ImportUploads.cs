using Portal.Core.Data;

namespace Portal.Web.Features.Exposure;

/// <summary>
/// Uploaded affected lists, in the data folder's <c>imports</c> subfolder: first under a random name while they arrive
/// and are previewed, then under their batch's id until the import ends or is cancelled. They hold plain addresses,
/// so none is kept longer than its import needs.
/// </summary>
public sealed class ImportUploads(DatabaseOptions database, IHostEnvironment environment)
{
    private const string IncomingPrefix = "incoming-";
    private const string BatchPrefix = "batch-";
    private const string Extension = ".upload";

    public string Folder { get; } = Path.Combine(Path.GetFullPath(database.DataFolder, environment.ContentRootPath), "imports");

    /// <summary>A fresh path for a file being uploaded (the folder is created if needed).</summary>
    public string NewIncomingPath()
    {
        Directory.CreateDirectory(Folder);
        return Path.Combine(Folder, $"{IncomingPrefix}{Guid.NewGuid():N}{Extension}");
    }

    public string PathFor(long batchId) => Path.Combine(Folder, $"{BatchPrefix}{batchId}{Extension}");

    /// <summary>The previewed upload becomes its batch's file.</summary>
    public void Adopt(string incomingPath, long batchId) => File.Move(incomingPath, PathFor(batchId), overwrite: true);

    public void Delete(long batchId) => DeleteFile(PathFor(batchId));

    /// <summary>Batch files present in the folder, by batch id.</summary>
    public IEnumerable<long> BatchIds() =>
        Files($"{BatchPrefix}*{Extension}")
            .Select(f => long.TryParse(f.Name[BatchPrefix.Length..^Extension.Length], out var id) ? id : (long?)null)
            .OfType<long>();

    /// <summary>Uploads that never became a batch (a whole-file error already deletes its file; this is for crashes).</summary>
    public IEnumerable<FileInfo> IncomingOlderThan(DateTime utc) =>
        Files($"{IncomingPrefix}*{Extension}").Where(f => f.LastWriteTimeUtc < utc);

    public static void DeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Still open (e.g. a download in progress on Windows): the periodic sweep removes it later.
        }
    }

    private IEnumerable<FileInfo> Files(string pattern) =>
        Directory.Exists(Folder) ? new DirectoryInfo(Folder).EnumerateFiles(pattern) : [];
}
