using System.CommandLine;
using System.Globalization;
using Npgsql;
using SdsLedger.Features.People;
using SdsLedger.Ledger;
using SdsLedger.Features.Shared;
using SdsLedger.LocalPostgres;

namespace SdsLedger.Cli.Verbs;

/// <summary>sdsledger db backup [--list] and db restore: base backups with the WAL archived, and point-in-time restores that are audited.</summary>
internal static class BackupVerbs
{
    internal static Command Backup()
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
            var context = DbVerbs.Context(parse);
            if (context.Server.IsExternal) return await DbVerbs.NotForExternalAsync(context);
            var cluster = context.Server.Cluster!;
            var folderPath = parse.GetValue(to);
            if (parse.GetValue(list))
            {
                folderPath ??= (await ClusterBackup.StatusAsync(cluster, ct))?.Folder is { } wal ? Path.GetDirectoryName(wal) : null;
                if (folderPath is null) return await DbVerbs.ProblemAsync(context, "--to", "name the backup folder to list; the database is not archiving into one now.");
                return await ListAsync(context, new BackupFolder(folderPath));
            }
            if (string.IsNullOrWhiteSpace(folderPath)) return await DbVerbs.ProblemAsync(context, "--to", "name the folder to back up into, for example --to /var/backups/sdsledger.");

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

    internal static Command Restore()
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
            var context = DbVerbs.Context(parse);
            if (context.Server.IsExternal) return await DbVerbs.NotForExternalAsync(context);
            DateTimeOffset? target = null;
            if (parse.GetValue(to) is { } text)
            {
                if (!TryMoment(text, out var moment))
                    return await DbVerbs.ProblemAsync(context, "--to", $"'{text}' is not a moment; write it like 2026-12-01 14:00 (this machine's local time) or 2026-12-01 14:00+01:00.");
                target = moment;
            }
            var folder = new BackupFolder(parse.GetValue(from)!);
            if (!folder.HoldsBackups)
                return await DbVerbs.ProblemAsync(context, "--from", $"{folder.Path} holds no backups; 'sdsledger db backup --to DIR' makes them.");

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
            // The copy's sealed text opens only with the key of the cluster it came from.
            try
            {
                if (context.Server.Cluster is { } source
                    && KeyEncryptionKey.CopyLocalFile(source.RequestedDataDirectory, restored.DataDirectory) is { } keyFile)
                    await context.Output.WriteLineAsync($"The cluster's key-encryption key is copied beside it, to {keyFile} (owner read and write only); back it up apart from the database's backups.");
            }
            catch (InvalidOperationException e)
            {
                await context.Error.WriteLineAsync($"The copy is restored and running, but its sealed text cannot be read yet: {e.Message}");
                return ExitCodes.Refused;
            }
            var erasuresMade = await ReapplyErasuresAsync(context, restored, ct);
            var audited = await CheckRestoredAsync(context, restored, ct);
            return erasuresMade ? audited : ExitCodes.Refused;
        });
        return restore;
    }

    private static async Task<int> ListAsync(CliContext context, BackupFolder folder)
    {
        if (!folder.HoldsBackups) return await DbVerbs.ProblemAsync(context, "--to", $"{folder.Path} holds no backups.");
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
    /// <summary>
    /// A restore to a moment before some erasures must not bring those people back: the running database's erasures
    /// are made again in the copy. False, said plainly, when that could not be done for a copy of an earlier moment
    /// (the copy must not be used as it is).
    /// </summary>
    private static async Task<bool> ReapplyErasuresAsync(CliContext context, RestoreOutcome restored, CancellationToken ct)
    {
        if (!await HasDatabaseAsync(restored.AdminConnectionString, ct)) return true;
        if (context.Server.Cluster!.Status() is not { State: ClusterRunState.Running, Port: { } port })
        {
            // Restored to the end of the archive, the copy holds every erasure that was archived.
            if (restored.Target is null) return true;
            await context.Error.WriteLineAsync(
                "The database the backup was taken from is not running, so people erased after the restored moment were not erased again in " +
                "the copy. Start it ('sdsledger db start') and restore again, or erase them in the copy ('sdsledger person erase') before using it.");
            return false;
        }
        var running = context.Server.Cluster.ConnectionString(DatabaseServer.DefaultDatabase, port);
        var copy = new NpgsqlConnectionStringBuilder(restored.AdminConnectionString) { Database = DatabaseServer.DefaultDatabase }.ConnectionString;
        await using var runningSource = LedgerDataSource.Create(running);
        await using var copySource = LedgerDataSource.Create(copy);
        try
        {
            var outcome = await ErasuresAfterRestore.ReapplyAsync(runningSource, copySource, ct);
            await context.Output.WriteLineAsync(outcome.Recorded == 0
                ? "Nobody has been erased in the running database, so there was no erasure to make again in the copy."
                : $"Erasures made again in the copy: {outcome.ErasedAgain} of the running database's {outcome.Recorded} (the rest were in it " +
                  "already, or are of people registered after its moment). A restore never brings back someone who was erased.");
            return true;
        }
        catch (PostgresException e)
        {
            await context.Error.WriteLineAsync(
                $"The running database's erasures could not be made again in the copy ({e.MessageText}). Erase those people in the copy " +
                "('sdsledger person erase') before using it.");
            return false;
        }
    }

    private static async Task<int> CheckRestoredAsync(CliContext context, RestoreOutcome restored, CancellationToken ct)
    {
        // The audit reads every posting of a copy whose cache is cold: it may take longer than a command's usual 30 s.
        var cs = new NpgsqlConnectionStringBuilder(restored.AdminConnectionString) { Database = DatabaseServer.DefaultDatabase, CommandTimeout = 0 }.ConnectionString;
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
            await DbVerbs.ProblemAsync(context, "--" + e.Field, e.Message);
            return null;
        }
    }

    internal static string Describe(ArchiveStatus a) =>
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

    internal static string Size(long bytes) => bytes switch
    {
        < 1024 * 1024 => $"{bytes / 1024.0:0.0} kB",
        < 1024L * 1024 * 1024 => $"{bytes / 1024.0 / 1024:0.0} MB",
        _ => $"{bytes / 1024.0 / 1024 / 1024:0.00} GB",
    };

    private static string Seconds(TimeSpan t) => $"{t.TotalSeconds:0.0} s";
}
