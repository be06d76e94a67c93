using System.Diagnostics;

namespace SdsLedger.Faults.Tests;

/// <summary>
/// A folder of a test's own under the temporary directory (which the database account can reach when the tests run as
/// root), with a deadline for the whole test. Disposing it ends every process still running from it (found by the
/// folder's unique name on its command line: only processes this test started) and deletes it.
/// </summary>
internal sealed class Scratch : IAsyncDisposable
{
    private readonly CancellationTokenSource _deadline;

    public Scratch(TimeSpan limit)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"sdsledger-faults-{Guid.NewGuid():N}"[..28]);
        Directory.CreateDirectory(Path);
        _deadline = new CancellationTokenSource(limit);
    }

    public string Path { get; }

    /// <summary>Cancelled when the test has run out of time.</summary>
    public CancellationToken Deadline => _deadline.Token;

    public string Folder(string name) => System.IO.Path.Combine(Path, name);

    public async ValueTask DisposeAsync()
    {
        EndProcessesStartedHere();
        await Task.Delay(200);
        EndProcessesStartedHere();
        for (var attempt = 1; attempt <= 5 && Directory.Exists(Path); attempt++)
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException) when (attempt < 5)
            {
                await Task.Delay(200 * attempt);
            }
        }
        _deadline.Dispose();
    }

    /// <summary>Stops a cluster the test started, if it runs; a cluster that cannot stop is killed with the folder's other processes.</summary>
    public static async Task StopClusterAsync(string dataDirectory)
    {
        try
        {
            await new SdsLedger.LocalPostgres.LocalCluster(dataDirectory).StopAsync(CancellationToken.None);
        }
        catch (SdsLedger.LocalPostgres.LocalClusterException)
        {
            // Disposing the scratch folder ends whatever is left.
        }
    }

    /// <summary>SIGKILLs, by process id, each process whose command line names this test's folder.</summary>
    public void EndProcessesStartedHere()
    {
        foreach (var pid in ProcessesNaming(Path))
        {
            try
            {
                Process.GetProcessById(pid).Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }
    }

    public static IReadOnlyList<int> ProcessesNaming(string text)
    {
        var found = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(System.IO.Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                var commandLine = File.ReadAllText(System.IO.Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(text, StringComparison.Ordinal)) found.Add(pid);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return found;
    }
}
