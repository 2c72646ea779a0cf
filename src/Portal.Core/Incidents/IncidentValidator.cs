using System.Net.Mail;
using System.Text.RegularExpressions;
using static Portal.Core.Incidents.IncidentErrorCodes;

namespace Portal.Core.Incidents;

/// <summary>
/// The rules an incident's content must follow. A draft needs a slug, an English title and summary; a published notice
/// is a public promise, so it also needs everything GDPR Art. 34 asks for, in both languages.
/// </summary>
internal static partial class IncidentValidator
{
    /// <summary>A trimmed copy: surrounding spaces are never meaningful and would defeat the "required" checks.</summary>
    public static IncidentDraft Normalize(IncidentDraft draft) => new()
    {
        Slug = draft.Slug.Trim(),
        Title = Trim(draft.Title),
        Summary = Trim(draft.Summary),
        DataExposed = Trim(draft.DataExposed),
        DataNotExposed = Trim(draft.DataNotExposed),
        Advice = Trim(draft.Advice),
        OccurredOn = draft.OccurredOn,
        DiscoveredOn = draft.DiscoveredOn,
        DisclosedOn = draft.DisclosedOn,
        ContactEmail = draft.ContactEmail.Trim(),
        Measures = draft.Measures.Select(m => new MeasureDraft { Id = m.Id, On = m.On, Description = Trim(m.Description) }).ToList(),
    };

    public static List<IncidentError> Validate(IncidentDraft draft, bool published)
    {
        var errors = new List<IncidentError>();

        if (draft.Slug.Length == 0)
        {
            errors.Add(new(nameof(draft.Slug), Required));
        }
        else if (draft.Slug.Length > Incident.SlugMaxLength)
        {
            errors.Add(new(nameof(draft.Slug), TooLong, Incident.SlugMaxLength));
        }
        else if (!SlugPattern().IsMatch(draft.Slug))
        {
            errors.Add(new(nameof(draft.Slug), SlugFormat));
        }

        Text(errors, nameof(draft.Title), draft.Title, Incident.TitleMaxLength, Need.Always, published);
        Text(errors, nameof(draft.Summary), draft.Summary, Incident.SummaryMaxLength, Need.Always, published);
        Text(errors, nameof(draft.DataExposed), draft.DataExposed, Incident.DataMaxLength, Need.ToPublish, published);
        Text(errors, nameof(draft.DataNotExposed), draft.DataNotExposed, Incident.DataMaxLength, Need.Optional, published);
        Text(errors, nameof(draft.Advice), draft.Advice, Incident.AdviceMaxLength, Need.ToPublish, published);

        Dates(errors, draft);
        if (published)
        {
            // The notice's "why now" answer rests on both dates.
            if (draft.DiscoveredOn is null)
            {
                errors.Add(new(nameof(draft.DiscoveredOn), RequiredToPublish));
            }

            if (draft.DisclosedOn is null)
            {
                errors.Add(new(nameof(draft.DisclosedOn), RequiredToPublish));
            }
        }

        if (draft.ContactEmail.Length == 0)
        {
            if (published)
            {
                errors.Add(new(nameof(draft.ContactEmail), RequiredToPublish));
            }
        }
        else if (draft.ContactEmail.Length > Incident.ContactEmailMaxLength)
        {
            errors.Add(new(nameof(draft.ContactEmail), TooLong, Incident.ContactEmailMaxLength));
        }
        else if (!IsEmailAddress(draft.ContactEmail))
        {
            errors.Add(new(nameof(draft.ContactEmail), EmailInvalid));
        }

        for (var i = 0; i < draft.Measures.Count; i++)
        {
            var measure = draft.Measures[i];
            if (measure.On is null)
            {
                errors.Add(new($"Measures[{i}].On", Required));
            }

            Text(errors, $"Measures[{i}].Description", measure.Description, IncidentMeasure.DescriptionMaxLength, Need.Always, published);
        }

        return errors;
    }

    /// <summary>The checks that publishing adds, run on the stored incident.</summary>
    public static List<IncidentError> ValidateForPublishing(Incident incident) => Validate(IncidentDraft.From(incident), published: true);

    private enum Need
    {
        Optional,
        ToPublish,
        Always,
    }

    private static void Text(List<IncidentError> errors, string field, LocalizedText text, int maxLength, Need need, bool published)
    {
        // English is the reference text; French is required only once the notice goes public.
        var englishRequired = need == Need.Always || (published && (need == Need.ToPublish || text.Fr.Length > 0));
        var frenchRequired = published && (need != Need.Optional || text.En.Length > 0);

        Language(errors, $"{field}.En", text.En, maxLength, englishRequired, need == Need.Always ? Required : RequiredToPublish);
        Language(errors, $"{field}.Fr", text.Fr, maxLength, frenchRequired, RequiredToPublish);
    }

    private static void Language(List<IncidentError> errors, string field, string value, int maxLength, bool required, string requiredCode)
    {
        if (value.Length == 0 && required)
        {
            errors.Add(new(field, requiredCode));
        }
        else if (value.Length > maxLength)
        {
            errors.Add(new(field, TooLong, maxLength));
        }
    }

    private static void Dates(List<IncidentError> errors, IncidentDraft draft)
    {
        if (draft.OccurredOn is { } occurred && draft.DiscoveredOn is { } discovered && discovered < occurred)
        {
            errors.Add(new(nameof(draft.DiscoveredOn), BeforeOccurred));
        }

        if (draft.DisclosedOn is { } disclosed)
        {
            if (draft.DiscoveredOn is { } found && disclosed < found)
            {
                errors.Add(new(nameof(draft.DisclosedOn), BeforeDiscovered));
            }
            else if (draft.OccurredOn is { } happened && disclosed < happened)
            {
                errors.Add(new(nameof(draft.DisclosedOn), BeforeOccurred));
            }
        }
    }

    /// <summary>A bare address (no display name, no spaces) with a dotted domain: what a reader can actually write to.</summary>
    private static bool IsEmailAddress(string value) =>
        !value.Any(char.IsWhiteSpace)
        && MailAddress.TryCreate(value, out var address)
        && address.Address == value
        && address.DisplayName.Length == 0
        && address.Host.Contains('.', StringComparison.Ordinal)
        && !address.Host.StartsWith('.')
        && !address.Host.EndsWith('.');

    private static LocalizedText Trim(LocalizedText text) => new() { En = text.En.Trim(), Fr = text.Fr.Trim() };

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();
}
