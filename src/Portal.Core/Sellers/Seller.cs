using Portal.Core.Reports;

namespace Portal.Core.Sellers;

/// <summary>Where a seller stands on the enforcement ladder.</summary>
public enum EnforcementState
{
    None = 0,
    Warned = 1,
    Suspended = 2,
    Banned = 3,
    ReferredToLawEnforcement = 4,
}

/// <summary>A decision about a seller: each one resolves the seller's open reports with the matching outcome.</summary>
public enum EnforcementAction
{
    Warn = 0,
    Suspend = 1,
    Ban = 2,
    ReferToLawEnforcement = 3,
    NoViolationFound = 4,
}

public static class EnforcementActions
{
    public static ReportOutcome Outcome(EnforcementAction action) => action switch
    {
        EnforcementAction.Warn => ReportOutcome.SellerWarned,
        EnforcementAction.Suspend => ReportOutcome.SellerSuspended,
        EnforcementAction.Ban => ReportOutcome.SellerBanned,
        EnforcementAction.ReferToLawEnforcement => ReportOutcome.ReferredToLawEnforcement,
        EnforcementAction.NoViolationFound => ReportOutcome.NoViolationFound,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    /// <summary>The seller's state after the decision; "no violation found" clears it.</summary>
    public static EnforcementState State(EnforcementAction action) => action switch
    {
        EnforcementAction.Warn => EnforcementState.Warned,
        EnforcementAction.Suspend => EnforcementState.Suspended,
        EnforcementAction.Ban => EnforcementState.Banned,
        EnforcementAction.ReferToLawEnforcement => EnforcementState.ReferredToLawEnforcement,
        EnforcementAction.NoViolationFound => EnforcementState.None,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };
}

/// <summary>A third-party seller that abuse reports are linked to, known by its identifiers.</summary>
public class Seller
{
    public const int NameMaxLength = 200;
    public const int NotesMaxLength = 4000;

    public long Id { get; set; }

    public required string Name { get; set; }

    public string? Notes { get; set; }

    public EnforcementState State { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public List<SellerIdentifier> Identifiers { get; set; } = [];

    public List<SellerAction> Actions { get; set; } = [];
}

public enum SellerIdentifierKind
{
    /// <summary>A domain the seller sends from (matches a report's sender or Return-Path domain).</summary>
    Domain = 0,
    /// <summary>A sender address.</summary>
    Address = 1,
    /// <summary>A DKIM signing domain (<c>d=</c>).</summary>
    DkimDomain = 2,
    /// <summary>The seller's store id on the marketplace (matches the seller name a reporter typed in).</summary>
    StoreId = 3,
}

/// <summary>Something that identifies a seller in a report's evidence; the value is normalised and unique per kind.</summary>
public class SellerIdentifier
{
    public const int ValueMaxLength = 320;

    public long Id { get; set; }

    public long SellerId { get; set; }

    public SellerIdentifierKind Kind { get; set; }

    public required string Value { get; set; }

    public DateTime AddedAt { get; set; }
}

/// <summary>One step of a seller's enforcement history.</summary>
public class SellerAction
{
    public const int ReasonMaxLength = 2000;

    public long Id { get; set; }

    public long SellerId { get; set; }

    public EnforcementAction Action { get; set; }

    public required string Reason { get; set; }

    public string? ActorId { get; set; }

    public string? ActorName { get; set; }

    public DateTime At { get; set; }

    /// <summary>Open reports the decision resolved.</summary>
    public int ReportsResolved { get; set; }

    /// <summary>Distinct reporters emailed about it.</summary>
    public int ReportersNotified { get; set; }
}
