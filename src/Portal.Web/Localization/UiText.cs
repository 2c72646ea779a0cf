namespace Portal.Web.Localization;

/// <summary>Marker for the shell's shared UI strings (UiText.resx, UiText.fr.resx).</summary>
public sealed class UiText;
