using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using Npgsql;
using SdsLedger.Bench;
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
    Description = "Length of each measured run (pgbench, spends on the small ledger, spends on the grown ledger).",
    DefaultValueFactory = _ => 15,
};
seconds.Validators.Add(r => AtLeast(r, 1, max: 3600));
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

var ledger = new Command("ledger",
    "pgbench tpcb-like against our two-posting spend at the same clients and duration, batch posting rate, " +
    "spend latency, and the spend rate again after the ledger has grown. Uses (and re-creates) the databases " +
    $"{LedgerBenchmark.LedgerDatabase} and {PgBench.Database}.")
{
    clients, seconds, postings, json, dataDir,
};
ledger.SetAction(async (parse, ct) =>
{
    var options = new BenchOptions(parse.GetValue(clients), parse.GetValue(seconds), parse.GetValue(postings), parse.GetValue(dataDir));
    var progress = new RunLog();
    var result = await new LedgerBenchmark(options, progress).RunAsync(ct);
    if (parse.GetValue(json)) Console.WriteLine(BenchReport.Json(result));
    else Console.Write(BenchReport.Table(result));
    return 0;
});

var root = new RootCommand("SdsLedger benchmarks. Database: SDSLEDGER_DB (an Npgsql connection string whose user may create databases), otherwise the cluster SdsLedger runs itself.")
{
    ledger,
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
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/SdsLedger.Bench -- ledger [--clients N] [--seconds N] [--json]");
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

static void AtLeast(OptionResult result, int min, int max)
{
    var value = result.GetValueOrDefault<int>();
    if (value < min || value > max)
        result.AddError($"{result.Option.Name} must be between {min:N0} and {max:N0}, not {value:N0}.");
}
