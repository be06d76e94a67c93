using System.Diagnostics;
using System.Text;
using SdsLedger.Testing;

namespace SdsLedger.Cli.Tests;

internal sealed record CommandResult(int ExitCode, string Output, string Error)
{
    public string Everything => Output + Error;
}

/// <summary>
/// Runs the real sdsledger command as a child process, in a folder of its own under .sdsledger/ that is
/// deleted afterwards, with none of the SdsLedger settings inherited from the machine running the tests.
/// </summary>
internal sealed class CommandRun : IDisposable
{
    private static readonly string[] Settings = ["SDSLEDGER_DB", "SDSLEDGER_DATA", "SDSLEDGER_PG_BIN"];
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    private readonly Dictionary<string, string> _environment = [];

    public CommandRun()
    {
        Folder = Path.Combine(RepositoryRoot.Path, ".sdsledger", "cli-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Folder);
    }

    /// <summary>The working directory of the command, so its default data directory is in here too.</summary>
    public string Folder { get; }

    public CommandRun With(string variable, string value)
    {
        _environment[variable] = value;
        return this;
    }

    public async Task<CommandResult> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Folder,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sdsledger.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var setting in Settings) info.Environment.Remove(setting);
        foreach (var (variable, value) in _environment) info.Environment[variable] = value;

        using var process = new Process { StartInfo = info };
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (error) error.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"sdsledger {string.Join(' ', args)} did not finish within {Limit}.");
        }
        return new CommandResult(process.ExitCode, Read(output), Read(error));
    }

    private static string Read(StringBuilder text)
    {
        lock (text) return text.ToString();
    }

    public void Dispose()
    {
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
