using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Portal.Core.Email;
using Portal.Core.Tests.Email;
using Portal.Core.Tests.Infrastructure;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Security;

/// <summary>
/// A corpus of hostile inputs into every public form (and the one public query endpoint), against the real portal
/// sending over a loopback SMTP server: never a 500, nothing stored half-way, no header injected into any email.
/// </summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    /// <summary>The forms: page, form name, the fields the input goes into, and fixed values for the others.</summary>
    private static readonly (string Path, string Form, string[] Fields, Dictionary<string, string> Fixed)[] Forms =
    [
        ("check", "check-start", ["Input.Email"], []),
        ("Account/Login", "login", ["Input.Email", "Input.Password"], []),
        ("Account/Register", "register", ["Input.DisplayName", "Input.Email"], new() { ["Input.Password"] = "Correct-Horse-Battery-42", ["Input.ConfirmPassword"] = "Correct-Horse-Battery-42" }),
        ("Account/Register", "register", ["Input.DisplayName"], new() { ["Input.Password"] = "Correct-Horse-Battery-42", ["Input.ConfirmPassword"] = "Correct-Horse-Battery-42" }),
        ("Account/ForgotPassword", "forgot-password", ["Input.Email"], []),
        ("Account/ResendEmailConfirmation", "resend-email-confirmation", ["Input.Email"], []),
        ("genuine", "genuine-check", ["Input.Reference"], []),
    ];

    private LoopbackSmtpServer smtp = null!;
    private PortalAppFactory app = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        smtp = await LoopbackSmtpServer.StartAsync();
        app = new PortalAppFactory()
            .WithSetting("Email:Mode", "Smtp")
            .WithSetting("Email:Smtp:Host", "127.0.0.1")
            .WithSetting("Email:Smtp:Port", smtp.Port.ToString(CultureInfo.InvariantCulture))
            .WithSetting("Email:Smtp:Security", "None")
            .WithSetting("Email:PollIntervalSeconds", "0.2")
            .WithSetting("Email:MaxPerSecond", "0")
            .WithSetting("Exposure:Check:IpPermitLimit", "100000")
            .WithSetting("Exposure:Check:MaxCodesPerAddress", "100000")
            .WithSetting("Notifications:GenuineCheckPermitLimit", "100000");
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        await smtp.DisposeAsync();
    }

    [Fact]
    public async Task Every_hostile_input_into_every_form_gets_an_answer_stores_nothing_half_way_and_injects_no_header()
    {
        Assert.True(HostileInputs.Corpus.Length >= 50);
        var failures = new List<string>();
        var tried = 0;
        foreach (var (path, form, fields, fixedValues) in Forms)
        {
            foreach (var input in HostileInputs.Corpus)
            {
                using var client = app.CreateFormClient();
                var values = new Dictionary<string, string>(fixedValues);
                foreach (var field in fields)
                {
                    values[field] = input;
                }

                var answer = await client.PostFormAsync(path, form, values);
                tried++;
                if ((int)answer.StatusCode >= 500)
                {
                    failures.Add($"{path} ← {Show(input)}: {(int)answer.StatusCode}");
                }
            }

            // Invalid UTF-8, which no .NET string can carry: the form body's bytes themselves.
            using var raw = app.CreateFormClient();
            var invalid = await PostInvalidUtf8Async(raw, path, form, fields, fixedValues);
            tried++;
            if ((int)invalid >= 500)
            {
                failures.Add($"{path} ← invalid UTF-8: {(int)invalid}");
            }
        }

        foreach (var input in HostileInputs.Corpus)
        {
            using var client = app.CreateFormClient();
            using var culture = await client.Http.GetAsync($"culture/set?culture={Uri.EscapeDataString(input)}&returnUrl={Uri.EscapeDataString("/" + input)}", Token);
            tried++;
            if ((int)culture.StatusCode >= 500)
            {
                failures.Add($"culture/set ← {Show(input)}: {(int)culture.StatusCode}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {tried} hostile requests failed:\n" + string.Join("\n", failures));
        await AssertEveryAccountIsWholeAsync();
        await AssertNoHeaderWasInjectedAsync();
    }

    /// <summary>Every account a registration created has its confirmation email: no account without it.</summary>
    private async Task AssertEveryAccountIsWholeAsync()
    {
        var (users, recipients) = await app.WithDbAsync(async db => (
            await db.Users.Select(u => new { u.Email, u.DisplayName }).ToListAsync(Token),
            await db.OutboxMessages.Select(m => m.Recipient).ToListAsync(Token)));
        Assert.NotEmpty(users);
        foreach (var user in users)
        {
            Assert.Contains(user.Email, recipients);
            Assert.DoesNotContain(user.DisplayName ?? "", c => c is '\r' or '\n' or '\0');
        }
    }

    /// <summary>What the SMTP server received: one To and one Subject each, no Bcc and no header of the corpus.</summary>
    private async Task AssertNoHeaderWasInjectedAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await app.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.State == OutboxState.Pending, Token)) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The outbox did not drain.");
            await Task.Delay(200, Token);
        }

        var messages = smtp.Messages;
        Assert.NotEmpty(messages);
        foreach (var message in messages)
        {
            Assert.Single(message.Headers, h => h.Id == HeaderId.To);
            Assert.Single(message.Headers, h => h.Id == HeaderId.Subject);
            Assert.DoesNotContain(message.Headers, h => h.Id == HeaderId.Bcc || h.Field.Equals("X-Injected", StringComparison.OrdinalIgnoreCase));
            Assert.Single(message.To.Mailboxes);
        }
    }

    private static async Task<HttpStatusCode> PostInvalidUtf8Async(
        StaticFormClient client, string path, string form, string[] fields, Dictionary<string, string> fixedValues)
    {
        var page = await client.GetAsync(path);
        var token = page.Document.QuerySelector($"form:has(input[name='_handler'][value='{form}']) input[name='__RequestVerificationToken']")!.GetAttribute("value")!;
        var body = new StringBuilder($"_handler={form}&__RequestVerificationToken={Uri.EscapeDataString(token)}");
        foreach (var (name, value) in fixedValues)
        {
            body.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        foreach (var field in fields)
        {
            body.Append('&').Append(field).Append("=%FF%FE%C3%28%ED%A0%80");
        }

        using var content = new StringContent(body.ToString(), Encoding.ASCII, "application/x-www-form-urlencoded");
        using var response = await client.Http.PostAsync(path, content, Token);
        return response.StatusCode;
    }

    private static string Show(string input) => input.Length > 40 ? $"{Escape(input[..40])}… ({input.Length} chars)" : Escape(input);

    private static string Escape(string text) => string.Concat(text.Select(c => char.IsControl(c) || c > 126 ? $"\\u{(int)c:X4}" : c.ToString()));
}
