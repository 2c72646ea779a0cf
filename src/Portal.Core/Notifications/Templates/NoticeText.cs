namespace Portal.Core.Notifications.Templates;

/// <summary>Marker for the breach notice's strings (NoticeText.resx, NoticeText.fr.resx).</summary>
public sealed class NoticeText;
