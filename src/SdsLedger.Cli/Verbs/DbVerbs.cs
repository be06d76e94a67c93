using System.CommandLine;
using SdsLedger.Database;
using SdsLedger.LocalPostgres;

namespace SdsLedger.Cli.Verbs;

/// <summary>sdsledger db start | stop | status | migrate | url | tenant-key; backup and restore are in BackupVerbs, standby in StandbyVerbs.</summary>
internal static class DbVerbs
{
    private const string ExternalNote = "SDSLEDGER_DB is set, so SdsLedger uses that server and does not start or stop one.";
    private const string ExternalBackupNote =
        "SDSLEDGER_DB is set, so SdsLedger does not run that server and cannot back it up, restore it or give it a standby. " +
        "Use the server's own tools (pg_basebackup and WAL archiving, or your provider's backups; pg_auto_failover for a standby: see the README).";

    public static Command Build()
    {
        var db = new Command("db", "Start, stop, back up, restore and migrate the database SdsLedger runs for you, give it a standby, or show how to reach it.");

        var start = new Command("start", "Start the database (creating it on first use), and its standby if it has one. Does nothing if it is already running.");
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

        var stop = new Command("stop", "Stop the database SdsLedger runs for you (and its standby).");
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

        var status = new Command("status", "Say whether the database is running and where its data is; its standby and how far behind it is; where its WAL is archived.");
        status.SetAction(async (parse, ct) =>
        {
            var context = Context(parse);
            if (context.Server.IsExternal)
            {
                await context.Output.WriteLineAsync(ExternalNote);
                return ExitCodes.Ok;
            }
            var cluster = context.Server.Cluster!;
            var s = cluster.Status();
            await context.Output.WriteLineAsync(s.State switch
            {
                ClusterRunState.Running => $"Running on 127.0.0.1:{s.Port} (process {s.ProcessId}), data in {s.DataDirectory}.",
                ClusterRunState.Stopped => $"Stopped. Data in {s.DataDirectory}. Start it with 'sdsledger db start'.",
                _ => $"Not created yet. 'sdsledger db start' creates it in {s.DataDirectory}.",
            });
            if (s.State == ClusterRunState.NotInitialised) return ExitCodes.Ok;
            if (await StandbyPair.StatusAsync(cluster, ct) is { } standby) await context.Output.WriteLineAsync(StandbyVerbs.Describe(standby, s.State));
            if (await ClusterBackup.StatusAsync(cluster, ct) is { } archive) await context.Output.WriteLineAsync(BackupVerbs.Describe(archive));
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

        var readOnly = new Option<bool>("--read-only")
        {
            Description = "The connection string for reports and statements: it reads from the standby while one runs, else from the primary.",
        };
        var url = new Command("url",
            "Print the connection string of SdsLedger's database (starting it if needed), for psql or other tools. With a standby " +
            "running it names both clusters: writes find the primary (Target Session Attributes=read-write).")
        {
            readOnly,
        };
        url.SetAction(async (parse, ct) =>
        {
            var context = Context(parse);
            var cs = await context.Server.ApplicationConnectionStringAsync(ct);
            if (!context.Server.IsExternal && await StandbyPair.StatusAsync(context.Server.Cluster!, ct) is { Standby.Port: { } standbyPort })
                cs = StandbyPair.BothClusters(cs, standbyPort, parse.GetValue(readOnly) ? "prefer-standby" : "read-write");
            await context.Output.WriteLineAsync(cs);
            return ExitCodes.Ok;
        });

        db.Add(start);
        db.Add(stop);
        db.Add(status);
        db.Add(migrate);
        db.Add(url);
        db.Add(TenantKeyVerb.Build());
        db.Add(BackupVerbs.Backup());
        db.Add(BackupVerbs.Restore());
        db.Add(StandbyVerbs.Build());
        return db;
    }

    /// <summary>
    /// The verb's context. Only 'demo' and 'db start' create a database ('db restore' makes one from a backup, and 'db status' reports); every
    /// other verb on a data directory with no database in it says so (exit 3), rather than making an empty one and
    /// answering from it as if it were the ledger.
    /// </summary>
    internal static CliContext Context(ParseResult parse)
    {
        var context = new CliContext(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(SdsLedgerCli.DataDirectory));
        if (context.Server.Cluster is { } cluster && !MayCreate(parse.CommandResult.Command) && cluster.Status().State == ClusterRunState.NotInitialised)
            throw new LocalClusterException(
                $"There is no SdsLedger database in {cluster.RequestedDataDirectory}. Check --data-dir (or SDSLEDGER_DATA, or SDSLEDGER_DB), " +
                "or create one there with 'sdsledger db start' (or try SdsLedger with 'sdsledger demo').");
        return context;
    }

    // 'db status' creates nothing: it says "Not created yet" itself.
    private static bool MayCreate(Command verb) =>
        verb.Name == "demo" || (verb.Name is "start" or "restore" or "status" && verb.Parents.OfType<Command>().FirstOrDefault()?.Name == "db");

    /// <summary>A request to put right: "Not done", the option and what to change, exit 1.</summary>
    internal static async Task<int> ProblemAsync(CliContext context, string option, string message)
    {
        await context.Error.WriteLineAsync("Not done: one thing needs putting right.");
        await context.Error.WriteLineAsync($"  {option}: {message}");
        return ExitCodes.Refused;
    }

    internal static async Task<int> NotForExternalAsync(CliContext context)
    {
        await context.Error.WriteLineAsync(ExternalBackupNote);
        return ExitCodes.Refused;
    }
}
