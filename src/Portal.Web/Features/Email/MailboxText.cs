namespace Portal.Web.Features.Email;

/// <summary>Marker for the development mailbox's strings (MailboxText.resx, MailboxText.fr.resx).</summary>
public sealed class MailboxText;
