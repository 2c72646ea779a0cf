using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Exposure;
using Portal.Core.Incidents;
using Portal.Core.Tests.Exposure;
using Portal.Web.Tests.Infrastructure;

namespace Portal.Web.Tests.Exposure;

/// <summary>
/// The portal with one published incident, an interceptor that counts reads of the affected list, and helpers that
/// go through the check like a browser without JavaScript: the address form, the code from the email, the code form.
/// </summary>
public sealed partial class ExposureCheckHost : IAsyncLifetime
{
    public const string IncidentTitle = "Customer email addresses passed to a marketplace seller";
    public const string IncidentTitleFr = "Adresses e-mail de clients transmises à un vendeur de la place de marché";

    public ExposureCheckHost()
    {
        // The IP limit has its own tests and host; here every request comes from 127.0.0.1.
        App = new PortalAppFactory()
            .WithSetting("Exposure:Check:IpPermitLimit", "10000")
            .WithServices(services => services.ConfigureDbContext<PortalDbContext>((_, options) => options.AddInterceptors(ExposureQueries)));
    }

    public PortalAppFactory App { get; }

    public ExposureQueryCounter ExposureQueries { get; } = new();

    public int IncidentId { get; private set; }

    /// <summary>The app's Data Protection, to read what it persisted into a page.</summary>
    public IDataProtectionProvider Protection => App.Services.GetRequiredService<IDataProtectionProvider>();

    public async ValueTask InitializeAsync()
    {
        IncidentId = await App.WithDbAsync(async db =>
        {
            var incident = new Incident
            {
                Slug = "seller-leak",
                Status = IncidentStatus.Published,
                Title = new LocalizedText { En = IncidentTitle, Fr = IncidentTitleFr },
                Summary = new LocalizedText { En = "An employee gave customers' email addresses to a seller.", Fr = "Un employé a donné des adresses e-mail de clients à un vendeur." },
                DataExposed = new LocalizedText { En = "Email addresses only.", Fr = "Uniquement des adresses e-mail." },
                Advice = new LocalizedText { En = "You do not need to change your password.", Fr = "Vous n'avez pas besoin de changer votre mot de passe." },
                DisclosedOn = new DateOnly(2026, 11, 2),
                Measures = [new IncidentMeasure { On = new DateOnly(2026, 10, 20), Description = new LocalizedText { En = "Employee dismissed", Fr = "Employé licencié" } }],
            };
            db.Incidents.Add(incident);
            await db.SaveChangesAsync();
            return incident.Id;
        });
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();

    public static string NewAddress(string prefix) => $"{prefix}-{Guid.NewGuid():N}@example.org";

    /// <summary>Puts an address on the affected list the way the import stores it: its keyed hash only.</summary>
    public Task MarkExposedAsync(string address) =>
        App.WithScopeAsync(async services =>
        {
            var hash = services.GetRequiredService<ExposureHasher>().Hash(AddressNormalizer.Normalize(address).Value!);
            var db = services.GetRequiredService<PortalDbContext>();
            db.ExposedAddresses.Add(new ExposedAddress { IncidentId = IncidentId, AddressHash = hash });
            return await db.SaveChangesAsync();
        });

    /// <summary>
    /// Loads /check and posts its form with <paramref name="address"/>; the raw answer, headers and all. Blazor also
    /// renders a body into a redirect, ending with the target as an opaque (data-protected) link for enhanced
    /// navigation; that link is followed here and replaced by where it leads, so answers compare by content.
    /// </summary>
    public static async Task<RawAnswer> SubmitAddressAsync(StaticFormClient client, string address)
    {
        var page = await client.GetAsync("check");
        var form = page.Document.QuerySelector("form input[name='_handler'][value='check-start']")!.Closest("form")!;
        var fields = form.QuerySelectorAll("input[type='hidden'][name]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        fields["Input.Email"] = address;
        using var content = new FormUrlEncodedContent(fields);
        using var response = await client.Http.PostAsync("check", content);
        var answer = await RawAnswer.ReadAsync(response);
        if (OpaqueRedirect().Match(answer.Body) is { Success: true } opaque)
        {
            using var resolved = await client.Http.GetAsync(WebUtility.HtmlDecode(opaque.Groups[1].Value));
            Assert.Equal(HttpStatusCode.Redirect, resolved.StatusCode);
            answer = answer with { Body = answer.Body.Replace(opaque.Groups[1].Value, "(opaque redirect to " + resolved.Headers.Location + ")", StringComparison.Ordinal) };
        }

        return answer;
    }

    public static async Task<RawAnswer> GetRawAsync(StaticFormClient client, string path)
    {
        using var response = await client.Http.GetAsync(path);
        return await RawAnswer.ReadAsync(response);
    }

    /// <summary>Posts the code form of a page already loaded; the raw answer.</summary>
    public static async Task<RawAnswer> SubmitCodeRawAsync(StaticFormClient client, PageResult codePage, string code)
    {
        var form = codePage.Document.QuerySelector("form input[name='_handler'][value='check-code']")!.Closest("form")!;
        var fields = form.QuerySelectorAll("input[type='hidden'][name]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        fields["CodeInput.Code"] = code;
        using var content = new FormUrlEncodedContent(fields);
        using var response = await client.Http.PostAsync("check/code", content);
        return await RawAnswer.ReadAsync(response);
    }

    public static Task<PageResult> SubmitCodeAsync(StaticFormClient client, string code) =>
        client.PostFormAsync("check/code", "check-code", new Dictionary<string, string> { ["CodeInput.Code"] = code });

    /// <summary>The code of the latest email to <paramref name="address"/>, read where its reader reads it: the text part.</summary>
    public async Task<string> CodeSentToAsync(string address)
    {
        var body = await App.WithDbAsync(db => db.OutboxMessages
            .Where(m => m.Recipient == address && m.Kind == "exposure.check-code")
            .OrderByDescending(m => m.CreatedAt)
            .Select(m => m.TextBody)
            .FirstAsync());
        return CodeLine().Match(body).Groups[1].Value;
    }

    public Task<int> CodeEmailsToAsync(string address) =>
        App.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Recipient == address && m.Kind == "exposure.check-code"));

    /// <summary>Starts a check for <paramref name="address"/> in a fresh client and enters the emailed code.</summary>
    public async Task<(StaticFormClient Client, PageResult Result)> CheckAsync(string address, string? culture = null)
    {
        var client = App.CreateFormClient(culture);
        var start = await SubmitAddressAsync(client, address);
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        return (client, await SubmitCodeAsync(client, await CodeSentToAsync(address)));
    }

    [GeneratedRegex(@"\n(\d{6})\n")]
    private static partial Regex CodeLine();

    [GeneratedRegex("<template type=\"redirection\"[^>]*>([^<]+)</template>")]
    private static partial Regex OpaqueRedirect();
}

/// <summary>An HTTP answer as it came: status, headers (content headers included) and body.</summary>
public sealed partial record RawAnswer(HttpStatusCode StatusCode, IReadOnlyDictionary<string, string[]> Headers, string Body)
{
    public static async Task<RawAnswer> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => h.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
        return new RawAnswer(response.StatusCode, headers, body);
    }

    public string? Header(string name) => Headers.TryGetValue(name, out var values) ? string.Join(", ", values) : null;

    /// <summary>The Set-Cookie headers without their values (name and attributes), in order.</summary>
    public string[] CookieShapes =>
        (Headers.TryGetValue("Set-Cookie", out var cookies) ? cookies : []).Select(c => CookieValue().Replace(c, "$1=…")).Order().ToArray();

    /// <summary>
    /// The body with the antiforgery token and the script nonce taken out: the parts allowed to differ (both are new
    /// for every answer). The token is in the form and again in the state Blazor persists for interactivity
    /// (data-protected, so random-looking); that state is decrypted here: its token must be the form's, and
    /// everything else in it is compared as it is.
    /// </summary>
    public string BodyWithoutToken(IDataProtectionProvider protection)
    {
        var formToken = FormToken().Match(Body).Groups[1].Value;
        var body = FormToken().Replace(Body, "name=\"__RequestVerificationToken\" value=\"\"");
        body = ScriptNonce().Replace(body, "nonce=\"\"");
        return PersistedState().Replace(body, match =>
        {
            var json = protection.CreateProtector("Microsoft.AspNetCore.Components.Server.State").Unprotect(Convert.FromBase64String(match.Groups[1].Value));
            var state = JsonSerializer.Deserialize<SortedDictionary<string, byte[]>>(json)!;
            var entries = state.Select(entry =>
            {
                using var value = JsonDocument.Parse(entry.Value);
                if (value.RootElement.ValueKind == JsonValueKind.Object
                    && value.RootElement.TryGetProperty("formFieldName", out var field) && field.GetString() == "__RequestVerificationToken")
                {
                    Assert.Equal(formToken, value.RootElement.GetProperty("value").GetString());
                    return "antiforgery=(the form's token)";
                }

                return $"{entry.Key}={Encoding.UTF8.GetString(entry.Value)}";
            });
            return $"<!--Blazor-Server-Component-State:{string.Join(";", entries)}-->";
        });
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]*)\"")]
    private static partial Regex FormToken();

    [GeneratedRegex("nonce=\"[^\"]*\"")]
    private static partial Regex ScriptNonce();

    [GeneratedRegex("<!--Blazor-Server-Component-State:([A-Za-z0-9+/=]+)-->")]
    private static partial Regex PersistedState();

    [GeneratedRegex("^([^=]+)=[^;]*")]
    private static partial Regex CookieValue();
}
