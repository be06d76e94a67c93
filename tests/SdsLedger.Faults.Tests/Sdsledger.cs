using System.Diagnostics;
using System.Text;

namespace SdsLedger.Faults.Tests;

internal sealed record CommandResult(int ExitCode, string Output, string Error)
{
    public string Everything => Output + Error;
}

/// <summary>Runs the real sdsledger command as a child process, with none of the SdsLedger settings of the machine running the tests.</summary>
internal static class Sdsledger
{
    private static readonly string[] Settings = ["SDSLEDGER_DB", "SDSLEDGER_DATA", "SDSLEDGER_PG_BIN"];

    public static Task<CommandResult> RunAsync(string workingDirectory, CancellationToken ct, params string[] args) =>
        RunWithAsync(workingDirectory, null, ct, args);

    /// <summary>
    /// The same without the key-encryption key this test run configures: the command uses the key file beside the cluster
    /// it is given, as an installation that keeps its key locally does.
    /// </summary>
    public static Task<CommandResult> RunWithLocalKeyAsync(string workingDirectory, CancellationToken ct, params string[] args) =>
        RunWithAsync(workingDirectory, null, ct, args, localKey: true);

    /// <summary>The same with SDSLEDGER_DB set to <paramref name="database"/> (a server SdsLedger does not run itself).</summary>
    public static Task<CommandResult> RunWithAsync(string workingDirectory, string? database, CancellationToken ct, params string[] args) =>
        RunWithAsync(workingDirectory, database, ct, args, localKey: false);

    private static async Task<CommandResult> RunWithAsync(string workingDirectory, string? database, CancellationToken ct, string[] args, bool localKey)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sdsledger.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var setting in Settings) info.Environment.Remove(setting);
        if (database is not null) info.Environment["SDSLEDGER_DB"] = database;
        if (localKey) info.Environment.Remove(Features.Shared.KeyEncryptionKey.Variable);

        using var process = new Process { StartInfo = info };
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (error) error.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"sdsledger {string.Join(' ', args)} was still running when the test ran out of time.");
        }
        lock (output) lock (error) return new CommandResult(process.ExitCode, output.ToString(), error.ToString());
    }
}
