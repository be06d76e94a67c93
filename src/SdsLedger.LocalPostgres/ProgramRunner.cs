using System.Diagnostics;
using System.Text;

namespace SdsLedger.LocalPostgres;

internal sealed record ProgramResult(int ExitCode, string Output);

internal static class ProgramRunner
{
    public static async Task<ProgramResult> RunAsync(string program, IReadOnlyList<string> args, CancellationToken ct,
                                                     IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        // The server inherits nothing that would change its language or locale.
        info.Environment["LC_ALL"] = "C";
        info.Environment["LANG"] = "C";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;

        using var process = new Process { StartInfo = info };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
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
            throw;
        }
        lock (output) return new ProgramResult(process.ExitCode, output.ToString());
    }

    public static ProgramResult Run(string program, params string[] args) =>
        RunAsync(program, args, CancellationToken.None).GetAwaiter().GetResult();
}
