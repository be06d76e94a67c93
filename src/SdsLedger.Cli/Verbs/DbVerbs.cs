using System.CommandLine;
using System.Globalization;
using Npgsql;
using SdsLedger.Database;
using SdsLedger.Ledger;
using SdsLedger.LocalPostgres;
using Spectre.Console;

namespace SdsLedger.Cli.Verbs;

/// <summary>sdsledger db start | stop | status | migrate | url | backup | restore | standby.</summary>
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
            if (await StandbyPair.StatusAsync(cluster, ct) is { } standby) await context.Output.WriteLineAsync(Describe(standby, s.State));
            if (await ClusterBackup.StatusAsync(cluster, ct) is { } archive) await context.Output.WriteLineAsync(Describe(archive));
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
        db.Add(Backup());
        db.Add(Restore());
        db.Add(Standby());
        return db;
    }

    internal static CliContext Context(ParseResult parse) =>
        new(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, parse.GetValue(SdsLedgerCli.DataDirectory));

    private static Command Backup()
    {
        var to = new Option<string?>("--to")
        {
            Description = "The backup folder (made if missing): base backups go in DIR/base, and the WAL is archived into DIR/wal from now on. " +
                          "With --list, the folder to list (default: the one the database archives into).",
            HelpName = "DIR",
        };
        var list = new Option<bool>("--list") { Description = "List the base backups and archived WAL in the folder, and how far a restore can reach." };
        var backup = new Command("backup",
            "Take a base backup of the database into a folder and archive its WAL there continuously, so that any moment since can be " +
            "restored with 'db restore'. Or, with --list, show what a backup folder holds.")
        {
            to, list,
        };
        backup.SetAction(async (parse, ct) =>
        {
            var context = Context(parse);
            if (context.Server.IsExternal) return await NotForExternalAsync(context);
            var cluster = context.Server.Cluster!;
            var folderPath = parse.GetValue(to);
            if (parse.GetValue(list))
            {
                folderPath ??= (await ClusterBackup.StatusAsync(cluster, ct))?.Folder is { } wal ? Path.GetDirectoryName(wal) : null;
                if (folderPath is null) return await ProblemAsync(context, "--to", "name the backup folder to list; the database is not archiving into one now.");
                return await ListAsync(context, new BackupFolder(folderPath));
            }
            if (string.IsNullOrWhiteSpace(folderPath)) return await ProblemAsync(context, "--to", "name the folder to back up into, for example --to /var/backups/sdsledger.");

            var folder = new BackupFolder(folderPath);
            var taken = await RequestAsync(context, () => ClusterBackup.TakeAsync(cluster, folder, context.Output.WriteLine, ct));
            if (taken is null) return ExitCodes.Refused;
            await context.Output.WriteLineAsync(
                $"Base backup {taken.Name}: {Size(taken.Bytes)} in {Seconds(taken.Took)}. The database archives its WAL into {folder.WalDirectory} " +
                "as it goes, so 'sdsledger db restore' can bring back any moment from now on.");
            return ExitCodes.Ok;
        });
        return backup;
    }

    private static Command Restore()
    {
        var from = new Option<string>("--from") { Description = "The backup folder 'db backup' filled.", HelpName = "DIR", Required = true };
        var into = new Option<string>("--into") { Description = "A new folder for the restored cluster; it must not exist yet or be empty.", HelpName = "NEWDIR", Required = true };
        var to = new Option<string?>("--to")
        {
            Description = "The moment to restore, in this machine's local time (for example \"2026-12-01 14:00\"), or with an offset " +
                          "(\"2026-12-01 14:00+01:00\"). Without it, everything the backup folder holds is restored.",
            HelpName = "\"YYYY-MM-DD HH:MM\"",
        };
        var restore = new Command("restore",
            "Restore a backup into a new data directory, up to a moment if you give one, start it, then check it: the ledger audit " +
            "and the trial balance are printed, so a finance officer can compare. It never touches a running cluster. Use the restored " +
            "copy with --data-dir NEWDIR.")
        {
            from, into, to,
        };
        restore.SetAction(async (parse, ct) =>
        {
            var context = Context(parse);
            if (context.Server.IsExternal) return await NotForExternalAsync(context);
            DateTimeOffset? target = null;
            if (parse.GetValue(to) is { } text)
            {
                if (!TryMoment(text, out var moment))
                    return await ProblemAsync(context, "--to", $"'{text}' is not a moment; write it like 2026-12-01 14:00 (this machine's local time) or 2026-12-01 14:00+01:00.");
                target = moment;
            }
            var folder = new BackupFolder(parse.GetValue(from)!);
            if (!folder.HoldsBackups)
                return await ProblemAsync(context, "--from", $"{folder.Path} holds no backups; 'sdsledger db backup --to DIR' makes them.");

            var restored = await RequestAsync(context, () =>
                ClusterRestore.RestoreAsync(folder, parse.GetValue(into)!, target, context.Server.Cluster, context.Output.WriteLine, ct));
            if (restored is null) return ExitCodes.Refused;

            await context.Output.WriteLineAsync(
                $"Restored from {restored.From.Name}" +
                (restored.Target is { } t ? $" up to {ClusterRestore.Describe(t)}" : " to the end of the archive") +
                (restored.LastTransactionAt is { } last ? $"; its last transaction was committed at {ClusterRestore.Describe(last)}." : "."));
            await context.Output.WriteLineAsync(
                $"It runs on 127.0.0.1:{restored.Port}. Use it with --data-dir {restored.DataDirectory}, and stop it with " +
                $"'sdsledger db stop --data-dir {restored.DataDirectory}'.");
            return await CheckRestoredAsync(context, restored, ct);
        });
        return restore;
    }

    private static Command Standby()
    {
        var standby = new Command("standby",
            "A second cluster beside this one that streams its WAL and confirms every commit: a change is answered only when both have it.");
        var start = new Command("start",
            "Start the standby (building it first if there is none) and make the database wait for it on every commit. Its data is in DATA-DIR-standby.");
        start.SetAction(async (parse, ct) =>
        {
            var context = Context(parse);
            if (context.Server.IsExternal) return await NotForExternalAsync(context);
            var cluster = context.Server.Cluster!;
            var s = await StandbyPair.StartAsync(cluster, context.Output.WriteLine, ct);
            await context.Output.WriteLineAsync(
                $"The standby is running on 127.0.0.1:{s.Port} (data in {s.DataDirectory}) and confirms every commit before it is answered. " +
                "'sdsledger db url --read-only' gives the connection string that reads reports and statements from it.");
            return ExitCodes.Ok;
        });
        var stop = new Command("stop",
            "Stop waiting for the standby (writes go on at once, on the primary alone) and stop it. 'db standby start' brings it back and catches it up.");
        stop.SetAction(async (parse, ct) =>
        {
            var context = Context(parse);
            if (context.Server.IsExternal) return await NotForExternalAsync(context);
            var stopped = await StandbyPair.StopAsync(context.Server.Cluster!, ct);
            await context.Output.WriteLineAsync(stopped
                ? "The database no longer waits for a standby, and the standby has stopped."
                : "There is no standby.");
            return ExitCodes.Ok;
        });
        standby.Add(start);
        standby.Add(stop);
        return standby;
    }

    private static async Task<int> ListAsync(CliContext context, BackupFolder folder)
    {
        if (!folder.HoldsBackups) return await ProblemAsync(context, "--to", $"{folder.Path} holds no backups.");
        var backups = folder.BaseBackups();
        var wal = folder.Wal();
        if (backups.Count == 0)
        {
            await context.Output.WriteLineAsync($"No base backup in {folder.BaseDirectory} yet: 'sdsledger db backup --to {folder.Path}' takes one.");
        }
        else
        {
            var table = Print.Table($"Base backups in {folder.BaseDirectory}", "!Name", "!Taken", "!Took", "!Size");
            foreach (var b in backups) table.Row(b.Name, ClusterRestore.Describe(b.Started), Seconds(b.Took), Size(b.Bytes));
            context.Console.Write(table);
        }
        await context.Output.WriteLineAsync(wal.Segments == 0
            ? $"No WAL archived in {folder.WalDirectory} yet."
            : $"WAL archive {folder.WalDirectory}: {Print.Count(wal.Segments, "file", "files")} ({Size(wal.Bytes)}), {wal.First} to {wal.Last}, " +
              $"the newest archived at {ClusterRestore.Describe(wal.NewestArchivedAt!.Value)}.");
        if (backups.Count > 0 && wal.NewestArchivedAt is { } newest)
            await context.Output.WriteLineAsync(
                $"A restore can reach any moment from {ClusterRestore.Describe(backups[0].Finished)} to about {ClusterRestore.Describe(newest)}; " +
                "'db restore' first asks the running database to archive its current WAL, which brings that up to now.");
        return ExitCodes.Ok;
    }

    /// <summary>The restored copy's ledger audit and trial balance. Exit 1 when the audit fails.</summary>
    private static async Task<int> CheckRestoredAsync(CliContext context, RestoreOutcome restored, CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder(restored.AdminConnectionString) { Database = DatabaseServer.DefaultDatabase }.ConnectionString;
        if (!await HasDatabaseAsync(restored.AdminConnectionString, ct))
        {
            await context.Output.WriteLineAsync($"The restored cluster has no '{DatabaseServer.DefaultDatabase}' database, so there is no ledger to check.");
            return ExitCodes.Ok;
        }
        await using var dataSource = LedgerDataSource.Create(cs);
        var report = await new LedgerAudit(dataSource).RunAsync(ct);
        Print.Widen(context.Console);
        AuditVerb.Print(context.Console, report);
        var trial = await new LedgerQueries(dataSource).TrialBalanceAsync(ct);
        var table = Print.Table("Trial balance of the restored ledger", "Account kind", "Accounts", "£Posted", "£Set aside");
        foreach (var line in trial.Lines) table.Row(line.Kind, line.Accounts, line.Posted, line.Pending);
        table.Row("total", trial.Lines.Sum(l => l.Accounts), trial.Total, "");
        context.Console.Write(table);
        return report.Passed ? ExitCodes.Ok : ExitCodes.Refused;
    }

    private static async Task<bool> HasDatabaseAsync(string admin, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(admin + ";Pooling=false");
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", conn);
        cmd.Parameters.AddWithValue(DatabaseServer.DefaultDatabase);
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Runs a backup or restore; a request that cannot be met as asked is reported against its option, with exit 1.</summary>
    private static async Task<T?> RequestAsync<T>(CliContext context, Func<Task<T>> work) where T : class
    {
        try
        {
            return await work();
        }
        catch (BackupRequestException e)
        {
            await ProblemAsync(context, "--" + e.Field, e.Message);
            return null;
        }
    }

    private static async Task<int> ProblemAsync(CliContext context, string option, string message)
    {
        await context.Error.WriteLineAsync("Not done: one thing needs putting right.");
        await context.Error.WriteLineAsync($"  {option}: {message}");
        return ExitCodes.Refused;
    }

    private static async Task<int> NotForExternalAsync(CliContext context)
    {
        await context.Error.WriteLineAsync(ExternalBackupNote);
        return ExitCodes.Refused;
    }

    private static string Describe(StandbyStatus s, ClusterRunState primary)
    {
        if (primary != ClusterRunState.Running)
            return $"Standby: data in {s.Standby.DataDirectory}; " +
                   (s.Synchronous ? "it starts and stops with the database." : "stopped; 'db standby start' starts it and makes the database wait for it.");
        var where = s.Standby.State == ClusterRunState.Running
            ? $"running on 127.0.0.1:{s.Standby.Port}, data in {s.Standby.DataDirectory}"
            : $"stopped, data in {s.Standby.DataDirectory}";
        var waits = s.Synchronous ? "every commit waits for it" : "the database does not wait for it";
        var replication = s.Replication is { } r
            ? $"{r.State}, {r.SyncState}, {Size(r.LagBytes)} behind" + (r.ReplayLag is { } lag ? $" (replay lag {lag.TotalMilliseconds:0.0} ms)" : "")
            : "not connected" + (s.Synchronous ? ": writes wait until it is back ('db standby start', or 'db standby stop' to go on without it)" : "");
        return $"Standby: {where}; {waits}; {replication}.";
    }

    private static string Describe(ArchiveStatus a) =>
        a.Folder is null
            ? "WAL is not archived: no backup has been taken. 'sdsledger db backup --to DIR' starts it."
            : $"WAL is archived into {a.Folder}" +
              (a.LastArchived is { } last ? $"; the last file, {last}, at {ClusterRestore.Describe(a.LastArchivedAt!.Value)}" : "") +
              (a.Failures > 0 && a.LastFailedAt > a.LastArchivedAt
                  ? $"; ARCHIVING FAILS since {ClusterRestore.Describe(a.LastFailedAt!.Value)} (the server.log says why)."
                  : ".");

    private static bool TryMoment(string text, out DateTimeOffset moment)
    {
        string[] withOffset = ["yyyy-MM-dd HH:mmzzz", "yyyy-MM-dd HH:mm:sszzz", "yyyy-MM-dd HH:mm:ss.FFFFFFzzz", "yyyy-MM-ddTHH:mmzzz", "yyyy-MM-ddTHH:mm:sszzz", "yyyy-MM-ddTHH:mm:ss.FFFFFFzzz"];
        string[] local = ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFF", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFF"];
        text = text.Trim().Replace("Z", "+00:00", StringComparison.Ordinal);
        if (DateTimeOffset.TryParseExact(text, withOffset, CultureInfo.InvariantCulture, DateTimeStyles.None, out moment)) return true;
        if (DateTime.TryParseExact(text, local, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var localTime))
        {
            moment = new DateTimeOffset(localTime);
            return true;
        }
        return false;
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 * 1024 => $"{bytes / 1024.0:0.0} kB",
        < 1024L * 1024 * 1024 => $"{bytes / 1024.0 / 1024:0.0} MB",
        _ => $"{bytes / 1024.0 / 1024 / 1024:0.00} GB",
    };

    private static string Seconds(TimeSpan t) => $"{t.TotalSeconds:0.0} s";
}
