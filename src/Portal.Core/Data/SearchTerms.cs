namespace Portal.Core.Data;

/// <summary>What a staff search box's text becomes in the queries.</summary>
public static class SearchTerms
{
    /// <summary>The text trimmed and cut to <paramref name="maxLength"/>; null when nothing is left.</summary>
    public static string? Clean(string? search, int maxLength)
    {
        var term = search?.Trim();
        if (string.IsNullOrEmpty(term))
        {
            return null;
        }

        return term.Length > maxLength ? term[..maxLength] : term;
    }

    /// <summary>A LIKE pattern (escape character <c>\</c>) for "contains", with the user's wildcards escaped so they match literally.</summary>
    public static string ContainsPattern(string term) =>
        "%" + term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
