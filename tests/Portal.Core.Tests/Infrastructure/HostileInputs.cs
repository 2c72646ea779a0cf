namespace Portal.Core.Tests.Infrastructure;

/// <summary>
/// Hostile inputs for every form and every service behind one: markup and script, SQL fragments, CR/LF meant for
/// email headers, overlong strings, NUL bytes, right-to-left and invisible characters, look-alike addresses, odd values.
/// </summary>
public static class HostileInputs
{
    public static readonly string[] Corpus =
    [
        // Script and markup
        "<script>window.__xss=1</script>", "\"><img src=x onerror=window.__xss=1>", "<svg/onload=window.__xss=1>",
        "javascript:window.__xss=1", "<iframe src=//evil.example>", "{{7*7}}", "${7*7}", "@(1+1)", "<b>bold</b>", "'\"><",
        // SQL fragments
        "' OR '1'='1", "'; DROP TABLE AspNetUsers; --", "\" OR 1=1 --", "1; SELECT * FROM AspNetUsers", "admin'--",
        "' UNION SELECT NULL--", "%' AND 1=1 --", "\\'; --",
        // CR/LF into what may become email headers
        "Eve\r\nBcc: victim@example.org", "x\r\nSubject: injected", "eve@example.org\r\nBcc: victim@example.org",
        "x\nX-Injected: 1", "\r\n\r\n<html>", "x\u2028Bcc: victim@example.org", "x\u0085X-Injected: 1", "Eve\rX-Injected: 1",
        // Overlong
        new string('a', 10_000), new string('é', 5_000), "a@" + new string('b', 300) + ".com", new string('x', 65) + "@example.com",
        // NUL bytes
        "a\0b", "\0", "eve@example.org\0.evil.example",
        // Right-to-left override, invisible characters
        "\u202Egnp.exe", "user\u202E@example.com", "\u200Badmin@example.com", "\uFEFF", "Eve\u200D\u200D",
        // Look-alike and odd addresses
        "аdmin@example.com", "admin@exаmple.com", "admin@xn--exmple-cua.com", "ADMIN@EXAMPLE.COM", "admin@example.com.",
        "admin@[127.0.0.1]", "\"admin\"@example.com", "admin+tag@example.com", "😀@example.com",
        // Odd values
        "", " ", "null", "../../etc/passwd", "%00", "%s%s%s%n", "\t\t", "a@b", "@example.com", "admin@", "N-ZZZZ-ZZZZ",
        "\uD800",
    ];
}
