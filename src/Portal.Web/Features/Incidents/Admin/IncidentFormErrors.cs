using Microsoft.Extensions.Localization;
using Portal.Core.Incidents;

namespace Portal.Web.Features.Incidents.Admin;

/// <summary>The service's error codes as localised messages, looked up by the field they belong to.</summary>
public sealed class IncidentFormErrors
{
    public static readonly IncidentFormErrors None = new(new Dictionary<string, string>());

    private readonly Dictionary<string, string> messages;

    private IncidentFormErrors(Dictionary<string, string> messages) => this.messages = messages;

    public static IncidentFormErrors From(IEnumerable<IncidentError> errors, IStringLocalizer<IncidentText> text) => new(errors
        .GroupBy(e => e.Field)
        .ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => Message(e, text)))));

    public bool Any => messages.Count > 0;

    public bool Has(string field) => messages.ContainsKey(field);

    public string? For(string field) => messages.GetValueOrDefault(field);

    /// <summary>The errors without those of a field and its parts ("Measures" drops "Measures[2].On").</summary>
    public IncidentFormErrors Without(string prefix) =>
        new(messages.Where(m => !m.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary());

    private static string Message(IncidentError error, IStringLocalizer<IncidentText> text) =>
        error.Limit is { } limit ? text[$"Error.{error.Code}", limit] : text[$"Error.{error.Code}"];
}
