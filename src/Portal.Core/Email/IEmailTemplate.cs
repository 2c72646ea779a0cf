namespace Portal.Core.Email;

/// <summary>What the composer needs to know about a template before rendering it.</summary>
public interface IEmailTemplate
{
    /// <summary>The outbox kind, e.g. "account.confirm".</summary>
    static abstract string Kind { get; }

    /// <summary>The <c>EmailText</c> key of the subject; its <c>{0}</c> is the portal's name.</summary>
    static abstract string SubjectKey { get; }
}
