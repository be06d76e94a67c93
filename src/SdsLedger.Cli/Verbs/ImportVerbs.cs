using System.CommandLine;
using System.Text;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Spending;
using SdsLedger.Pipeline;

namespace SdsLedger.Cli.Verbs;

/// <summary>
/// sdsledger import spends FILE.csv: a provider's or prepaid card's spending, one spend per line. Every line is checked
/// as a single spend would be; if any is bad nothing is recorded, unless --skip-bad records the good lines and writes
/// the bad ones, with the reason, to a file that can be put right and imported in its turn.
/// </summary>
internal static class ImportVerbs
{
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
            SpendingFile.FormatHelp + " Example: sdsledger import spends harbour-october.csv --as harbour-finance");
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
            var read = SpendingFile.Read(bytes);
            if (read.FileProblem is { } fileProblem)
            {
                run.Problem(path.Name, fileProblem);
                return await run.ProblemsAsync();
            }

            var badFile = run.Get(skipBad);
            var result = await run.SendAsync(new ImportSpends.Command(run.Actor, run.Key, path.Name, SpendingFile.Hash(bytes),
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

    private static async Task WriteBadLinesAsync(FileInfo file, SpendingFileRead read, IReadOnlyList<ImportProblem> problems, CancellationToken ct)
    {
        await using var writer = new StreamWriter(file.FullName, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        await SpendingFile.WriteBadLinesAsync(writer, read, problems, ct);
    }
}
