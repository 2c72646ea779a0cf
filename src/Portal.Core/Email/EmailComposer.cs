using System.Globalization;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Branding;
using Portal.Core.Email.Templates;

namespace Portal.Core.Email;

/// <summary>
/// Renders an email template (a Razor component) with <see cref="HtmlRenderer"/> into a localised subject, an HTML
/// body and a plain-text body. The template is rendered twice from the same source: once with
/// <see cref="EmailFormat.Html"/>, once with <see cref="EmailFormat.Text"/>, where it emits text nodes only.
/// </summary>
public sealed partial class EmailComposer(
    IServiceScopeFactory scopes,
    ILoggerFactory loggerFactory,
    IStringLocalizer<EmailText> text,
    IOptions<BrandingOptions> branding)
{
    // Encodes only what HTML requires, so French text stays readable in the HTML part instead of &#xE9; entities.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public async Task<ComposedEmail> ComposeAsync<TTemplate>(string culture, IReadOnlyDictionary<string, object?> parameters)
        where TTemplate : EmailTemplateBase, IEmailTemplate
    {
        var cultureInfo = CultureInfo.GetCultureInfo(culture);

        // A scope of its own: components get fresh scoped services, never those of the request that sends the email.
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(new EncoderServices(scope.ServiceProvider), loggerFactory);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var (previousCulture, previousUiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
            CultureInfo.CurrentCulture = cultureInfo;
            CultureInfo.CurrentUICulture = cultureInfo;
            try
            {
                var subject = text[TTemplate.SubjectKey, branding.Value.PortalName].Value;
                var html = await RenderAsync(EmailFormat.Html, subject);
                var encodedText = await RenderAsync(EmailFormat.Text, subject);
                return new ComposedEmail(TTemplate.Kind, cultureInfo.Name, subject, html, ToPlainText(encodedText));
            }
            finally
            {
                CultureInfo.CurrentCulture = previousCulture;
                CultureInfo.CurrentUICulture = previousUiCulture;
            }
        });

        async Task<string> RenderAsync(EmailFormat format, string subject)
        {
            var values = new Dictionary<string, object?>(parameters)
            {
                [nameof(EmailTemplateBase.Format)] = format,
                [nameof(EmailTemplateBase.Subject)] = subject,
            };
            var root = await renderer.RenderComponentAsync<TTemplate>(ParameterView.FromDictionary(values));
            return root.ToHtmlString();
        }
    }

    /// <summary>
    /// The text rendering holds text nodes only, which the renderer HTML-encodes; decoding undoes exactly that
    /// encoding (a literal "&amp;amp;" in a value comes back as "&amp;amp;"). Any '&lt;' left in the encoded output can only come
    /// from an element, which the text format must never emit. The blocks end their lines themselves, so the
    /// indentation the template's markup leaves between them is dropped: every line is trimmed.
    /// </summary>
    private static string ToPlainText(string encoded)
    {
        if (encoded.Contains('<'))
        {
            throw new InvalidOperationException("An email template emitted markup in its text format.");
        }

        var plain = WebUtility.HtmlDecode(encoded).ReplaceLineEndings("\n");
        plain = SpacesAroundLines().Replace(plain, "");
        return ExtraBlankLines().Replace(plain, "\n\n").Trim('\n') + "\n";
    }

    // Spaces at either end of a line, except the signature separator "-- ", whose space is meaningful.
    [GeneratedRegex(@"^[ \t]+|(?<!^--)[ \t]+$", RegexOptions.Multiline)]
    private static partial Regex SpacesAroundLines();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex ExtraBlankLines();

    /// <summary>The scope's services, with the renderer's <see cref="HtmlEncoder"/> replaced by <see cref="Encoder"/>.</summary>
    private sealed class EncoderServices(IServiceProvider inner) : IServiceProvider
    {
        public object? GetService(Type serviceType) =>
            serviceType == typeof(HtmlEncoder) ? Encoder : inner.GetService(serviceType);
    }
}
