using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Core.Email;

namespace Portal.Web.Features.Email;

/// <summary>One row of the development mailbox; <see cref="Readable"/> is false for a file MimeKit cannot parse.</summary>
public sealed record MailboxSummary(string FileName, bool Readable, string Subject, string To, DateTimeOffset Date, string? Language);

public sealed record MailboxListing(IReadOnlyList<MailboxSummary> Items, int Page, int PageCount, int Total);

public sealed record MailboxMessage(
    string FileName,
    string Subject,
    string From,
    string To,
    DateTimeOffset Date,
    string? Language,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? TextBody,
    string? HtmlBody);

/// <summary>
/// Reads the pickup folder's <c>.eml</c> files for the development mailbox page: newest first, a page at a time
/// (only that page's files are parsed), and one message in full.
/// </summary>
public sealed partial class PickupMailbox(string folder)
{
    public string Folder { get; } = folder;

    /// <summary>The folder the pickup transport writes to: <c>Email:PickupFolder</c>, relative to the content root.</summary>
    public static PickupMailbox ForHost(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<EmailOptions>>().Value;
        var environment = services.GetRequiredService<IHostEnvironment>();
        return new PickupMailbox(Path.GetFullPath(options.PickupFolder, environment.ContentRootPath));
    }

    public MailboxListing List(int page, int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var files = Directory.Exists(Folder)
            ? new DirectoryInfo(Folder).EnumerateFiles("*.eml")
                .OrderByDescending(f => f.LastWriteTimeUtc)
                .ThenByDescending(f => f.Name, StringComparer.Ordinal)
                .ToList()
            : [];
        var pageCount = Math.Max(1, (files.Count + pageSize - 1) / pageSize);
        var current = Math.Clamp(page, 1, pageCount);
        var items = files.Skip((current - 1) * pageSize).Take(pageSize).Select(Summarise).ToList();
        return new MailboxListing(items, current, pageCount, files.Count);
    }

    /// <summary>The message in <paramref name="fileName"/>, or null when there is no such file in the folder.</summary>
    public MailboxMessage? Read(string? fileName)
    {
        if (PathInFolder(fileName) is not { } path || !File.Exists(path))
        {
            return null;
        }

        try
        {
            var message = MimeMessage.Load(path);
            return new MailboxMessage(
                fileName!,
                message.Subject ?? "",
                message.From.ToString(),
                message.To.ToString(),
                DateOf(message, new FileInfo(path)),
                LanguageOf(message),
                TopLevelHeaders(message).Select(h => KeyValuePair.Create(h.Field, h.Value)).ToList(),
                message.TextBody,
                message.HtmlBody);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static MailboxSummary Summarise(FileInfo file)
    {
        try
        {
            var message = MimeMessage.Load(file.FullName);
            return new MailboxSummary(file.Name, true, message.Subject ?? "", message.To.ToString(), DateOf(message, file), LanguageOf(message));
        }
        catch (FormatException)
        {
            return new MailboxSummary(file.Name, false, "", "", file.LastWriteTimeUtc, null);
        }
    }

    /// <summary>Only a bare <c>.eml</c> name inside the folder: a request can never read another path.</summary>
    private string? PathInFolder(string? fileName) =>
        fileName is { Length: > 0 }
        && fileName == Path.GetFileName(fileName)
        && fileName.EndsWith(".eml", StringComparison.OrdinalIgnoreCase)
        && fileName.IndexOfAny(Path.GetInvalidFileNameChars()) < 0
            ? Path.Combine(Folder, fileName)
            : null;

    private static DateTimeOffset DateOf(MimeMessage message, FileInfo file) =>
        message.Date == DateTimeOffset.MinValue ? file.LastWriteTimeUtc : message.Date;

    /// <summary>The file's first header block: MimeKit keeps its Content-* fields on the body entity.</summary>
    private static IEnumerable<Header> TopLevelHeaders(MimeMessage message) =>
        message.Body is null ? message.Headers : message.Headers.Concat(message.Body.Headers);

    /// <summary>The Content-Language header when the sender set one, else the lang of the portal's HTML layout.</summary>
    private static string? LanguageOf(MimeMessage message)
    {
        var header = TopLevelHeaders(message).FirstOrDefault(h => h.Id == HeaderId.ContentLanguage)?.Value;
        if (!string.IsNullOrWhiteSpace(header))
        {
            return header.Trim();
        }

        return message.HtmlBody is { } html && HtmlLang().Match(html) is { Success: true } match ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"<html[^>]*\slang=""([A-Za-z-]{2,})""", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlLang();
}
