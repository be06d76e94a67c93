using System.CommandLine;
using System.Text.Json;
using SdsLedger.Ledger;
using Spectre.Console;

namespace SdsLedger.Cli.Verbs;

/// <summary>sdsledger audit: checks every ledger invariant and prints a pass or fail report.</summary>
internal static class AuditVerb
{
    public static Command Build()
    {
        var json = new Option<bool>("--json") { Description = "Print the report as JSON for scripts." };
        var audit = new Command("audit",
            "Check every ledger invariant: entries sum to zero, balances equal their postings, no account below its limit, " +
            "holds agree, reversals mirror their originals, and the hash chain is intact. Exits 1 if anything fails.");
        audit.Add(json);
        audit.SetAction(async (parse, ct) =>
        {
            var context = DbVerbs.Context(parse);
            var cs = await context.MigratedDatabaseAsync(ct);
            await using var dataSource = LedgerDataSource.Create(cs);
            var report = await new LedgerAudit(dataSource).RunAsync(ct);

            if (parse.GetValue(json))
                await context.Output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    passed = report.Passed,
                    entries = report.Entries,
                    postings = report.Postings,
                    accounts = report.Accounts,
                    checks = report.Checks.Select(c => new { name = c.Name, explanation = c.Explanation, passed = c.Passed, failures = c.Failures, examples = c.Examples }),
                }, JsonOptions));
            else
                Print(context.Console, report);
            return report.Passed ? ExitCodes.Ok : ExitCodes.Refused;
        });
        return audit;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    internal static void Print(IAnsiConsole console, AuditReport report)
    {
        var table = new Table().AddColumn("Check").AddColumn("What it means").AddColumn("Result");
        foreach (var check in report.Checks)
        {
            var result = check.Passed
                ? "[green]pass[/]"
                : $"[red]FAIL: {check.Failures} problem(s)[/]\n" + Markup.Escape(string.Join("\n", check.Examples));
            table.AddRow(Markup.Escape(check.Name), Markup.Escape(check.Explanation), result);
        }
        console.Write(table);
        console.MarkupLine(report.Passed
            ? $"[green]The ledger passes every check[/] ({report.Entries} entries, {report.Postings} postings, {report.Accounts} accounts)."
            : "[red]The ledger fails the audit.[/] Each problem above names the rows to look at; do not post corrections until the cause is known.");
    }
}
