using System.Diagnostics;
using System.Text;
using SdsLedger.LocalPostgres;
using SdsLedger.Testing;

namespace SdsLedger.Cli.Tests;

internal sealed record CommandResult(int ExitCode, string Output, string Error)
{
    public string Everything => Output + Error;
}

/// <summary>
/// Runs the sdsledger command in a folder of its own under .sdsledger/ that is deleted afterwards, with none of the
/// SdsLedger settings inherited from the machine running the tests: in process by default (the same entry point as
/// the program's, with its own settings and working directory, so tests run side by side), or as a child process
/// where the process itself is what a test is about (<see cref="AsProcess"/>).
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

    private bool _asProcess;

    public CommandRun With(string variable, string value)
    {
        _environment[variable] = value;
        return this;
    }

    /// <summary>Runs the real program as a child process: for tests of the process itself (its exit code, its start-up).</summary>
    public CommandRun AsProcess()
    {
        _asProcess = true;
        return this;
    }

    public Task<CommandResult> RunAsync(params string[] args) => _asProcess ? RunProcessAsync(args) : RunInProcessAsync(args);

    private async Task<CommandResult> RunInProcessAsync(string[] args)
    {
        var variables = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Where(e => !Settings.Contains((string)e.Key))
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
        foreach (var (variable, value) in _environment) variables[variable] = value;
        var output = new StringWriter();
        var error = new StringWriter();
        using var limit = new CancellationTokenSource(Limit);
        var exit = await SdsLedgerCli.RunAsync(args, output, error, limit.Token, new Surroundings(variables, Folder));
        return new CommandResult(exit, output.ToString(), error.ToString());
    }

    private async Task<CommandResult> RunProcessAsync(string[] args)
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
