namespace SdsLedger.Bench;

/// <summary>The ledger benchmark's settings: each side's measured seconds are split into that many alternating rounds.</summary>
internal sealed record BenchOptions(int Clients, int Seconds, int Rounds, int GrownPostings, string? DataDirectory);

/// <summary>What the benchmark is doing, on standard error, so that standard output holds only the result.</summary>
internal sealed class RunLog
{
    private readonly DateTime _started = DateTime.UtcNow;

    public void Report(string message) =>
        Console.Error.WriteLine($"[{(DateTime.UtcNow - _started).TotalSeconds,6:F1}s] {message}");
}
