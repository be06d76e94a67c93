using System.CommandLine;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SdsLedger.Cli.Demo;
using SdsLedger.Domain;
using SdsLedger.Ledger;
using SdsLedger.LocalPostgres;
using Spectre.Console;

namespace SdsLedger.Cli.Verbs;

/// <summary>sdsledger demo: start the database, migrate it, load the sample council and show what happened.</summary>
internal static class DemoVerb
{
    private const string ByOption = """
        WITH b AS (
            SELECT b.id, b.is_test, b.agreed_total,
                   CASE WHEN count(DISTINCT p.option) > 1 THEN 4 ELSE min(p.option) END AS option
              FROM sds.budgets b JOIN sds.budget_parts p ON p.budget_id = b.id
             GROUP BY b.id)
        SELECT CASE WHEN is_test THEN 'Test budgets' ELSE 'Option ' || option END AS Label,
               count(*)::int AS Budgets, sum(agreed_total)::bigint AS Value
          FROM b GROUP BY 1 ORDER BY 1
        """;

    public static Command Build()
    {
        var output = new Option<string>("--out")
        {
            Description = "Folder for the demo's statements and reports.",
            DefaultValueFactory = _ => "out",
        };
        var samples = new Option<string?>("--samples")
        {
            Description = "Folder of the sample council (default: samples/ here or in a parent folder).",
        };
        var demo = new Command("demo", "Start the database, migrate it, load the sample council from samples/, and write statements and reports.");
        demo.Add(output);
        demo.Add(samples);
        demo.SetAction(async (parse, ct) =>
        {
            var context = DbVerbs.Context(parse);
            var samplesDir = parse.GetValue(samples) ?? FindSamples();
            if (samplesDir is null || !File.Exists(Path.Combine(samplesDir, "council.json")))
            {
                await context.Error.WriteLineAsync("The sample council was not found: run the demo from the SdsLedger folder, or pass --samples DIR (a folder with council.json and spending.csv).");
                return ExitCodes.Refused;
            }
            var outDir = Path.GetFullPath(parse.GetValue(output)!, Surroundings.Current.WorkingDirectory);
            var cs = await context.MigratedDatabaseAsync(ct);
            var where = context.Server.IsExternal
                ? "the server named by SDSLEDGER_DB"
                : $"127.0.0.1:{context.Server.Cluster!.Status().Port} (data in {context.Server.Cluster.DataDirectory})";
            await context.Output.WriteLineAsync($"Database ready and migrated on {where}.");

            await using var app = SdsLedgerApp.Create(cs, dataDirectory: context.Server.Cluster?.RequestedDataDirectory);
            var outcome = await new SampleCouncilLoader(app, line => context.Output.WriteLine($"  {line} ...")).LoadAsync(samplesDir, ct);
            var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
            await PrintAsync(context.Console, dataSource, outcome, ct);

            var audit = await new LedgerAudit(dataSource).RunAsync(ct);
            context.Console.MarkupLine(audit.Passed
                ? $"Ledger audit: [green]every check passes[/] ({audit.Entries} entries, {audit.Postings} postings)."
                : "Ledger audit: [red]FAILED[/]; run 'sdsledger audit' for details.");

            await context.Output.WriteLineAsync($"""

                Open the web app for council staff on this database:
                  dotnet run --project src/SdsLedger.Web        (listens on {SignInLinkVerb.DefaultWebAddress})
                then sign in with a one-time link, as a social worker or as the finance officer:
                  dotnet run --project src/SdsLedger.Cli -- sign-in-link --as sw-amacdonald
                  dotnet run --project src/SdsLedger.Cli -- sign-in-link --as fin-akhan
                """);
            await context.Output.WriteLineAsync("Run the demo again at any time: it reuses the database and writes nothing twice to it (the output files are replaced).");

            var files = await new DemoDocuments(app, dataSource, outcome.Finance).WriteAsync(outDir, ct);
            await context.Output.WriteLineAsync($"Wrote {files.Count} files to {outDir}: statements for {DemoDocuments.From:MMMM yyyy} in standard print, large print and Easy Read, each as PDF and HTML, and every report as PDF and CSV:");
            foreach (var file in files)
                await context.Output.WriteLineAsync($"  {Path.GetFileName(file.Path)}{(file.Pages is { } n ? $" ({n} page{(n == 1 ? "" : "s")})" : "")}");

            var paymentRuns = SampleCouncilFile.Read(Path.Combine(samplesDir, "council.json")).PaymentRuns;
            var banking = await new DemoBanking(app, dataSource, outcome.Finance, paymentRuns).WriteAsync(samplesDir, outDir, ct);
            await context.Output.WriteLineAsync($"Wrote {banking.Count} files of real money: the last payment run's pain.001 and Bacs files with a remittance advice per payee, " +
                                                "the reconciliations of the council's bank statement and a prepaid card feed (samples/banking), and the quarter's monitoring return:");
            foreach (var file in banking)
                await context.Output.WriteLineAsync($"  {Path.GetFileName(file.Path)}{(file.Pages is { } n ? $" ({n} page{(n == 1 ? "" : "s")})" : "")}");
            return audit.Passed ? ExitCodes.Ok : ExitCodes.Internal;
        });
        return demo;
    }

    private static async Task PrintAsync(IAnsiConsole console, NpgsqlDataSource dataSource, DemoOutcome outcome, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var options = await conn.QueryAsync<(string Label, int Budgets, long Value)>(new CommandDefinition(ByOption, cancellationToken: ct));
        var table = new Table().Title("Budgets by option").AddColumn("Option").AddColumn(new TableColumn("Budgets").RightAligned()).AddColumn(new TableColumn("Agreed value").RightAligned());
        foreach (var o in options) table.AddRow(o.Label, o.Budgets.ToString(), Money.FromPence(o.Value).ToString());
        console.Write(table);

        console.MarkupLine($"{outcome.People} people, {outcome.Budgets} budgets and {outcome.TestBudgets} test budgets. {outcome.PaymentRuns} payment runs paid [bold]{outcome.Paid}[/] in instalments; " +
                           $"{outcome.Spends} spends recorded, [bold]{outcome.Spent}[/]. (Running the demo again replays these answers and pays or records nothing twice.)");

        var refusals = new Table().Title($"{outcome.Refused.Count} spends refused, and why").AddColumn("Line").AddColumn("Person").AddColumn("Rule").AddColumn("Reason");
        foreach (var (line, person, refusal) in outcome.Refused)
            refusals.AddRow(line.ToString(), person, refusal.Code, Markup.Escape(refusal.Reason));
        console.Write(refusals);
    }

    private static string? FindSamples()
    {
        for (var dir = new DirectoryInfo(Surroundings.Current.WorkingDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples");
            if (File.Exists(Path.Combine(candidate, "council.json"))) return candidate;
        }
        return null;
    }
}
