using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Portal.Core.Exposure;

public enum AffectedListError
{
    Empty,
    NotText,
    MissingEmailColumn,
    MalformedCsv,
    NoValidLine,
    TooLarge,
}

/// <summary>A problem with the file as a whole: nothing of it may be imported.</summary>
public sealed class AffectedListException(AffectedListError error, long lineNumber)
    : Exception($"The affected list cannot be read: {error} (line {lineNumber}).")
{
    public AffectedListError Error { get; } = error;

    public long LineNumber { get; } = lineNumber;
}

public enum LineProblem
{
    None,
    Address,
    TooLong,
    UnknownLanguage,
}

/// <summary>One data line of the list: a normalised address, or why the line is unusable.</summary>
public readonly record struct AffectedListLine(long LineNumber, string? Address, string? Language, LineProblem Problem, AddressProblem AddressProblem)
{
    public bool IsValid => Problem == LineProblem.None;
}

/// <summary>
/// Streams an affected list — a plain list (one address per line) or a CSV with an <c>email</c> column and an
/// optional <c>language</c> column — from a UTF-8 file (with or without BOM, LF or CRLF), never holding it whole.
/// Synchronous on purpose: it reads a local file line by line, and per-line awaits would cost more than the I/O.
/// </summary>
public static class AffectedListReader
{
    /// <summary>Longer lines are reported and skipped, so a file of one huge line cannot exhaust memory.</summary>
    public const int MaxLineLength = 2048;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IEnumerable<AffectedListLine> Read(string path, CancellationToken cancellationToken = default)
    {
        var lines = LooksLikeCsv(path, cancellationToken) ? ReadCsv(path, cancellationToken) : ReadPlain(path, cancellationToken);
        var any = false;
        foreach (var line in lines)
        {
            any = true;
            yield return line;
        }

        if (!any)
        {
            throw new AffectedListException(AffectedListError.Empty, 0);
        }
    }

    private static StreamReader OpenText(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan),
            StrictUtf8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);

    /// <summary>CSV when the first non-blank line holds a delimiter or is the bare header "email".</summary>
    private static bool LooksLikeCsv(string path, CancellationToken cancellationToken)
    {
        using var reader = OpenText(path);
        foreach (var (_, text, _) in ReadBoundedLines(reader, cancellationToken))
        {
            var trimmed = text.Trim().Trim('"');
            if (trimmed.Length == 0)
            {
                continue;
            }

            return trimmed.Contains(',') || trimmed.Contains(';') || trimmed.Equals("email", StringComparison.OrdinalIgnoreCase);
        }

        return false;
    }

    private static IEnumerable<AffectedListLine> ReadPlain(string path, CancellationToken cancellationToken)
    {
        using var reader = OpenText(path);
        foreach (var (number, text, tooLong) in ReadBoundedLines(reader, cancellationToken))
        {
            if (tooLong)
            {
                yield return new(number, null, null, LineProblem.TooLong, AddressProblem.TooLong);
            }
            else if (!string.IsNullOrWhiteSpace(text))
            {
                yield return ToLine(number, text, null);
            }
        }
    }

    private static IEnumerable<AffectedListLine> ReadCsv(string path, CancellationToken cancellationToken)
    {
        using var reader = OpenText(path);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";", "\t"],
            MaxFieldSize = MaxLineLength,
            TrimOptions = TrimOptions.Trim,
            IgnoreBlankLines = true,
            BadDataFound = null,
        };
        using var csv = new CsvReader(reader, configuration);
        int emailIndex, languageIndex;
        try
        {
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is null)
            {
                throw new AffectedListException(AffectedListError.Empty, 0);
            }

            var header = csv.HeaderRecord.Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
            emailIndex = header.IndexOf("email");
            languageIndex = header.IndexOf("language");
        }
        catch (CsvHelperException)
        {
            throw new AffectedListException(AffectedListError.MalformedCsv, 1);
        }
        catch (DecoderFallbackException)
        {
            throw new AffectedListException(AffectedListError.NotText, 1);
        }

        if (emailIndex < 0)
        {
            throw new AffectedListException(AffectedListError.MissingEmailColumn, 1);
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            AffectedListLine line;
            try
            {
                if (!csv.Read())
                {
                    break;
                }

                var fields = csv.Parser.Count;
                line = ToLine(csv.Parser.RawRow, emailIndex < fields ? csv.Parser[emailIndex] : null,
                    languageIndex >= 0 && languageIndex < fields ? csv.Parser[languageIndex] : null);
            }
            catch (MaxFieldSizeException)
            {
                line = new(csv.Parser.RawRow, null, null, LineProblem.TooLong, AddressProblem.TooLong);
            }
            catch (DecoderFallbackException)
            {
                throw new AffectedListException(AffectedListError.NotText, csv.Parser.RawRow);
            }

            yield return line;
        }
    }

    private static AffectedListLine ToLine(long number, string? address, string? language)
    {
        if (address is not null && address.Contains('\0'))
        {
            throw new AffectedListException(AffectedListError.NotText, number);
        }

        var normalized = AddressNormalizer.Normalize(address ?? "");
        if (!normalized.IsValid)
        {
            return new(number, null, null, LineProblem.Address, normalized.Problem);
        }

        if (string.IsNullOrWhiteSpace(language))
        {
            return new(number, normalized.Value, null, LineProblem.None, AddressProblem.None);
        }

        var supported = language.Trim().ToLowerInvariant() is "en" or "fr" ? language.Trim().ToLowerInvariant() : null;
        return supported is null
            ? new(number, null, null, LineProblem.UnknownLanguage, AddressProblem.None)
            : new(number, normalized.Value, supported, LineProblem.None, AddressProblem.None);
    }

    /// <summary>Lines split on LF or CRLF, each at most <see cref="MaxLineLength"/> characters; the rest of a longer line is skipped.</summary>
    private static IEnumerable<(long Number, string Text, bool TooLong)> ReadBoundedLines(StreamReader reader, CancellationToken cancellationToken)
    {
        var buffer = new char[1 << 16];
        var line = new StringBuilder(256);
        long number = 1;
        var tooLong = false;
        var first = true;
        int read;
        while ((read = ReadChunk(reader, buffer, number)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = first && buffer[0] == '\uFEFF' ? 1 : 0;
            first = false;
            for (var i = start; i < read; i++)
            {
                var c = buffer[i];
                if (c == '\n')
                {
                    yield return (number++, TrimCr(line), tooLong);
                    line.Clear();
                    tooLong = false;
                }
                else if (c == '\0')
                {
                    throw new AffectedListException(AffectedListError.NotText, number);
                }
                else if (line.Length < MaxLineLength)
                {
                    line.Append(c);
                }
                else
                {
                    tooLong = true;
                }
            }
        }

        if (line.Length > 0 || tooLong)
        {
            yield return (number, TrimCr(line), tooLong);
        }
    }

    private static int ReadChunk(StreamReader reader, char[] buffer, long lineNumber)
    {
        try
        {
            return reader.Read(buffer);
        }
        catch (DecoderFallbackException)
        {
            throw new AffectedListException(AffectedListError.NotText, lineNumber);
        }
    }

    private static string TrimCr(StringBuilder line) =>
        line.Length > 0 && line[^1] == '\r' ? line.ToString(0, line.Length - 1) : line.ToString();
}
