using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Spending;
using SdsLedger.Pipeline;

using SdsLedger.Features.Shared;

namespace SdsLedger.Cli.Verbs;

/// <summary>
/// sdsledger import spends FILE.csv: a provider's or prepaid card's spending, one spend per line. Every line is checked
/// as a single spend would be; if any is bad nothing is recorded, unless --skip-bad records the good lines and writes
/// the bad ones, with the reason, to a file that can be put right and imported in its turn.
/// </summary>
internal static class ImportVerbs
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

    public static Command Build()
    {
        var import = new Command("import", "Load spending, or a bank or card statement, from a file.");
        var file = new Argument<FileInfo>("FILE") { Description = "The spending file (CSV)." };
        var skipBad = new Option<FileInfo?>("--skip-bad")
        {
            Description = "Record the good lines even when some are bad, and write the bad ones, each with its reason, to this CSV file (put them right and import it).",
            HelpName = "BAD-LINES.csv",
        };
        var spends = new Command("spends",
            "Record a month of a provider's or prepaid card's spending from a CSV file, one spend per line, through every spending rule. " +
            "If any line is bad nothing is recorded, and each bad line is named by its line number and column. Importing the same file again records nothing twice. " +
            FormatHelp + " Example: sdsledger import spends harbour-october.csv --as harbour-finance");
        spends.Add(file);
        spends.Add(skipBad);
        ActingOptions.On(spends, changes: true, async run =>
        {
            var path = run.Get(file)!;
            if (!path.Exists)
            {
                run.Problem("FILE", $"There is no file {path.FullName}. Check the name and folder.");
                return await run.ProblemsAsync();
            }
            var bytes = await File.ReadAllBytesAsync(path.FullName, run.Ct);
            var read = Read(bytes);
            if (read.FileProblem is { } fileProblem)
            {
                run.Problem(path.Name, fileProblem);
                return await run.ProblemsAsync();
            }

            var badFile = run.Get(skipBad);
            var result = await run.SendAsync(new ImportSpends.Command(run.Actor, run.Key, path.Name, Convert.ToHexStringLower(SHA256.HashData(bytes)),
                read.Lines, SkipBad: badFile is not null, read.Unreadable));
            if (result.Value is not { } outcome) return await run.FinishAsync(result, _ => { }, new Dictionary<string, string> { ["Lines"] = "FILE" });

            if (badFile is not null && outcome.Problems.Count > 0 && result.Succeeded)
                await WriteBadLinesAsync(badFile, read, outcome.Problems, run.Ct);
            if (run.Json)
            {
                await run.Context.Output.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(
                    new { outcome, refusal = result.Refusal, badLinesFile = badFile is not null && outcome.Problems.Count > 0 ? badFile.FullName : null }, SdsJson.Indented));
                return result.Succeeded ? ExitCodes.Ok : ExitCodes.Refused;
            }
            if (!result.Succeeded)
            {
                var error = run.Context.Error;
                var bad = outcome.Problems.Select(p => p.Line).Distinct().Count();
                await error.WriteLineAsync($"Nothing was imported: {bad} of {outcome.Lines} line(s) of {outcome.FileName} cannot be recorded.");
                foreach (var p in outcome.Problems) await error.WriteLineAsync("  " + Describe(p));
                await error.WriteLineAsync($"Put them right and import the file again, or add --skip-bad BAD-LINES.csv to record the {outcome.Lines - bad} good line(s) " +
                                           "now and write the bad ones, each with its reason, to BAD-LINES.csv.");
                return ExitCodes.Refused;
            }
            return await run.FinishAsync(result, o => Report(run, o, badFile));
        });
        import.Add(spends);
        import.Add(BankingVerbs.ImportBank());
        return import;
    }

    internal static string Describe(ImportProblem p) =>
        $"line {p.Line}, {p.Field}{(p.Code is null or RefusalCodes.NotFound ? "" : $" ({p.Code})")}: {p.Message}";

    private static void Report(VerbRun run, ImportOutcome o, FileInfo? badFile)
    {
        run.Say(o.Imported == 0
            ? $"No new spends were recorded from {o.FileName}."
            : $"Recorded {o.Imported} spend(s), {o.Total}, from {o.FileName}.");
        if (o.AlreadyImported > 0)
            run.Say($"{o.AlreadyImported} line(s) were recorded by an earlier import of this same file, so they were not recorded again.");
        var bySomeone = o.Spends.Where(s => !s.AlreadyImported).GroupBy(s => s.Person).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (bySomeone.Count > 0)
        {
            var table = Print.Table("Recorded now, by person", "Person", "Spends", "£Amount");
            foreach (var g in bySomeone)
                table.Row(g.Key, g.Count(), g.Aggregate(Domain.Money.Zero, (sum, s) => sum + s.Amount));
            run.Console.Write(table);
        }
        if (o.Problems.Count > 0)
        {
            var bad = o.Problems.Select(p => p.Line).Distinct().Count();
            run.Say($"{bad} bad line(s) were set aside{(badFile is null ? "" : $" in {badFile.FullName}, each with its reason; put them right there and import that file")}:");
            foreach (var p in o.Problems) run.Say("  " + Describe(p));
        }
    }

    /// <summary>What was read from the file: its lines as written, lines that are not valid CSV, and its header and raw fields for the bad-lines file.</summary>
    internal sealed record FileRead(
        IReadOnlyList<ImportSpends.Line> Lines, IReadOnlyList<ImportProblem> Unreadable, string[] Header,
        IReadOnlyDictionary<int, string[]> Raw, string? FileProblem);

    internal static FileRead Read(byte[] bytes)
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
            return new FileRead([], [], [], new Dictionary<int, string[]>(), $"Line {badLine} is not UTF-8 text (the file looks like it was saved as Latin-1 or " +
                "Windows-1252, so a character such as £ or é would be read wrongly). Save the file as 'CSV UTF-8' and import it again.");
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvReader(reader, config);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
            return new FileRead([], [], [], new Dictionary<int, string[]>(), "The file is empty. " + FormatHelp);

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
            return new FileRead([], [], header, new Dictionary<int, string[]>(),
                $"The first line names the columns, and it names {string.Join(", ", twice)} twice, so SdsLedger cannot tell which to read. " +
                "Remove or rename one of them. " + FormatHelp);
        var missing = Required.Where(c => !index.ContainsKey(c)).ToList();
        if (!index.ContainsKey("person") && !index.ContainsKey("budget") && !index.ContainsKey("part")) missing.Add("person");
        if (missing.Count > 0 || unknown.Count > 0)
        {
            var what = new List<string>();
            if (missing.Count > 0) what.Add($"it has no {string.Join(", ", missing.Select(m => $"'{m}'"))} column{(missing.Count == 1 ? "" : "s")}");
            if (unknown.Count > 0) what.Add($"{string.Join(", ", unknown.Select(u => $"'{u}'"))} {(unknown.Count == 1 ? "is not a column" : "are not columns")} SdsLedger knows");
            return new FileRead([], [], header, new Dictionary<int, string[]>(), $"The first line names the columns, and {string.Join("; ", what)}. {FormatHelp}");
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
        return new FileRead(lines, unreadable, header, raw, null);
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

    private static async Task WriteBadLinesAsync(FileInfo file, FileRead read, IReadOnlyList<ImportProblem> problems, CancellationToken ct)
    {
        var keep = Enumerable.Range(0, read.Header.Length).Where(i => Normalise(read.Header[i]) is not (LineColumn or ReasonColumn)).ToList();
        await using var writer = new StreamWriter(file.FullName, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
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
        await writer.FlushAsync(ct);
    }
}
