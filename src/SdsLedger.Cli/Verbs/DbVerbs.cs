using System.CommandLine;
using SdsLedger.Database;
using SdsLedger.LocalPostgres;

namespace SdsLedger.Cli.Verbs;

/// <summary>sdsledger db start | stop | status | migrate | url | tenant-key.</summary>
internal static class DbVerbs
{
    private const string ExternalNote = "SDSLEDGER_DB is set, so SdsLedger uses that server and does not start or stop one.";

    public static Command Build()
    {
        var db = new Command("db", "Start, stop and migrate the database SdsLedger runs for you, or show how to reach it.");

        var start = new Command("start", "Start the database (creating it on first use). Does nothing if it is already running.");
        start.SetAction(async (parse, ct) =>
        {
            var context = Context(parse);
            if (context.Server.IsExternal)
            {
                await context.Output.WriteLineAsync(ExternalNote);
                return ExitCodes.Ok;
            }
            await context.Server.ApplicationConnectionStringAsync(ct);
            var status = context.Server.Cluster!.Status();
            await context.Output.WriteLineAsync($"The database is running on 127.0.0.1:{status.Port} (data in {status.DataDirectory}).");
            return ExitCodes.Ok;
        });

        var stop = new Command("stop", "Stop the database SdsLedger runs for you.");
        stop.SetAction(async (parse, ct) =>
        {
            var context = Context(parse);
            if (context.Server.IsExternal)
            {
                await context.Output.WriteLineAsync(ExternalNote);
                return ExitCodes.Ok;
            }
            var stopped = await context.Server.Cluster!.StopAsync(ct);
            await context.Output.WriteLineAsync(stopped ? "The database has stopped." : "The database was not running.");
            return ExitCodes.Ok;
        });

        var status = new Command("status", "Say whether the database is running, and where its data is.");
        status.SetAction(async (parse, _) =>
        {
            var context = Context(parse);
            if (context.Server.IsExternal)
            {
                await context.Output.WriteLineAsync(ExternalNote);
                return ExitCodes.Ok;
            }
            var s = context.Server.Cluster!.Status();
            var text = s.State switch
            {
                ClusterRunState.Running => $"Running on 127.0.0.1:{s.Port} (process {s.ProcessId}), data in {s.DataDirectory}.",
                ClusterRunState.Stopped => $"Stopped. Data in {s.DataDirectory}. Start it with 'sdsledger db start'.",
                _ => $"Not created yet. 'sdsledger db start' creates it in {s.DataDirectory}.",
            };
            await context.Output.WriteLineAsync(text);
            return ExitCodes.Ok;
        });

        var migrate = new Command("migrate", "Apply any database migrations not yet applied (starting the database if needed).");
        migrate.SetAction(async (parse, ct) =>
        {
            var context = Context(parse);
            var cs = await context.ReachableDatabaseAsync(ct);
            var outcome = Migrator.Migrate(cs);
            if (!outcome.Succeeded)
            {
                await context.Error.WriteLineAsync(outcome.Describe());
                return ExitCodes.Environment;
            }
            await context.Output.WriteLineAsync(outcome.Describe());
            return ExitCodes.Ok;
        });

        var url = new Command("url", "Print the connection string of SdsLedger's database (starting it if needed), for psql or other tools.");
        url.SetAction(async (parse, ct) =>
        {
            var context = Context(parse);
            await context.Output.WriteLineAsync(await context.Server.ApplicationConnectionStringAsync(ct));
            return ExitCodes.Ok;
        });

        db.Add(start);
        db.Add(stop);
        db.Add(status);
        db.Add(migrate);
        db.Add(url);
        db.Add(TenantKeyVerb.Build());
        return db;
    }

    internal static CliContext Context(ParseResult parse) =>
        new(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(SdsLedgerCli.DataDirectory));
}
