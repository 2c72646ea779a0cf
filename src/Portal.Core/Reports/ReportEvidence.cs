using System.Text.Json.Serialization;

namespace Portal.Core.Reports;

/// <summary>One Received header: who handed the message to whom, from which address, when.</summary>
public sealed record ReceivedHop(string? FromHost, string? Ip, string? ByHost, DateTimeOffset? At);

/// <summary>One result of an Authentication-Results header (SPF, DKIM, DMARC) and the domain it is about.</summary>
public sealed record AuthenticationCheck(string Method, string Result, string? Domain);

/// <summary>
/// What an agent needs from an email, parsed by <see cref="EvidenceParser"/>. Addresses are kept as written;
/// hops are in header order (newest first).
/// </summary>
public sealed record ReportEvidence
{
    public IReadOnlyList<string> From { get; init; } = [];

    public IReadOnlyList<string> ReplyTo { get; init; } = [];

    public string? ReturnPath { get; init; }

    /// <summary>To and Cc.</summary>
    public IReadOnlyList<string> To { get; init; } = [];

    public IReadOnlyList<string> DeliveredTo { get; init; } = [];

    public DateTimeOffset? Date { get; init; }

    /// <summary>The subject with RFC 2047 encoded words decoded.</summary>
    public string? Subject { get; init; }

    public string? MessageId { get; init; }

    public IReadOnlyList<ReceivedHop> Received { get; init; } = [];

    /// <summary>The likely originating IP: the first public address in the earliest hop that has one.</summary>
    public string? OriginatingIp { get; init; }

    public IReadOnlyList<AuthenticationCheck> Authentication { get; init; } = [];

    /// <summary>The <c>d=</c> domains of the message's DKIM-Signature headers.</summary>
    public IReadOnlyList<string> DkimSignatureDomains { get; init; } = [];

    public string? ListUnsubscribe { get; init; }

    /// <summary>http(s) addresses found in the text and HTML bodies (at most <see cref="EvidenceParser.MaxUrls"/>).</summary>
    public IReadOnlyList<string> Urls { get; init; } = [];

    /// <summary>The host names of <see cref="Urls"/>, distinct.</summary>
    public IReadOnlyList<string> Domains { get; init; } = [];

    public bool HasHtmlBody { get; init; }

    public bool HasTextBody { get; init; }

    [JsonIgnore]
    public string? SenderAddress => From.Count > 0 ? EvidenceParser.AddressOnly(From[0]) : null;

    [JsonIgnore]
    public string? SenderDomain => EvidenceParser.DomainOf(SenderAddress);

    [JsonIgnore]
    public string? ReturnPathDomain => EvidenceParser.DomainOf(ReturnPath);

    /// <summary>The domain of the first passing DKIM result, else of the first DKIM result, else of the first signature.</summary>
    [JsonIgnore]
    public string? DkimDomain =>
        Authentication.FirstOrDefault(a => a.Method == "dkim" && a.Result == "pass" && a.Domain is not null)?.Domain
        ?? Authentication.FirstOrDefault(a => a.Method == "dkim" && a.Domain is not null)?.Domain
        ?? DkimSignatureDomains.FirstOrDefault();

    public string? ResultOf(string method) => Authentication.FirstOrDefault(a => a.Method == method)?.Result;

    /// <summary>Every recipient the message names (To, Cc, Delivered-To, X-Original-To), as bare addresses.</summary>
    [JsonIgnore]
    public IEnumerable<string> Recipients => To.Concat(DeliveredTo).Select(EvidenceParser.AddressOnly).OfType<string>();
}
