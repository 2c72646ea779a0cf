namespace Portal.Core.Incidents;

/// <summary>
/// A user mistake found by <see cref="IncidentService"/>: the field it belongs to (e.g. <c>Title.Fr</c>,
/// <c>Measures[2].On</c>, or empty for the whole incident) and a code the UI turns into a localised message.
/// </summary>
public sealed record IncidentError(string Field, string Code, int? Limit = null);

/// <summary>The codes of <see cref="IncidentError"/>; each has a message keyed <c>Error.{Code}</c> in the UI's resources.</summary>
public static class IncidentErrorCodes
{
    public const string Required = "Required";
    public const string RequiredToPublish = "RequiredToPublish";
    public const string TooLong = "TooLong";
    public const string SlugFormat = "SlugFormat";
    public const string SlugTaken = "SlugTaken";
    public const string SlugLocked = "SlugLocked";
    public const string BeforeOccurred = "BeforeOccurred";
    public const string BeforeDiscovered = "BeforeDiscovered";
    public const string EmailInvalid = "EmailInvalid";
    public const string NotFound = "NotFound";
}

/// <summary>The outcome of a change: the stored incident, or the errors and nothing stored.</summary>
public sealed record IncidentResult(Incident? Incident, IReadOnlyList<IncidentError> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    internal static IncidentResult Ok(Incident incident) => new(incident, []);

    internal static IncidentResult Failed(IReadOnlyList<IncidentError> errors) => new(null, errors);

    internal static IncidentResult NotFound() => new(null, [new IncidentError("", IncidentErrorCodes.NotFound)]);
}
