namespace Portal.Web.Features.Notifications;

/// <summary>Marker for the campaign, lookup and genuine-check pages' strings (NotificationText.resx, NotificationText.fr.resx).</summary>
public sealed class NotificationText;
