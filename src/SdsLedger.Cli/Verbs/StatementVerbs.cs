using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using NodaTime;
using SdsLedger.Documents.Statements;
using SdsLedger.Domain;
using SdsLedger.Features.Statements;
using SdsLedger.LocalPostgres;
using SdsLedger.Pipeline;
using Spectre.Console;

namespace SdsLedger.Cli.Verbs;

/// <summary>sdsledger statements: every statement a council owes for a month, one PDF per person and an index CSV.</summary>
internal static partial class StatementVerbs
{
    public static Command Build()
    {
        var period = new Option<string>("--period")
        {
            Description = "The month the statements cover, as YYYY-MM (for example 2026-10).",
            HelpName = "YYYY-MM",
            Required = true,
        };
        var output = new Option<string>("--out")
        {
            Description = "Folder to write the statements and index.csv to (made if missing; statements already there are replaced).",
            HelpName = "DIR",
            Required = true,
        };
        var format = new Option<string?>("--format")
        {
            Description = $"Print every statement in this format: {StatementFormats.Choices}. Otherwise each person gets the format they asked for.",
            HelpName = "FORMAT",
        };
        var largePrint = new Option<bool>("--large-print") { Description = "The same as --format large-print." };
        var statements = new Command("statements",
            "Write the council's statements for a month: for each person's budget a PDF in plain English in the format they asked for " +
            "(standard, large print or Easy Read) and the same statement as an HTML file, which a screen reader can follow, " +
            "and index.csv listing each with its files and figures. Rendered in parallel; memory stays flat however many there are.");
        statements.Add(period);
        statements.Add(output);
        statements.Add(format);
        statements.Add(largePrint);
        ActingOptions.On(statements, changes: false, async run =>
        {
            if (!TryMonth(run.Get(period), out var from, out var to))
                run.Problem("--period", $"'{run.Get(period)}' is not a month; write it as YYYY-MM, for example 2026-10.");
            StatementFormat? forEveryone = run.Get(largePrint) ? StatementFormat.LargePrint : null;
            if (run.Get(format) is { } asked)
            {
                if (!StatementFormats.TryParse(asked, out var chosen))
                    run.Problem("--format", $"'{asked}' is not a statement format; give {StatementFormats.Choices}.");
                else if (forEveryone is { } large && chosen != large)
                    run.Problem("--large-print", $"--large-print asks for large print but --format asks for {chosen.Code()}; give one of them.");
                else forEveryone = chosen;
            }
            if (run.HasProblems) return await run.ProblemsAsync();

            var due = await run.SendAsync(new StatementRun.Query(run.Actor, from, to));
            if (!due.Succeeded) return await run.FinishAsync(due, _ => { });
            var outDir = Path.GetFullPath(run.Get(output)!, Surroundings.Current.WorkingDirectory);
            var batch = new StatementBatch(run.App, run.Actor, outDir, forEveryone, StatementBatch.DefaultWorkers);
            var result = run.Json
                ? await batch.RunAsync(due.Value!, from, to, null, run.Ct)
                : await WithProgressAsync(run, due.Value!.Count, done => batch.RunAsync(due.Value!, from, to, done, run.Ct));

            if (run.Json)
            {
                await run.Context.Output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    written = result.Written, formats = result.ByFormat.ToDictionary(f => f.Key.Code(), f => f.Value), pages = result.Pages,
                    htmlFiles = result.HtmlFiles, folder = outDir, index = result.IndexFile,
                    seconds = Math.Round(result.Elapsed.TotalSeconds, 2), failed = result.Failed.Select(f => new { f.Reference, f.Reason }),
                }, SdsJson.Indented));
            }
            else
            {
                var formats = string.Join(", ", result.ByFormat.Where(f => f.Value > 0).Select(f => $"{f.Value} {FormatName(f.Key)}"));
                run.Say($"{result.Written} statement(s) for {from.ToString("MMMM yyyy", CultureInfo.InvariantCulture)} written to {outDir} " +
                        $"as PDF ({(formats.Length == 0 ? "none" : formats)}; {result.Pages} pages) and as HTML, in {result.Elapsed.TotalSeconds:0.0} s.");
                run.Say($"Index: {result.IndexFile}");
                foreach (var failure in result.Failed)
                    await run.Context.Error.WriteLineAsync($"Not written for {failure.Reference}: {failure.Reason}");
            }
            return result.Failed.Count == 0 ? ExitCodes.Ok : ExitCodes.Refused;
        });
        return statements;
    }

    private static async Task<StatementBatchResult> WithProgressAsync(VerbRun run, int total, Func<Action, Task<StatementBatchResult>> body)
    {
        // A terminal gets a live bar; output to a file or another program gets the plain fallback lines.
        var console = ReferenceEquals(run.Context.Output, System.Console.Out) && !System.Console.IsOutputRedirected ? AnsiConsole.Console : run.Console;
        StatementBatchResult? result = null;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("Statements", maxValue: Math.Max(total, 1));
                result = await body(() => task.Increment(1));
                task.Value = task.MaxValue;
            });
        return result!;
    }

    private static string FormatName(StatementFormat format) => format switch
    {
        StatementFormat.LargePrint => "in large print",
        StatementFormat.EasyRead => "in Easy Read",
        _ => "in standard print",
    };

    /// <summary>"2026-10" as 1 to 31 October 2026.</summary>
    internal static bool TryMonth(string? text, out LocalDate from, out LocalDate to)
    {
        from = to = default;
        var match = MonthPattern().Match(text?.Trim() ?? "");
        if (!match.Success) return false;
        var year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var month = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        if (month is < 1 or > 12 || year is < 2000 or > 2100) return false;
        from = new LocalDate(year, month, 1);
        to = from.PlusMonths(1).PlusDays(-1);
        return true;
    }

    [GeneratedRegex(@"^(\d{4})-(\d{1,2})$")]
    private static partial Regex MonthPattern();
}
