using System.Diagnostics;
using System.Globalization;
using Dapper;
using Npgsql;
using SdsLedger.Ledger;
using SdsLedger.LocalPostgres;

namespace SdsLedger.Faults.Tests;

/// <summary>db backup and db restore, through the command line, on a cluster of the test's own.</summary>
public sealed class BackupRestoreTests
{
    private const int SpendsBefore = 500;
    private const int SpendsAfter = 500;

    [Fact]
    public async Task A_restore_to_a_moment_between_spends_holds_exactly_the_spends_before_it_and_passes_the_audit()
    {
        await using var scratch = new Scratch(TimeSpan.FromMinutes(5));
        var ct = scratch.Deadline;
        var (dataDir, backups, restoredDir) = (scratch.Folder("pg"), scratch.Folder("backups"), scratch.Folder("restored"));
        try
        {
            // Only demo and db start make a database; migrate then brings it up to date.
            (await Sdsledger.RunAsync(scratch.Path, ct, "db", "start", "--data-dir", dataDir)).ExitCode.Should().Be(0);
            var migrate = await Sdsledger.RunAsync(scratch.Path, ct, "db", "migrate", "--data-dir", dataDir);
            migrate.ExitCode.Should().Be(0, migrate.Everything);
            var cs = await DatabaseServer.ForCluster(new LocalCluster(dataDir)).ApplicationConnectionStringAsync(ct);
            // The cluster keeps its key-encryption key in the file beside it (the one this test run's own writes use).
            var key = Environment.GetEnvironmentVariable(Features.Shared.KeyEncryptionKey.Variable)!;
            await File.WriteAllTextAsync(dataDir + ".kek", key, ct);
            await using var council = await Council.SetUpAsync(cs, 1, ct);

            var backup = await Sdsledger.RunAsync(scratch.Path, ct, "db", "backup", "--to", backups, "--data-dir", dataDir);
            backup.ExitCode.Should().Be(0, backup.Everything);
            backup.Output.Should().Contain("Base backup");
            (await Sdsledger.RunAsync(scratch.Path, ct, "db", "status", "--data-dir", dataDir)).Output
                .Should().Contain($"WAL is archived into {Path.Combine(backups, "wal")}");

            // Someone registered before the moment and erased after it: the restore must not bring her back.
            var erased = await council.PersonWithoutBudgetAsync("NF-ERASE", "Morven Quillfeather", ct);
            var clients = new SpendClients(Stopwatch.StartNew());
            for (var i = 0; i < SpendsBefore; i++) (await clients.SpendAsync(council, 0, 1 + i % 97, ct)).Should().Match<SpendOutcome>(o => o.Acknowledged);
            var before = clients.Outcomes.Select(o => o.Key).ToList();
            // A whole second after the last spend before it and before the first after it: --to is given to the second.
            await Task.Delay(1_100, ct);
            var middle = DateTimeOffset.Now;
            middle = middle.AddTicks(-(middle.Ticks % TimeSpan.TicksPerSecond));
            var trialAtMiddle = await TrialBalanceAsync(cs, ct);
            while (DateTimeOffset.Now < middle.AddSeconds(1.1)) await Task.Delay(100, ct);
            for (var i = 0; i < SpendsAfter; i++) (await clients.SpendAsync(council, 0, 1 + i % 89, ct)).Should().Match<SpendOutcome>(o => o.Acknowledged);
            await council.EraseAsync(erased, "She asked for her record to be erased", ct);

            var list = await Sdsledger.RunAsync(scratch.Path, ct, "db", "backup", "--list", "--data-dir", dataDir);
            list.ExitCode.Should().Be(0, list.Everything);
            list.Output.Should().Contain("A restore can reach any moment from");

            var restore = await Sdsledger.RunAsync(scratch.Path, ct, "db", "restore", "--from", backups, "--into", restoredDir,
                "--to", middle.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), "--data-dir", dataDir);

            restore.ExitCode.Should().Be(0, restore.Everything);
            restore.Output.Should().Contain("The ledger passes every check").And.Contain("Trial balance of the restored ledger");
            var restored = await DatabaseServer.ForCluster(new LocalCluster(restoredDir)).ApplicationConnectionStringAsync(ct);
            (await SpendKeysAsync(restored, ct)).Should().BeEquivalentTo(before, "the restore holds exactly the spends before the moment");
            (await TrialBalanceAsync(restored, ct)).Should().Equal(trialAtMiddle);
            (await SpendKeysAsync(cs, ct)).Should().HaveCount(SpendsBefore + SpendsAfter, "the restore leaves the running cluster alone");
            await using (var copy = new NpgsqlConnection(restored))
            {
                (await copy.ExecuteScalarAsync<string>("SELECT name FROM sds.people WHERE id = @erased", new { erased }))
                    .Should().Be("A person whose record has been erased", "a restore to a moment before an erasure does not bring the person back");
                (await copy.ExecuteScalarAsync<long>("SELECT count(*) FROM sds.people WHERE name ILIKE '%Quillfeather%'")).Should().Be(0);
                (await copy.ExecuteScalarAsync<string>("SELECT reason FROM sds.erasures WHERE person_id = @erased", new { erased }))
                    .Should().Be("She asked for her record to be erased");
            }
            restore.Output.Should().Contain("Erasures made again in the copy: 1 of the running database's 1");

            // The copy has the cluster's key beside it, so its sealed ledger text opens through it alone.
            (await File.ReadAllTextAsync(restoredDir + ".kek", ct)).Trim().Should().Be(key);
            if (!OperatingSystem.IsWindows()) File.GetUnixFileMode(restoredDir + ".kek").Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            restore.Output.Should().Contain($"key-encryption key is copied beside it, to {restoredDir}.kek");
            var sar = scratch.Folder("sar");
            var export = await Sdsledger.RunWithLocalKeyAsync(scratch.Path, ct, "person", "export", "--ref", "NF-0001", "--out", sar, "--as", "sw-one",
                "--data-dir", restoredDir);
            export.ExitCode.Should().Be(0, export.Everything);
            (await File.ReadAllTextAsync(Path.Combine(sar, "NF-0001-subject-access.json"), ct)).Should().Contain("Swimming session (Kirkton Leisure");
        }
        finally
        {
            await Scratch.StopClusterAsync(restoredDir);
            await Scratch.StopClusterAsync(dataDir);
        }
    }

    [Fact]
    public async Task Backups_and_restores_asked_for_wrongly_are_refused_naming_the_option_and_write_nothing()
    {
        await using var scratch = new Scratch(TimeSpan.FromMinutes(3));
        var ct = scratch.Deadline;
        var (dataDir, backups) = (scratch.Folder("pg"), scratch.Folder("backups"));
        try
        {
            (await Sdsledger.RunAsync(scratch.Path, ct, "db", "start", "--data-dir", dataDir)).ExitCode.Should().Be(0);
            (await Sdsledger.RunAsync(scratch.Path, ct, "db", "migrate", "--data-dir", dataDir)).ExitCode.Should().Be(0);
            (await Sdsledger.RunAsync(scratch.Path, ct, "db", "backup", "--to", backups, "--data-dir", dataDir)).ExitCode.Should().Be(0);
            var running = new LocalCluster(dataDir).Status();
            var aFile = scratch.Folder("notes.txt");
            await File.WriteAllTextAsync(aFile, "not a backup folder", ct);
            var intoAFile = await Sdsledger.RunAsync(scratch.Path, ct, "db", "backup", "--to", aFile, "--data-dir", dataDir);
            var noFolder = await Sdsledger.RunAsync(scratch.Path, ct, "db", "backup", "--data-dir", dataDir);

            var overRunning = await Sdsledger.RunAsync(scratch.Path, ct, "db", "restore", "--from", backups, "--into", dataDir, "--data-dir", dataDir);
            var badMoment = await Sdsledger.RunAsync(scratch.Path, ct, "db", "restore", "--from", backups, "--into", scratch.Folder("r"), "--to", "last Tuesday");
            var beforeBackup = await Sdsledger.RunAsync(scratch.Path, ct, "db", "restore", "--from", backups, "--into", scratch.Folder("r"), "--to", "2020-01-01 09:00");
            var future = await Sdsledger.RunAsync(scratch.Path, ct, "db", "restore", "--from", backups, "--into", scratch.Folder("r"), "--to", "2099-01-01 09:00Z");

            intoAFile.ExitCode.Should().Be(1);
            intoAFile.Error.Should().Contain("--to").And.Contain("is a file").And.NotContain("   at ");
            noFolder.ExitCode.Should().Be(1);
            noFolder.Error.Should().Contain("--to");
            overRunning.ExitCode.Should().Be(1);
            overRunning.Error.Should().Contain("--into").And.Contain("is not empty").And.NotContain("   at ");
            badMoment.ExitCode.Should().Be(1);
            badMoment.Error.Should().Contain("--to").And.Contain("2026-12-01 14:00");
            beforeBackup.ExitCode.Should().Be(1);
            beforeBackup.Error.Should().Contain("--to").And.Contain("oldest base backup");
            future.ExitCode.Should().Be(1);
            future.Error.Should().Contain("--to").And.Contain("in the future");
            Directory.Exists(scratch.Folder("r")).Should().BeFalse("a refused restore writes nothing");
            new LocalCluster(dataDir).Status().ProcessId.Should().Be(running.ProcessId, "the running cluster is left alone");
        }
        finally
        {
            await Scratch.StopClusterAsync(dataDir);
        }
    }

    [Fact]
    public async Task Of_two_restores_into_one_folder_at_once_one_restores_and_the_other_is_refused_naming_the_folder()
    {
        await using var scratch = new Scratch(TimeSpan.FromMinutes(4));
        var ct = scratch.Deadline;
        var (dataDir, backups, into) = (scratch.Folder("pg"), scratch.Folder("backups"), scratch.Folder("restored"));
        try
        {
            (await Sdsledger.RunAsync(scratch.Path, ct, "db", "start", "--data-dir", dataDir)).ExitCode.Should().Be(0);
            (await Sdsledger.RunAsync(scratch.Path, ct, "db", "migrate", "--data-dir", dataDir)).ExitCode.Should().Be(0);
            (await Sdsledger.RunAsync(scratch.Path, ct, "db", "backup", "--to", backups, "--data-dir", dataDir)).ExitCode.Should().Be(0);

            var both = await Task.WhenAll(
                Sdsledger.RunAsync(scratch.Path, ct, "db", "restore", "--from", backups, "--into", into, "--data-dir", dataDir),
                Sdsledger.RunAsync(scratch.Path, ct, "db", "restore", "--from", backups, "--into", into, "--data-dir", dataDir));

            both.Select(r => r.ExitCode).Should().BeEquivalentTo([0, 1], string.Join("\n", both.Select(r => r.Everything)));
            var refused = both.Single(r => r.ExitCode == 1);
            refused.Error.Should().Contain("--into").And.Contain(into).And.NotContain("   at ");
            both.Single(r => r.ExitCode == 0).Output.Should().Contain("Restored from");
            new LocalCluster(into).Status().State.Should().Be(ClusterRunState.Running);
        }
        finally
        {
            await Scratch.StopClusterAsync(into);
            await Scratch.StopClusterAsync(dataDir);
        }
    }

    private static async Task<List<string>> SpendKeysAsync(string cs, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(cs);
        return (await conn.QueryAsync<string>(new CommandDefinition(
            "SELECT substr(idempotency_key, 7) FROM ledger.entries WHERE kind = 'spend'", cancellationToken: ct))).ToList();
    }

    private static async Task<List<TrialBalanceLine>> TrialBalanceAsync(string cs, CancellationToken ct)
    {
        await using var dataSource = LedgerDataSource.Create(cs);
        return [.. (await new LedgerQueries(dataSource).TrialBalanceAsync(ct)).Lines];
    }
}
