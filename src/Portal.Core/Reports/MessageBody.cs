using Ganss.Xss;
using MimeKit;

namespace Portal.Core.Reports;

/// <summary>A message's body made safe to show: its text, and its HTML cleaned by <see cref="MessageBody.Sanitize"/>.</summary>
public sealed record SafeMessageBody(string? Text, string? Html);

/// <summary>
/// Shows untrusted message bodies without letting them act: HTML goes through HtmlSanitizer with no scripts, no
/// forms, no remote images or styles and no link targets, and the page puts it in a sandboxed frame whose own
/// Content-Security-Policy forbids any load.
/// </summary>
public static class MessageBody
{
    /// <summary>Characters of a body shown; evidence of a spam message does not need more.</summary>
    public const int MaxShownChars = 200_000;

    /// <summary>The policy of the frame document: inline styles only, no fetch of any kind.</summary>
    public const string FramePolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    public static SafeMessageBody Read(byte[] content)
    {
        using var stream = new MemoryStream(content, writable: false);
        var message = new MimeParser(ParserOptions.Default, stream, MimeFormat.Entity, persistent: true).ParseMessage();
        var html = message.HtmlBody;
        return new SafeMessageBody(Cap(message.TextBody), html is null ? null : Sanitize(Cap(html)!));
    }

    /// <summary>The cleaned HTML as a complete document for an iframe's <c>srcdoc</c>.</summary>
    public static string FrameDocument(string sanitizedHtml) =>
        $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"{FramePolicy}\"></head><body>{sanitizedHtml}</body></html>";

    public static string Sanitize(string html) => Sanitizer.Sanitize(html);

    private static string? Cap(string? text) => text is { Length: > MaxShownChars } ? text[..MaxShownChars] : text;

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        // No scheme is allowed, so every URL attribute and every CSS url() is dropped: no remote image or style loads,
        // and links keep their text but lose their target.
        sanitizer.AllowedSchemes.Clear();
        foreach (var attribute in new[] { "href", "src", "srcset", "action", "formaction", "background", "poster", "cite", "longdesc", "usemap", "ping" })
        {
            sanitizer.AllowedAttributes.Remove(attribute);
            sanitizer.UriAttributes.Remove(attribute);
        }

        foreach (var tag in new[] { "form", "input", "button", "select", "option", "optgroup", "textarea", "fieldset", "legend", "label", "img", "picture", "source", "video", "audio", "track", "map", "area" })
        {
            sanitizer.AllowedTags.Remove(tag);
        }

        sanitizer.AllowedAtRules.Clear();
        sanitizer.AllowDataAttributes = false;
        return sanitizer;
    }
}
