namespace Portal.Core.Email.Templates;

/// <summary>Marker for the email strings (EmailText.resx, EmailText.fr.resx).</summary>
public sealed class EmailText;
