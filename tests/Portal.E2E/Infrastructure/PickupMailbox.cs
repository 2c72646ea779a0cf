using System.Net;
using System.Text.RegularExpressions;
using MimeKit;

namespace Portal.E2E.Infrastructure;

/// <summary>Reads the <c>.eml</c> files the portal's dispatcher writes into its pickup folder.</summary>
public sealed partial class PickupMailbox(string folder)
{
    public string Folder { get; } = folder;

    /// <summary>
    /// Waits until a message to <paramref name="address"/> (and matching <paramref name="where"/>, if given) is in the
    /// folder, then returns the newest such message.
    /// </summary>
    public async Task<MimeMessage> WaitForNewestAsync(string address, TimeSpan? timeout = null, Func<MimeMessage, bool>? where = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var newest = ReadAll()
                .Where(m => m.Message.To.Mailboxes.Any(to => string.Equals(to.Address, address, StringComparison.OrdinalIgnoreCase)))
                .Where(m => where is null || where(m.Message))
                .OrderByDescending(m => m.Message.Date)
                .ThenByDescending(m => m.WrittenAt)
                .Select(m => m.Message)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }

            if (DateTime.UtcNow > deadline)
            {
                var present = Directory.Exists(Folder) ? Directory.GetFiles(Folder, "*.eml").Length : 0;
                Assert.Fail($"No email to {address} arrived in {Folder} within the timeout ({present} other .eml file(s) there).");
            }

            await Task.Delay(150, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The first absolute link in the message (plain-text part first) whose path contains <paramref name="pathPart"/>.</summary>
    public static Uri FindLink(MimeMessage message, string pathPart)
    {
        foreach (var body in new[] { message.TextBody, message.HtmlBody })
        {
            if (body is null)
            {
                continue;
            }

            foreach (Match match in LinkPattern().Matches(body))
            {
                // HTML parts (and older plain parts) carry the link HTML-encoded.
                var link = WebUtility.HtmlDecode(match.Value);
                if (Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.AbsolutePath.Contains(pathPart, StringComparison.OrdinalIgnoreCase))
                {
                    return uri;
                }
            }
        }

        Assert.Fail($"No link containing '{pathPart}' in the email '{message.Subject}'.");
        return null!;
    }

    private IEnumerable<(MimeMessage Message, DateTime WrittenAt)> ReadAll()
    {
        if (!Directory.Exists(Folder))
        {
            yield break;
        }

        foreach (var path in Directory.EnumerateFiles(Folder, "*.eml"))
        {
            MimeMessage message;
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                message = MimeMessage.Load(stream);
            }
            catch (Exception e) when (e is IOException or FormatException)
            {
                // Still being written; the next poll reads it whole.
                continue;
            }

            yield return (message, File.GetLastWriteTimeUtc(path));
        }
    }

    [GeneratedRegex("""https?://[^\s"'<>]+""")]
    private static partial Regex LinkPattern();
}
