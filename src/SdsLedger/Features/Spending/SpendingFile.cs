using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using SdsLedger.Features.Shared;

namespace SdsLedger.Features.Spending;

/// <summary>What was read from a spending file: its lines as written, lines that are not valid CSV, and its header and raw fields for the bad-lines file.</summary>
public sealed record SpendingFileRead(
    IReadOnlyList<ImportSpends.Line> Lines, IReadOnlyList<ImportProblem> Unreadable, string[] Header,
    IReadOnlyDictionary<int, string[]> Raw, string? FileProblem);

/// <summary>
/// A provider's or prepaid card's spending file (CSV, one spend per line), read into the lines ImportSpends checks and
/// records, and its bad lines written back out, each with its reason, to be put right and imported again. The command
/// line's `import spends` and the provider's upload page read and write files here, so both take the same files.
/// </summary>
public static class SpendingFile
{
    private static readonly string[] Required = ["date", "amount", "category", "payee", "description"];

    /// <summary>Columns a bad-lines file adds; reading that file back ignores them.</summary>
    private const string LineColumn = "line";
    private const string ReasonColumn = "reason";

    public const string FormatHelp =
        "The file is CSV with a header line naming its columns (in any order, any case): date, person, part, amount, category, payee, description, " +
        "and optionally evidence, hours, family, confirm_duplicate, approval and budget. person is the person's reference (like NT-10201); the budget is " +
        "theirs whose period covers the date (or give its id in budget); part is the part's number (not needed when the budget has one part) or its id. " +
        "date is 2026-10-20 or 20/10/2026; amount is pounds and pence like 12.50 or £12.50; family and confirm_duplicate are yes or no.";

    /// <summary>The file's content hash: each line's idempotency key is this and its line number, so the same file is never recorded twice.</summary>
    public static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static SpendingFileRead Read(byte[] bytes)
    {
        var unreadable = new List<ImportProblem>();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            MissingFieldFound = null,
            HeaderValidated = null,
            TrimOptions = TrimOptions.Trim,
            BadDataFound = args => unreadable.Add(new ImportProblem(args.Context.Parser!.Row, "line",
                "the quotes in this line do not pair up; a field containing a quote or comma is written inside double quotes, with any quote in it doubled (\"\")")),
        };
        if (NotUtf8Line(bytes) is { } badLine)
            return new SpendingFileRead([], [], [], new Dictionary<int, string[]>(), $"Line {badLine} is not UTF-8 text (the file looks like it was saved as Latin-1 or " +
                "Windows-1252, so a character such as £ or é would be read wrongly). Save the file as 'CSV UTF-8' and import it again.");
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvReader(reader, config);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
            return new SpendingFileRead([], [], [], new Dictionary<int, string[]>(), "The file is empty. " + FormatHelp);

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var unknown = new List<string>();
        var twice = new List<string>();
        for (var i = 0; i < header.Length; i++)
        {
            var name = Normalise(header[i]);
            if (ImportSpends.Columns.Contains(name) || name is LineColumn or ReasonColumn)
            {
                if (!index.TryAdd(name, i)) twice.Add($"'{name}' (columns {index[name] + 1} and {i + 1})");
            }
            else if (name.Length > 0) unknown.Add(header[i]);
        }
        if (twice.Count > 0)
            return new SpendingFileRead([], [], header, new Dictionary<int, string[]>(),
                $"The first line names the columns, and it names {string.Join(", ", twice)} twice, so SdsLedger cannot tell which to read. " +
                "Remove or rename one of them. " + FormatHelp);
        var missing = Required.Where(c => !index.ContainsKey(c)).ToList();
        if (!index.ContainsKey("person") && !index.ContainsKey("budget") && !index.ContainsKey("part")) missing.Add("person");
        if (missing.Count > 0 || unknown.Count > 0)
        {
            var what = new List<string>();
            if (missing.Count > 0) what.Add($"it has no {string.Join(", ", missing.Select(m => $"'{m}'"))} column{(missing.Count == 1 ? "" : "s")}");
            if (unknown.Count > 0) what.Add($"{string.Join(", ", unknown.Select(u => $"'{u}'"))} {(unknown.Count == 1 ? "is not a column" : "are not columns")} SdsLedger knows");
            return new SpendingFileRead([], [], header, new Dictionary<int, string[]>(), $"The first line names the columns, and {string.Join("; ", what)}. {FormatHelp}");
        }

        var lines = new List<ImportSpends.Line>();
        var raw = new Dictionary<int, string[]>();
        while (csv.Read())
        {
            var row = csv.Parser.Row;
            var fields = csv.Parser.Record ?? [];
            raw[row] = fields;
            for (var i = 0; i < fields.Length && i < header.Length; i++)
                if (Validation.TextProblem(fields[i]) is { } textProblem)
                {
                    unreadable.Add(new ImportProblem(row, Normalise(header[i]) is { Length: > 0 } column ? column : $"column {i + 1}", textProblem));
                    break;
                }
            if (unreadable.Any(u => u.Line == row)) continue;
            string Field(string column) => index.TryGetValue(column, out var i) && i < fields.Length ? fields[i] : "";
            lines.Add(new ImportSpends.Line(row, Field("date"), Field("person"), Field("budget"), Field("part"), Field("amount"), Field("category"),
                Field("payee"), Field("description"), Field("evidence"), Field("hours"), Field("family"), Field("confirm_duplicate"), Field("approval")));
        }
        return new SpendingFileRead(lines, unreadable, header, raw, null);
    }

    /// <summary>The first line (counting from 1) whose bytes are not UTF-8, or null when the whole file is.</summary>
    private static int? NotUtf8Line(byte[] bytes)
    {
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        try
        {
            strict.GetCharCount(bytes);
            return null;
        }
        catch (DecoderFallbackException)
        {
            var line = 1;
            var start = 0;
            for (var i = 0; i <= bytes.Length; i++)
            {
                if (i < bytes.Length && bytes[i] != (byte)'\n') continue;
                try
                {
                    strict.GetCharCount(bytes, start, i - start);
                }
                catch (DecoderFallbackException)
                {
                    return line;
                }
                line++;
                start = i + 1;
            }
            return line;
        }
    }

    /// <summary>"Confirm Duplicate", "confirm-duplicate" and "confirmDuplicate" all name confirm_duplicate.</summary>
    private static string Normalise(string header)
    {
        var letters = new string(header.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();
        return letters switch
        {
            "confirmduplicate" => "confirm_duplicate",
            "reference" or "personreference" => "person",
            "partno" or "partnumber" => "part",
            _ => letters,
        };
    }

    /// <summary>Writes the bad lines as they were written, each with its line number and what is wrong, as a file to put right and import again.</summary>
    public static async Task WriteBadLinesAsync(TextWriter writer, SpendingFileRead read, IReadOnlyList<ImportProblem> problems, CancellationToken ct)
    {
        var keep = Enumerable.Range(0, read.Header.Length).Where(i => Normalise(read.Header[i]) is not (LineColumn or ReasonColumn)).ToList();
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(problems);
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var i in keep) csv.WriteField(read.Header[i]);
        csv.WriteField(LineColumn);
        csv.WriteField(ReasonColumn);
        await csv.NextRecordAsync();
        foreach (var line in problems.GroupBy(p => p.Line).OrderBy(g => g.Key))
        {
            var fields = read.Raw.GetValueOrDefault(line.Key, []);
            foreach (var i in keep) csv.WriteField(i < fields.Length ? fields[i] : "");
            csv.WriteField(line.Key.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(string.Join("; ", line.Select(p => $"{p.Field}: {p.Message}")));
            await csv.NextRecordAsync();
        }
        await csv.FlushAsync();
        await writer.FlushAsync(ct);
    }
}
