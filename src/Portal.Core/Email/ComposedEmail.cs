namespace Portal.Core.Email;

/// <summary>A rendered email, ready for the outbox: both bodies and the subject in one language.</summary>
public sealed record ComposedEmail(string Kind, string Culture, string Subject, string HtmlBody, string TextBody);
