using System.Diagnostics;
using Npgsql;
using SdsLedger.LocalPostgres;
using Xunit.Abstractions;

namespace SdsLedger.Faults.Tests;

/// <summary>The data directory on a small tmpfs that fills up under the WAL while spends are being recorded.</summary>
public sealed class FullDiskTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_full_disk_gives_a_clear_error_loses_nothing_answered_and_the_cluster_recovers_once_space_is_freed()
    {
        await using var scratch = new Scratch(TimeSpan.FromMinutes(5));
        var ct = scratch.Deadline;
        var disk = scratch.Folder("disk");
        Directory.CreateDirectory(disk);
        var mount = Run("mount", "-t", "tmpfs", "-o", "size=160m,mode=0755", "sdsledger-full-disk-test", disk);
        mount.ExitCode.Should().Be(0,
            $"this test puts the data directory on a small tmpfs, which needs root (CI runs as root); 'mount -t tmpfs' said: {mount.Output}");
        var dataDir = Path.Combine(disk, "pg");
        var ballast = Path.Combine(disk, "ballast");
        try
        {
            // Only demo and db start make a database; migrate then brings it up to date.
            (await Sdsledger.RunAsync(scratch.Path, ct, "db", "start", "--data-dir", dataDir)).ExitCode.Should().Be(0);
            var migrate = await Sdsledger.RunAsync(scratch.Path, ct, "db", "migrate", "--data-dir", dataDir);
            migrate.ExitCode.Should().Be(0, migrate.Everything);
            var cs = await DatabaseServer.ForCluster(new LocalCluster(dataDir)).ApplicationConnectionStringAsync(ct);
            await using var council = await Council.SetUpAsync(cs, 2, ct);
            var clients = new SpendClients(Stopwatch.StartNew());
            for (var i = 0; i < 20; i++) (await clients.SpendAsync(council, 0, 50, ct)).Acknowledged.Should().BeTrue();

            // Leave a megabyte: spends still fit, the next WAL file (16 MB) does not.
            Fill(ballast);
            using (var file = new FileStream(ballast, FileMode.Open)) file.SetLength(Math.Max(0, file.Length - 1024 * 1024));
            using (var stop = new CancellationTokenSource())
            {
                var spending = clients.RunAsync(council, stop.Token, ct);
                await SwitchWalUntilTheServerFailsAsync(cs, ct);
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                await stop.CancelAsync();
                await spending;
            }
            clients.Outcomes.Should().Contain(o => o.Failure != null, "spends fail once the disk is full");
            Fill(ballast);

            var refused = await Sdsledger.RunAsync(scratch.Path, ct, "spend", "--budget", "NF-0001", "--part-no", "1", "--amount", "1.00",
                "--category", "leisure", "--payee", "Kirkton Leisure", "--description", "Swimming", "--date", "2026-11-02",
                "--as", "person:NF-0001", "--data-dir", dataDir);
            output.WriteLine(refused.Everything);
            refused.ExitCode.Should().Be(3);
            refused.Error.Should().Contain("is full").And.Contain(disk).And.Contain("Free space");
            refused.Everything.Should().NotContain("   at ", "no stack trace");

            File.Delete(ballast);
            var start = await Sdsledger.RunAsync(scratch.Path, ct, "db", "start", "--data-dir", dataDir);
            start.ExitCode.Should().Be(0, start.Everything);
            var audit = await Sdsledger.RunAsync(scratch.Path, ct, "audit", "--data-dir", dataDir);
            audit.ExitCode.Should().Be(0, audit.Everything);
            var holdings = await LedgerCheck.CheckAsync(cs, clients.Outcomes, ct);
            output.WriteLine($"{clients.Outcomes.Count} spends sent; {holdings}");
            holdings.Lost.Should().Be(0, "a spend the database answered survives the full disk");
            holdings.HalfWritten.Should().Be(0);
            holdings.AuditPassed.Should().BeTrue(holdings.AuditProblems);

            var again = await Sdsledger.RunAsync(scratch.Path, ct, "spend", "--budget", "NF-0001", "--part-no", "1", "--amount", "1.00",
                "--category", "leisure", "--payee", "Kirkton Leisure", "--description", "Swimming", "--date", "2026-11-02",
                "--as", "person:NF-0001", "--data-dir", dataDir);
            again.ExitCode.Should().Be(0, again.Everything);
        }
        finally
        {
            await Scratch.StopClusterAsync(dataDir);
            scratch.EndProcessesStartedHere();
            var unmount = Run("umount", disk);
            if (unmount.ExitCode != 0) Run("umount", "--lazy", disk);
        }
    }

    /// <summary>Forces a new WAL file every 200 ms (spends write WAL in between) until the server stops answering.</summary>
    private static async Task SwitchWalUntilTheServerFailsAsync(string cs, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                await using var conn = new NpgsqlConnection(cs + ";Pooling=false;Timeout=3");
                await conn.OpenAsync(ct);
                await using var cmd = new NpgsqlCommand("SELECT pg_switch_wal()", conn);
                await cmd.ExecuteNonQueryAsync(ct);
            }
            catch (NpgsqlException)
            {
                return;
            }
            await Task.Delay(200, ct);
        }
        throw new InvalidOperationException("The server kept answering although its disk was full.");
    }

    private static void Fill(string path)
    {
        var chunk = new byte[1024 * 1024];
        using var file = new FileStream(path, FileMode.Append);
        try
        {
            while (true) file.Write(chunk);
        }
        catch (IOException)
        {
            // No space left on device: the disk is full.
        }
    }

    private static (int ExitCode, string Output) Run(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
        var text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, text.Trim());
    }
}
