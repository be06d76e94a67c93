using System.Diagnostics;
using Dapper;
using Npgsql;
using SdsLedger.LocalPostgres;

namespace SdsLedger.Faults.Tests;

/// <summary>db standby: a second cluster that has every acknowledged spend, because the primary waits for it.</summary>
public sealed class StandbyTests
{
    [Fact]
    public async Task A_spend_is_answered_only_once_the_standby_has_it_and_reads_can_go_to_the_standby()
    {
        await using var scratch = new Scratch(TimeSpan.FromMinutes(4));
        var ct = scratch.Deadline;
        var dataDir = scratch.Folder("pg");
        try
        {
            var (council, primary, standby) = await PairAsync(scratch, dataDir, ct);
            await using var disposeCouncil = council;
            var clients = new SpendClients(Stopwatch.StartNew());
            (await clients.SpendAsync(council, 0, 100, ct)).Acknowledged.Should().BeTrue();
            // A client whose command timeout runs out while its commit waits: Npgsql then cancels, and a cancelled wait for
            // the standby would be answered as a success.
            await using var impatient = SdsLedgerApp.Create(primary + ";Command Timeout=1", Council.Clock);

            // The standby stops taking WAL: its WAL receiver is frozen.
            var receiver = await ScalarAsync<int>(standby, "SELECT pid FROM pg_stat_wal_receiver", ct);
            Signal("STOP", receiver);
            Task<SpendOutcome> waiting;
            try
            {
                waiting = clients.SpendAsync(council, 0, 200, ct, impatient);
                await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromSeconds(4), ct));
                waiting.IsCompleted.Should().BeFalse("the primary must not answer a spend the standby does not have");
            }
            finally
            {
                Signal("CONT", receiver);
            }
            var answered = await waiting.WaitAsync(TimeSpan.FromSeconds(30), ct);
            answered.Acknowledged.Should().BeTrue(answered.Failure);

            // Every acknowledged spend is on the standby, read through the connection string for reports.
            var url = await Sdsledger.RunAsync(scratch.Path, ct, "db", "url", "--read-only", "--data-dir", dataDir);
            url.ExitCode.Should().Be(0, url.Everything);
            var reads = url.Output.Trim();
            (await ScalarAsync<bool>(reads, "SELECT pg_is_in_recovery()", ct)).Should().BeTrue("reads go to the standby while it runs");
            (await LedgerCheck.CheckAsync(reads, clients.Outcomes, ct)).Lost.Should().Be(0);

            var status = await Sdsledger.RunAsync(scratch.Path, ct, "db", "status", "--data-dir", dataDir);
            status.Output.Should().Contain("Standby: running").And.Contain("every commit waits for it").And.Contain("streaming, sync");

            // The pair stops and starts together, so that the primary never waits for a standby nobody started.
            (await Sdsledger.RunAsync(scratch.Path, ct, "db", "stop", "--data-dir", dataDir)).ExitCode.Should().Be(0);
            new LocalCluster(dataDir + "-standby").Status().State.Should().Be(ClusterRunState.Stopped);
            (await Sdsledger.RunAsync(scratch.Path, ct, "db", "start", "--data-dir", dataDir)).ExitCode.Should().Be(0);
            var again = await Sdsledger.RunAsync(scratch.Path, ct, "db", "status", "--data-dir", dataDir);
            again.Output.Should().Contain("Standby: running").And.Contain("streaming, sync");
        }
        finally
        {
            await Scratch.StopClusterAsync(dataDir);
        }
    }

    [Fact]
    public async Task Every_spend_answered_before_the_primary_dies_is_on_the_standby_promoted_in_its_place()
    {
        await using var scratch = new Scratch(TimeSpan.FromMinutes(4));
        var ct = scratch.Deadline;
        var dataDir = scratch.Folder("pg");
        try
        {
            var (council, _, standby) = await PairAsync(scratch, dataDir, ct);
            await using var disposeCouncil = council;
            var clients = new SpendClients(Stopwatch.StartNew());
            using var stop = new CancellationTokenSource();
            var spending = clients.RunAsync(council, stop.Token, ct);
            // Spend for a few seconds, and on a busy machine until some spends have been answered, before the primary dies.
            await Task.Delay(TimeSpan.FromSeconds(3), ct);
            while (clients.Acknowledged.Count() < 20) await Task.Delay(TimeSpan.FromMilliseconds(200), ct);

            Process.GetProcessById(new LocalCluster(dataDir).Status().ProcessId!.Value).Kill();
            await stop.CancelAsync();
            await spending;
            await ScalarAsync<bool>(standby, "SELECT pg_promote(wait => true)", ct);
            var holdings = await LedgerCheck.CheckAsync(standby, clients.Outcomes, ct);

            clients.Acknowledged.Should().NotBeEmpty();
            holdings.Lost.Should().Be(0, "every spend the primary answered was already on the standby");
            holdings.HalfWritten.Should().Be(0);
            holdings.AuditPassed.Should().BeTrue(holdings.AuditProblems);
        }
        finally
        {
            await Scratch.StopClusterAsync(dataDir + "-standby");
            await Scratch.StopClusterAsync(dataDir);
        }
    }

    [Fact]
    public async Task Statements_and_reports_read_from_the_standby_and_their_reads_are_recorded_on_the_primary()
    {
        await using var scratch = new Scratch(TimeSpan.FromMinutes(4));
        var ct = scratch.Deadline;
        var dataDir = scratch.Folder("pg");
        try
        {
            var (council, primary, standby) = await PairAsync(scratch, dataDir, ct);
            await using var disposeCouncil = council;
            var clients = new SpendClients(Stopwatch.StartNew());
            (await clients.SpendAsync(council, 0, 100, ct)).Acknowledged.Should().BeTrue();
            await WaitUntilReplayedAsync(primary, standby, ct);

            // The standby stops applying what it receives (it still writes it to disk, so commits are still answered): a
            // spend answered now is on the primary but not yet in what the standby shows.
            await ScalarAsync<string>(standby, "SELECT pg_wal_replay_pause()::text", ct);
            try
            {
                (await clients.SpendAsync(council, 0, 250, ct)).Acknowledged.Should().BeTrue();
                var primaryReadsBefore = await StatementReadsAsync(primary, ct);

                var statements = await Sdsledger.RunAsync(scratch.Path, ct, "statements", "--period", "2026-11", "--out", scratch.Folder("out"),
                    "--as", "fin-faults", "--data-dir", dataDir);
                statements.ExitCode.Should().Be(0, statements.Everything);
                SpentOf(scratch.Folder("out"), "NF-0001").Should().Be("1.00", "the command line's statements read from the standby, which has only the first spend");

                // A server SdsLedger does not run itself, named by several hosts in SDSLEDGER_DB: the same.
                var external = await Sdsledger.RunWithAsync(scratch.Path, StandbyPair.BothClusters(primary, PortOf(standby), "read-write"), ct,
                    "statements", "--period", "2026-11", "--out", scratch.Folder("out-external"), "--as", "fin-faults");
                external.ExitCode.Should().Be(0, external.Everything);
                SpentOf(scratch.Folder("out-external"), "NF-0001").Should().Be("1.00", "SDSLEDGER_DB's hosts are read with prefer-standby");

                await using var reading = SdsLedgerApp.Create(primary, Council.Clock, StandbyPair.BothClusters(primary, PortOf(standby), "prefer-standby"));
                await using var primaryOnly = SdsLedgerApp.Create(primary, Council.Clock);
                var finance = await FinanceAsync(primary, ct);
                (await PurchasesAsync(reading, finance, ct)).Should().Be(1, "a report or statement reads from the standby");
                (await PurchasesAsync(primaryOnly, finance, ct)).Should().Be(2);

                // Each statement read was recorded, on the primary (a standby takes no writes), before it was answered.
                (await StatementReadsAsync(primary, ct)).Should().Be(primaryReadsBefore + 4 + 4 + 2,
                    "four statements in each run of the command line and two in process, each audited on the primary");
            }
            finally
            {
                await ScalarAsync<string>(standby, "SELECT pg_wal_replay_resume()::text", ct);
            }
            await WaitUntilReplayedAsync(primary, standby, ct);
            await using var again = SdsLedgerApp.Create(primary, Council.Clock, StandbyPair.BothClusters(primary, PortOf(standby), "prefer-standby"));
            (await PurchasesAsync(again, await FinanceAsync(primary, ct), ct)).Should().Be(2, "once replayed, the standby has both spends");
        }
        finally
        {
            await Scratch.StopClusterAsync(dataDir);
        }
    }

    private static async Task<Domain.Actor> FinanceAsync(string primary, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(primary);
        await conn.OpenAsync(ct);
        var (actor, problem) = await Features.Shared.ActorDirectory.FindAsync(conn, "fin-faults", ct);
        actor.Should().NotBeNull(problem);
        return actor!;
    }

    /// <summary>How many purchases person NF-0001's November statement lists, read through <paramref name="app"/>.</summary>
    private static async Task<int> PurchasesAsync(SdsLedgerApp app, Domain.Actor finance, CancellationToken ct)
    {
        var due = await app.SendAsync(new Features.Statements.StatementRun.Query(finance, new NodaTime.LocalDate(2026, 11, 1), new NodaTime.LocalDate(2026, 11, 30)), ct);
        due.Succeeded.Should().BeTrue(due.ToString());
        var budget = due.Value!.Single(d => d.PersonReference == "NF-0001").BudgetId;
        var statement = await app.SendAsync(new Features.Statements.PersonStatement.Query(finance, budget, new NodaTime.LocalDate(2026, 11, 1),
            new NodaTime.LocalDate(2026, 11, 30)), ct);
        statement.Succeeded.Should().BeTrue(statement.ToString());
        return statement.Value!.Parts.Sum(p => p.Purchases.Count);
    }

    private static Task<long> StatementReadsAsync(string primary, CancellationToken ct) =>
        ScalarAsync<long>(primary, "SELECT count(*) FROM sds.audit_log WHERE action = 'PersonStatement'", ct);

    /// <summary>The spent column of a person's line in the statement run's index.csv.</summary>
    private static string SpentOf(string folder, string reference)
    {
        var lines = File.ReadAllLines(Path.Combine(folder, "index.csv"));
        var header = lines[0].Split(',');
        var row = lines.Skip(1).Select(l => l.Split(',')).Single(r => r[0] == reference);
        return row[Array.IndexOf(header, "spent")];
    }

    private static int PortOf(string cs) => new NpgsqlConnectionStringBuilder(cs).Port;

    private static async Task WaitUntilReplayedAsync(string primary, string standby, CancellationToken ct)
    {
        var target = await ScalarAsync<string>(primary, "SELECT pg_current_wal_lsn()::text", ct);
        while (!await ScalarAsync<bool>(standby, $"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn", ct))
            await Task.Delay(100, ct);
    }

    /// <summary>A migrated cluster with a council on it and a synchronous standby; returns the council and both clusters' connection strings.</summary>
    private static async Task<(Council Council, string Primary, string Standby)> PairAsync(Scratch scratch, string dataDir, CancellationToken ct)
    {
        // Only demo and db start make a database; migrate then brings it up to date.
        (await Sdsledger.RunAsync(scratch.Path, ct, "db", "start", "--data-dir", dataDir)).ExitCode.Should().Be(0);
        var migrate = await Sdsledger.RunAsync(scratch.Path, ct, "db", "migrate", "--data-dir", dataDir);
        migrate.ExitCode.Should().Be(0, migrate.Everything);
        var cs = await DatabaseServer.ForCluster(new LocalCluster(dataDir)).ApplicationConnectionStringAsync(ct);
        var council = await Council.SetUpAsync(cs, 4, ct);
        var start = await Sdsledger.RunAsync(scratch.Path, ct, "db", "standby", "start", "--data-dir", dataDir);
        start.ExitCode.Should().Be(0, start.Everything);
        var standby = await new LocalCluster(dataDir + "-standby").StartAsync("sdsledger", ct);
        return (council, cs, standby);
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        kill.ExitCode.Should().Be(0, $"kill -{signal} {pid}");
    }

    private static async Task<T> ScalarAsync<T>(string cs, string sql, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync(ct);
        return (await conn.ExecuteScalarAsync<T>(new CommandDefinition(sql, cancellationToken: ct)))!;
    }
}
