using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>
/// Talks to static SSR pages the way a browser without JavaScript does: keeps cookies, does not follow redirects,
/// and posts a page's form with the hidden fields the page rendered (the <c>_handler</c> form name and the
/// antiforgery token) plus the test's own values.
/// </summary>
public sealed class StaticFormClient : IDisposable
{
    public const string CultureCookie = ".AspNetCore.Culture";

    private static readonly HtmlParser Parser = new();

    public StaticFormClient(Uri baseAddress, string? culture = null)
    {
        BaseAddress = baseAddress;
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = Cookies, UseCookies = true })
        {
            BaseAddress = baseAddress,
        };
        if (culture is not null)
        {
            SetCulture(culture);
        }
    }

    public Uri BaseAddress { get; }

    public CookieContainer Cookies { get; } = new();

    public HttpClient Http { get; }

    /// <summary>Sets the cookie the language switch sets (<c>c=fr|uic=fr</c>).</summary>
    public void SetCulture(string culture) =>
        Cookies.Add(BaseAddress, new Cookie(CultureCookie, $"c={culture}|uic={culture}", "/"));

    public async Task<PageResult> GetAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        return await PageResult.ReadAsync(response);
    }

    /// <summary>
    /// GETs <paramref name="path"/>, finds the form whose <c>_handler</c> is <paramref name="formName"/>, and posts
    /// it with <paramref name="fields"/> replacing or adding to the rendered hidden fields.
    /// </summary>
    public async Task<PageResult> PostFormAsync(string path, string formName, IReadOnlyDictionary<string, string> fields)
    {
        var page = await GetAsync(path);
        if (page.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {path} answered {(int)page.StatusCode}, not a form.");
        }

        return await PostFormAsync(page, path, formName, fields);
    }

    /// <summary>Posts a form of a page already fetched (e.g. one that reads a value from the page first).</summary>
    public Task<PageResult> PostFormAsync(PageResult page, string path, string formName, IReadOnlyDictionary<string, string> fields)
    {
        var form = page.Document.QuerySelectorAll("form")
            .FirstOrDefault(f => f.QuerySelector($"input[name='_handler'][value='{formName}']") is not null)
            ?? throw new InvalidOperationException($"No form named '{formName}' on {path}.");
        return PostAsync(page, form, path, fields);
    }

    /// <summary>Posts a plain form that targets an endpoint (e.g. action="Account/Logout") rather than its page.</summary>
    public async Task<PageResult> PostActionFormAsync(string path, string action, IReadOnlyDictionary<string, string> fields)
    {
        var page = await GetAsync(path);
        var form = page.Document.QuerySelectorAll("form").FirstOrDefault(f => f.GetAttribute("action") == action)
            ?? throw new InvalidOperationException($"No form posting to '{action}' on {path}.");
        return await PostAsync(page, form, path, fields);
    }

    private async Task<PageResult> PostAsync(PageResult page, IElement form, string path, IReadOnlyDictionary<string, string> fields)
    {
        var values = form.QuerySelectorAll("input[type='hidden'][name]")
            .ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        // A form without an action posts back to the page's own address, query string included; a relative
        // action resolves against the page's <base href>, as in a browser.
        var pageUri = new Uri(BaseAddress, path);
        var action = form.GetAttribute("action");
        var baseHref = page.Document.QuerySelector("base[href]")?.GetAttribute("href");
        var target = string.IsNullOrEmpty(action) ? pageUri : new Uri(baseHref is null ? pageUri : new Uri(pageUri, baseHref), action);
        using var content = new FormUrlEncodedContent(values);
        using var response = await Http.PostAsync(target, content);
        return await PageResult.ReadAsync(response);
    }

    public void Dispose() => Http.Dispose();

    public static IDocument Parse(string html) => Parser.ParseDocument(html);
}

/// <summary>What came back: status, redirect target and the parsed page.</summary>
public sealed record PageResult(HttpStatusCode StatusCode, Uri? Location, string Html, IDocument Document)
{
    public static async Task<PageResult> ReadAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        return new PageResult(response.StatusCode, response.Headers.Location, html, StaticFormClient.Parse(html))
        {
            Headers = response.Headers.Concat(response.Content.Headers)
                .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase),
        };
    }

    /// <summary>Response and content headers, by case-insensitive name.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The path (and query) of a redirect, e.g. "/Account/RegisterConfirmation?email=…".</summary>
    public string? RedirectPath => Location is null ? null
        : Location.IsAbsoluteUri ? Location.PathAndQuery : Location.OriginalString;

    /// <summary>The text of everything announced as an alert (form errors, error notices).</summary>
    public string AlertText => string.Join("\n", Document.QuerySelectorAll("[role='alert']").Select(e => e.TextContent.Trim()));

    /// <summary>The validation message shown under one input (by its id, e.g. "Input.Email").</summary>
    public string FieldError(string inputId) =>
        Document.GetElementById(inputId + "-error")?.TextContent.Trim() ?? "";

    public string MainText => Document.QuerySelector("main")?.TextContent ?? "";
}
