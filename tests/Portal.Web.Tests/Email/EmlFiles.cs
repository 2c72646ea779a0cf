using MimeKit;

namespace Portal.Web.Tests.Email;

/// <summary>Writes .eml files the way the pickup transport does: a complete MIME message per file.</summary>
internal static class EmlFiles
{
    public static string Write(string folder, string fileName, string subject, string to, string? language, DateTimeOffset date, string html, string text)
    {
        Directory.CreateDirectory(folder);
        var message = new MimeMessage
        {
            Subject = subject,
            Date = date,
            MessageId = $"{Guid.NewGuid():N}@portal.test",
        };
        message.From.Add(new MailboxAddress("Northwind Market Care", "no-reply@northwind-market.example"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Body = new BodyBuilder { HtmlBody = html, TextBody = text }.ToMessageBody();
        if (language is not null)
        {
            message.Body.Headers.Add(HeaderId.ContentLanguage, language);
        }

        var path = Path.Combine(folder, fileName);
        message.WriteTo(path);
        // The list is ordered by the time each file was written.
        File.SetLastWriteTimeUtc(path, date.UtcDateTime);
        return path;
    }
}
