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
