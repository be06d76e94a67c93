using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using Npgsql;
using SdsLedger.Bench;
using SdsLedger.Documents.Statements;
using SdsLedger.LocalPostgres;

// Exit codes as the sdsledger command's: 0 done (a missed target is still a result), 2 wrong command line,
// 3 no database, 4 the benchmark itself failed.
const int Usage = 2, NoDatabase = 3, Failed = 4;

var clients = new Option<int>("--clients")
{
    Description = "Concurrent clients, for pgbench and for spends alike.",
    DefaultValueFactory = _ => 4,
};
clients.Validators.Add(r => AtLeast(r, 1, max: 64));
var seconds = new Option<int>("--seconds")
{
    Description = "Seconds measured for each of pgbench, spends on the small ledger and spends on the grown ledger, split into rounds.",
    DefaultValueFactory = _ => 15,
};
seconds.Validators.Add(r => AtLeast(r, 1, max: 3600));
var rounds = new Option<int>("--rounds")
{
    Description = "Rounds that pgbench and the spends take in turn, each from a checkpoint (the grown ledger's spends as many).",
    DefaultValueFactory = _ => 3,
};
rounds.Validators.Add(r => AtLeast(r, 1, max: 100));
var postings = new Option<int>("--postings")
{
    Description = "Postings the ledger grows to before spends are measured again.",
    DefaultValueFactory = _ => LedgerBenchmark.DefaultGrownPostings,
};
postings.Validators.Add(r => AtLeast(r, 100_000, max: 100_000_000));
var json = new Option<bool>("--json") { Description = "Print the figures as one JSON object instead of a table." };
var dataDir = new Option<string?>("--data-dir")
{
    Description = "Folder of the cluster SdsLedger runs itself (default .sdsledger/pg here; or SDSLEDGER_DATA). Ignored when SDSLEDGER_DB is set.",
};

var standby = new Option<bool>("--standby")
{
    Description = "Instead, spends on a cluster of the benchmark's own (DATA-DIR-pair) alone against the same cluster with its synchronous " +
                  "standby, in alternating rounds.",
};
var encryption = new Option<bool>("--encryption")
{
    Description = "Instead, whole spends through the pipeline with the ledger's personal text sealed (as shipped) against the same spends " +
                  "with the sealing left out, in alternating rounds: what encrypting personal text costs a spend (target at most 10%).",
};
var ledger = new Command("ledger",
    "pgbench tpcb-like against our two-posting spend at the same clients and duration, batch posting rate, " +
    "spend latency, and the spend rate again after the ledger has grown. Uses (and re-creates) the databases " +
    $"{LedgerBenchmark.LedgerDatabase} and {PgBench.Database}. With --standby: spends with and without a synchronous standby. " +
    "With --encryption: pipeline spends with and without sealing personal text.")
{
    clients, seconds, rounds, postings, standby, encryption, json, dataDir,
};
ledger.SetAction(async (parse, ct) =>
{
    var options = new BenchOptions(parse.GetValue(clients), parse.GetValue(seconds), parse.GetValue(rounds), parse.GetValue(postings), parse.GetValue(dataDir));
    var progress = new RunLog();
    if (parse.GetValue(standby))
    {
        var pair = await new StandbyBenchmark(options, progress).RunAsync(ct);
        Console.Write(parse.GetValue(json) ? StandbyBenchmark.Json(pair) + Environment.NewLine : StandbyBenchmark.Table(pair));
        return 0;
    }
    if (parse.GetValue(encryption))
    {
        var sealing = await new EncryptionBenchmark(options, progress).RunAsync(ct);
        Console.Write(parse.GetValue(json) ? sealing.Json() + Environment.NewLine : sealing.Table());
        return 0;
    }
    var result = await new LedgerBenchmark(options, progress).RunAsync(ct);
    if (parse.GetValue(json)) Console.WriteLine(BenchReport.Json(result));
    else Console.Write(BenchReport.Table(result));
    return 0;
});

var rebuild = new Option<bool>("--rebuild") { Description = "Generate the council's database again even if one of the same shape is there to reuse." };
var statementBudgets = new Option<int>("--budgets")
{
    Description = "Budgets in the generated council: one statement each.",
    DefaultValueFactory = _ => 10_000,
};
statementBudgets.Validators.Add(r => AtLeast(r, 10, max: 1_000_000));
var statementPostings = new Option<long>("--postings")
{
    Description = $"Postings the generated council's year comes to (default {CouncilShape.PostingsPerBudget} a budget).",
};
var workers = new Option<int>("--workers")
{
    Description = "Statements rendered at once (default as sdsledger statements: two a core).",
    DefaultValueFactory = _ => StatementBatch.DefaultWorkers,
};
workers.Validators.Add(r => AtLeast(r, 1, max: 256));
var outDir = new Option<string?>("--out") { Description = "Folder for the statements (default: a folder in the temporary directory, emptied first)." };
var statements = new Command("statements",
    "10,000 statements for a month rendered from the database through the code sdsledger statements runs: statements per second, " +
    $"total seconds and peak working set. Generates (once, then reuses) the database {StatementBenchmark.Database}.")
{
    statementBudgets, statementPostings, workers, outDir, rebuild, json, dataDir,
};
statements.SetAction(async (parse, ct) =>
{
    var budgets = parse.GetValue(statementBudgets);
    var options = new StatementBenchOptions(budgets, PostingsFor(parse.GetValue(statementPostings), budgets), parse.GetValue(workers),
        parse.GetValue(outDir), parse.GetValue(rebuild), parse.GetValue(dataDir));
    var result = await new StatementBenchmark(options, new RunLog()).RunAsync(ct);
    Console.Write(parse.GetValue(json) ? DocumentBenchReport.Json(result) + Environment.NewLine : DocumentBenchReport.Table(result));
    return 0;
});

var reportBudgets = new Option<int>("--budgets")
{
    Description = "Budgets in the generated council.",
    DefaultValueFactory = _ => 20_000,
};
reportBudgets.Validators.Add(r => AtLeast(r, 10, max: 1_000_000));
var reportPostings = new Option<long>("--postings")
{
    Description = "Postings the generated council's year comes to.",
    DefaultValueFactory = _ => 5_000_000,
};
var runs = new Option<int>("--runs")
{
    Description = "Times each report's query runs; the median leaves out the first.",
    DefaultValueFactory = _ => 5,
};
runs.Validators.Add(r => AtLeast(r, 1, max: 100));
var plans = new Option<bool>("--plans") { Description = "Print each report's EXPLAIN (ANALYZE, BUFFERS) as the application's role." };
var reports = new Command("reports",
    "Each practitioner report (caseload, provider return, council overview, surplus flags, test-budget outcomes) on 20,000 budgets and " +
    $"5 million postings: query time through the application, and the PDF and CSV. Generates (once, then reuses) the database {ReportBenchmark.Database}.")
{
    reportBudgets, reportPostings, runs, plans, rebuild, json, dataDir,
};
reports.SetAction(async (parse, ct) =>
{
    var options = new ReportBenchOptions(parse.GetValue(reportBudgets), PostingsFor(parse.GetValue(reportPostings), parse.GetValue(reportBudgets)),
        parse.GetValue(runs), parse.GetValue(plans), parse.GetValue(rebuild), parse.GetValue(dataDir));
    var result = await new ReportBenchmark(options, new RunLog()).RunAsync(ct);
    Console.Write(parse.GetValue(json) ? DocumentBenchReport.Json(result) + Environment.NewLine : DocumentBenchReport.Table(result, options.Plans));
    return 0;
});

var backup = new Command("backup",
    "db backup and db restore of the reports council (20,000 budgets, 5 million postings) on a cluster of the benchmark's own " +
    $"(DATA-DIR-backup; the council is generated there once, in {ReportBenchmark.Database}, and reused): backup size and seconds, restore seconds, audit of the copy.")
{
    reportBudgets, reportPostings, rebuild, json, dataDir,
};
backup.SetAction(async (parse, ct) =>
{
    var options = new ReportBenchOptions(parse.GetValue(reportBudgets), PostingsFor(parse.GetValue(reportPostings), parse.GetValue(reportBudgets)),
        Runs: 1, Plans: false, parse.GetValue(rebuild), parse.GetValue(dataDir));
    var result = await new BackupBenchmark(options, new RunLog()).RunAsync(ct);
    Console.Write(parse.GetValue(json) ? BackupBenchmark.Json(result) + Environment.NewLine : BackupBenchmark.Table(result));
    return 0;
});

var httpClients = new Option<int>("--clients") { Description = "Concurrent clients.", DefaultValueFactory = _ => 16 };
httpClients.Validators.Add(r => AtLeast(r, 1, max: 64));
var httpSeconds = new Option<int>("--seconds") { Description = "Seconds measured on each side (in process, over HTTP), split into rounds.", DefaultValueFactory = _ => 12 };
httpSeconds.Validators.Add(r => AtLeast(r, 1, max: 3600));
var httpWarmUp = new Option<int>("--warm-up") { Description = "Seconds each side spends, unmeasured, before either is measured.", DefaultValueFactory = _ => 20 };
var httpRounds = new Option<int>("--rounds") { Description = "Rounds the two sides take in turn within their measured seconds.", DefaultValueFactory = _ => 3 };
httpRounds.Validators.Add(r => AtLeast(r, 1, max: 100));
httpWarmUp.Validators.Add(r => AtLeast(r, 0, max: 600));
var http = new Command("http",
    "Spends per second over the HTTP API (Kestrel in this process on loopback, JWT, row-level security) against the same spends sent " +
    $"to the mediator in process, in one run; prints the ratio (target 0.7). Uses (and re-creates) the database {HttpBenchmark.Database}.")
{
    httpClients, httpSeconds, httpRounds, httpWarmUp, json, dataDir,
};
http.SetAction(async (parse, ct) =>
{
    var result = await new HttpBenchmark(parse.GetValue(httpClients), parse.GetValue(httpSeconds), parse.GetValue(httpRounds), parse.GetValue(httpWarmUp), parse.GetValue(dataDir), new RunLog()).RunAsync(ct);
    Console.Write(parse.GetValue(json) ? result.Json() + Environment.NewLine : result.Table());
    return 0;
});

var bankingBudgets = new Option<int>("--budgets") { Description = "Budgets in the generated council.", DefaultValueFactory = _ => 20_000 };
bankingBudgets.Validators.Add(r => AtLeast(r, 10, max: 1_000_000));
var bankingPostings = new Option<long>("--postings")
{
    // The generator lands a little under what it is asked for: this gives a ledger of just over a million postings.
    Description = "Postings asked of the generated council's ledger.", DefaultValueFactory = _ => 1_070_000,
};
var bankLines = new Option<int>("--lines") { Description = "Bank lines to match.", DefaultValueFactory = _ => 100_000 };
bankLines.Validators.Add(r => AtLeast(r, 100, max: 10_000_000));
var bankingRuns = new Option<int>("--runs") { Description = "Times the matching runs; the median is reported.", DefaultValueFactory = _ => 3 };
bankingRuns.Validators.Add(r => AtLeast(r, 1, max: 100));
var banking = new Command("banking",
    "100,000 bank lines matched against a ledger of 1,000,000 postings (load and match), and the files of a 20,000-budget payment run " +
    $"(batch, pain.001, Bacs, remittance CSVs). Generates (once, then reuses) the database {BankingBenchmark.Database}.")
{
    bankingBudgets, bankingPostings, bankLines, bankingRuns, rebuild, json, dataDir,
};
banking.SetAction(async (parse, ct) =>
{
    var options = new BankingBenchOptions(parse.GetValue(bankingBudgets), parse.GetValue(bankingPostings), parse.GetValue(bankLines), parse.GetValue(bankingRuns),
        parse.GetValue(rebuild), parse.GetValue(dataDir));
    var result = await new BankingBenchmark(options, new RunLog()).RunAsync(ct);
    Console.Write(parse.GetValue(json) ? BankingBenchmark.Json(result) + Environment.NewLine : BankingBenchmark.Table(result));
    return 0;
});

var webBudgets = new Option<int>("--budgets") { Description = "Budgets in the generated council.", DefaultValueFactory = _ => 20_000 };
webBudgets.Validators.Add(r => AtLeast(r, 10, max: 1_000_000));
var webPostings = new Option<long>("--postings")
{
    Description = $"Postings the generated council's year comes to (default {CouncilShape.PostingsPerBudget} a budget).",
};
var webRequests = new Option<int>("--requests") { Description = "Requests measured for each page, after a tenth as many unmeasured.", DefaultValueFactory = _ => 200 };
webRequests.Validators.Add(r => AtLeast(r, 10, max: 100_000));
var web = new Command("web",
    "Server time per page (p50, p95) of the web app in this process: a worker's caseload of about 40 people, a person's budget page, and " +
    $"the payment-run preview of the whole council; targets p95 < {WebBenchmark.PageTargetMs:F0} ms for pages and < {WebBenchmark.PreviewTargetMs:F0} ms " +
    $"for the preview. Generates (once, then reuses) the database {WebBenchmark.Database}.")
{
    webBudgets, webPostings, webRequests, rebuild, json, dataDir,
};
web.SetAction(async (parse, ct) =>
{
    var budgets = parse.GetValue(webBudgets);
    var options = new WebBenchOptions(budgets, parse.GetValue(webPostings) is > 0 and var p ? p : (long)budgets * CouncilShape.PostingsPerBudget,
        parse.GetValue(webRequests), parse.GetValue(rebuild), parse.GetValue(dataDir));
    var result = await new WebBenchmark(options, new RunLog()).RunAsync(ct);
    Console.Write(parse.GetValue(json) ? result.Json() + Environment.NewLine : result.Table());
    return 0;
});

var bulkBudgets = new Option<int>("--budgets") { Description = "Budgets in the generated council.", DefaultValueFactory = _ => 20_000 };
bulkBudgets.Validators.Add(r => AtLeast(r, 10, max: 1_000_000));
var bulkPostings = new Option<long>("--postings") { Description = "Postings asked of the generated council's ledger.", DefaultValueFactory = _ => 1_070_000 };
var bulkLines = new Option<int>("--lines") { Description = "Lines in the provider's month imported as one file.", DefaultValueFactory = _ => 10_000 };
bulkLines.Validators.Add(r => AtLeast(r, 1, max: 50_000));
var bulk = new Command("bulk",
    "The payment run for a council of 20,000 budgets and a provider's 10,000-line month imported through every spending rule, through the " +
    $"commands the CLI sends; each under 10 s. Generates (once, then reuses) a council, and works on a copy of it in {BulkBenchmark.Database}.")
{
    bulkBudgets, bulkPostings, bulkLines, rebuild, json, dataDir,
};
bulk.SetAction(async (parse, ct) =>
{
    var options = new BulkBenchOptions(parse.GetValue(bulkBudgets), parse.GetValue(bulkPostings), parse.GetValue(bulkLines), parse.GetValue(rebuild), parse.GetValue(dataDir));
    var result = await new BulkBenchmark(options, new RunLog()).RunAsync(ct);
    Console.Write(parse.GetValue(json) ? BulkBenchmark.Json(result) + Environment.NewLine : BulkBenchmark.Table(result));
    return 0;
});

var exportRuns = new Option<int>("--runs") { Description = "Exports measured (after one unmeasured); the median is reported.", DefaultValueFactory = _ => 5 };
exportRuns.Validators.Add(r => AtLeast(r, 1, max: 100));
var export = new Command("export",
    $"A subject access export (person export: query, JSON and PDF) of a person with five years of history, in the database of the council " +
    $"the web benchmark uses ({WebBenchmark.Database}, generated once, then reused); target under {ExportFigures.SecondsLimit:F0} s.")
{
    webBudgets, webPostings, exportRuns, rebuild, json, dataDir,
};
export.SetAction(async (parse, ct) =>
{
    var budgets = parse.GetValue(webBudgets);
    var options = new ExportBenchOptions(budgets, parse.GetValue(webPostings) is > 0 and var p ? p : (long)budgets * CouncilShape.PostingsPerBudget,
        parse.GetValue(exportRuns), parse.GetValue(rebuild), parse.GetValue(dataDir));
    var result = await new ExportBenchmark(options, new RunLog()).RunAsync(ct);
    Console.Write(parse.GetValue(json) ? result.Json() + Environment.NewLine : result.Table());
    return 0;
});

var retention = new Command("retention",
    $"A retention run (retention run: a dry run, then the erasure) over every person of the statements benchmark's council, in a copy " +
    $"of {StatementBenchmark.Database} (generated once, then reused), then the ledger's audit and trial balance checked; target under " +
    $"{RetentionFigures.SecondsLimit:F0} s for 10,000 people.")
{
    statementBudgets, statementPostings, rebuild, json, dataDir,
};
retention.SetAction(async (parse, ct) =>
{
    var budgets = parse.GetValue(statementBudgets);
    var options = new RetentionBenchOptions(budgets, PostingsFor(parse.GetValue(statementPostings), budgets), parse.GetValue(rebuild), parse.GetValue(dataDir));
    var result = await new RetentionBenchmark(options, new RunLog()).RunAsync(ct);
    Console.Write(parse.GetValue(json) ? result.Json() + Environment.NewLine : result.Table());
    return 0;
});

var root = new RootCommand("SdsLedger benchmarks. Database: SDSLEDGER_DB (an Npgsql connection string whose user may create databases), otherwise the cluster SdsLedger runs itself.")
{
    ledger,
    statements,
    reports,
    backup,
    http,
    banking,
    web,
    bulk,
    export,
    retention,
};
root.SetAction(parse =>
{
    new HelpAction().Invoke(parse);
    return Usage;
});

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var e in parsed.Errors) Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/SdsLedger.Bench -- ledger|statements|reports|backup|http|banking|web|bulk|export|retention [options] [--json]  (--help for each)");
    return Usage;
}

try
{
    return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is PostgresNotInstalledException or LocalClusterException or InvalidConnectionStringException)
{
    Console.Error.WriteLine(e.Message);
    return NoDatabase;
}
catch (NpgsqlException e) when (e is not PostgresException)
{
    Console.Error.WriteLine($"Cannot reach the database: {e.Message}{(e.InnerException is null ? "" : $" ({e.InnerException.Message})")}");
    return NoDatabase;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("Stopped.");
    return Failed;
}
catch (Exception e)
{
    Console.Error.WriteLine($"The benchmark failed: {e}");
    return Failed;
}

static long PostingsFor(long asked, int budgets) => asked > 0 ? asked : (long)budgets * CouncilShape.PostingsPerBudget;

static void AtLeast(OptionResult result, int min, int max)
{
    var value = result.GetValueOrDefault<int>();
    if (value < min || value > max)
        result.AddError($"{result.Option.Name} must be between {min:N0} and {max:N0}, not {value:N0}.");
}
