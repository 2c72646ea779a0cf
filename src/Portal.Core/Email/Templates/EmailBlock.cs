namespace Portal.Core.Email.Templates;

/// <summary>The separators the text format uses between blocks (the HTML format uses elements instead).</summary>
internal static class EmailBlock
{
    public const string Line = "\n";

    public const string Paragraph = "\n\n";

    /// <summary>The conventional signature separator ("-- "), so mail clients can fold the footer.</summary>
    public const string Signature = "-- \n";
}
