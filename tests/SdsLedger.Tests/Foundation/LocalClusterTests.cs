using System.Diagnostics;
using Npgsql;
using SdsLedger.LocalPostgres;
using SdsLedger.Testing;

namespace SdsLedger.Tests.Foundation;

/// <summary>Each test runs its own throwaway cluster so that stopping or killing it never disturbs the shared one.</summary>
public sealed class LocalClusterTests : IAsyncLifetime
{
    private readonly LocalCluster _cluster = new(Path.Combine(RepositoryRoot.Path, ".sdsledger", "test-clusters", Guid.NewGuid().ToString("N")[..12]));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _cluster.StopAsync();
        foreach (var dir in new[] { _cluster.DataDirectory, _cluster.RequestedDataDirectory }.Distinct())
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task Starts_a_new_cluster_that_accepts_connections_with_a_password()
    {
        var cs = await _cluster.StartAsync();

        (await ServerVersion(cs)).Should().StartWith("15");
        new NpgsqlConnectionStringBuilder(cs).Password.Should().NotBeNullOrEmpty();
        _cluster.Status().State.Should().Be(ClusterRunState.Running);
    }

    [Fact]
    public async Task A_second_start_reuses_the_running_server()
    {
        await _cluster.StartAsync();
        var first = _cluster.Status();

        await _cluster.StartAsync();
        var second = _cluster.Status();

        second.ProcessId.Should().Be(first.ProcessId);
        second.Port.Should().Be(first.Port);
    }

    [Fact]
    public async Task Start_stop_start_keeps_the_data()
    {
        var cs = await _cluster.StartAsync();
        await Execute(cs, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)");

        (await _cluster.StopAsync()).Should().BeTrue();
        _cluster.Status().State.Should().Be(ClusterRunState.Stopped);
        (await _cluster.StopAsync()).Should().BeFalse("stopping a stopped cluster is not an error");

        var again = await _cluster.StartAsync();
        (await Scalar(again, "SELECT n FROM kept")).Should().Be(42);
    }

    [Fact]
    public async Task A_server_killed_with_SIGKILL_starts_again_next_time()
    {
        var cs = await _cluster.StartAsync();
        await Execute(cs, "CREATE TABLE survived (n int); INSERT INTO survived VALUES (7)");
        var pid = _cluster.Status().ProcessId!.Value;

        Process.GetProcessById(pid).Kill();
        await WaitUntilGone(pid);
        File.Exists(Path.Combine(_cluster.DataDirectory, "postmaster.pid")).Should().BeTrue("a crash leaves the lock file behind");

        var again = await _cluster.StartAsync();

        (await Scalar(again, "SELECT n FROM survived")).Should().Be(7);
        _cluster.Status().ProcessId.Should().NotBe(pid);
    }

    [Fact]
    public async Task A_stale_lock_file_naming_an_unrelated_process_does_not_block_start()
    {
        await _cluster.StartAsync();
        await _cluster.StopAsync();
        // After a reboot the old process id may belong to anything; here it is this test process.
        var lines = new[] { Environment.ProcessId.ToString(), _cluster.DataDirectory, "0", "5432", "", "127.0.0.1", "0 0", "ready   " };
        await File.WriteAllLinesAsync(Path.Combine(_cluster.DataDirectory, "postmaster.pid"), lines);

        _cluster.Status().State.Should().Be(ClusterRunState.Stopped);
        var cs = await _cluster.StartAsync();

        (await ServerVersion(cs)).Should().StartWith("15");
    }

    private static async Task WaitUntilGone(int pid)
    {
        for (var i = 0; i < 100 && Directory.Exists($"/proc/{pid}"); i++) await Task.Delay(50);
    }

    private static async Task<string> ServerVersion(string cs)
    {
        await using var conn = new NpgsqlConnection(cs + ";Pooling=false");
        await conn.OpenAsync();
        return conn.PostgreSqlVersion.ToString();
    }

    private static async Task Execute(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs + ";Pooling=false");
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<int> Scalar(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs + ";Pooling=false");
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt32(await cmd.ExecuteScalarAsync());
    }
}
