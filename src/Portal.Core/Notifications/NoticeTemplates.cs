using Portal.Core.Email;
using Portal.Core.Incidents;
using Portal.Core.Notifications.Templates;

namespace Portal.Core.Notifications;

/// <summary>
/// Renders a campaign's notice once per language, with a placeholder for the reference code: sending a notice then
/// costs a string replacement instead of a Razor rendering.
/// </summary>
public sealed class NoticeTemplates(EmailComposer composer)
{
    /// <summary>Braces survive HTML encoding, and no reference code contains them.</summary>
    public const string ReferencePlaceholder = "{{reference}}";

    /// <summary>A reference shown only in test sends: "0" is not in the alphabet, so it can never be a real one.</summary>
    public const string TestReference = "N-TEST-0000";

    public static readonly IReadOnlyList<string> Cultures = ["en", "fr"];

    /// <param name="incident">With its measures loaded.</param>
    public async Task<List<CampaignTemplate>> RenderAsync(Incident incident)
    {
        var templates = new List<CampaignTemplate>(Cultures.Count);
        foreach (var culture in Cultures)
        {
            var email = await composer.ComposeAsync<BreachNoticeEmail>(culture, new Dictionary<string, object?>
            {
                [nameof(BreachNoticeEmail.Incident)] = incident,
                [nameof(BreachNoticeEmail.Reference)] = ReferencePlaceholder,
            });
            templates.Add(new CampaignTemplate { Culture = email.Culture, Subject = email.Subject, TextBody = email.TextBody, HtmlBody = email.HtmlBody });
        }

        return templates;
    }
}
