namespace Portal.Core.Email;

/// <summary>Which body a template is rendering; every template renders both from the same source.</summary>
public enum EmailFormat
{
    Html,
    Text,
}
