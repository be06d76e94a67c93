using System.Diagnostics;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Ledger;

namespace SdsLedger.Bench;

/// <summary>A budget part's two accounts: the money held, and what has been spent from it.</summary>
internal sealed record AccountPair(AccountId Held, AccountId Spent);

/// <summary>How a run of concurrent spends went. Latencies are of each Ledger.PostAsync call, in Stopwatch ticks, sorted.</summary>
internal sealed record SpendRun(long Posted, long Duplicates, double Seconds, long[] SortedLatencies)
{
    public double PerSecond => (Posted + Duplicates) / Seconds;

    /// <summary>Several runs as one: their spends over their seconds, their latencies pooled.</summary>
    public static SpendRun Combine(IReadOnlyList<SpendRun> runs)
    {
        var latencies = runs.SelectMany(r => r.SortedLatencies).ToArray();
        Array.Sort(latencies);
        return new SpendRun(runs.Sum(r => r.Posted), runs.Sum(r => r.Duplicates), runs.Sum(r => r.Seconds), latencies);
    }

    /// <summary>Nearest-rank percentile in milliseconds.</summary>
    public double PercentileMs(double fraction)
    {
        if (SortedLatencies.Length == 0) return double.NaN;
        var rank = Math.Max(1, (int)Math.Ceiling(fraction * SortedLatencies.Length));
        return SortedLatencies[rank - 1] * 1000.0 / Stopwatch.Frequency;
    }
}

/// <summary>
/// Concurrent clients, each in its own loop posting one two-posting spend at a time through Ledger.PostAsync
/// with a fresh idempotency key, from a budget part picked at random so clients seldom wait on the same rows.
/// </summary>
internal sealed class SpendLoad(LedgerWriter ledger, IReadOnlyList<AccountPair> pairs, int clients)
{
    public static readonly LocalDate Day = new(2026, 4, 1);

    public static PostingRequest Spend(AccountPair pair, Random random) =>
        Spend(pair, Money.FromPence(random.Next(1, 1_001)), $"spend-{Guid.NewGuid():N}");

    public static PostingRequest Spend(AccountPair pair, Money amount, string key) =>
        new(EntryKind.Spend, Day, "bench", "Bench spend", key, [new Posting(pair.Held, -amount), new Posting(pair.Spent, amount)]);

    /// <summary>Every client spends until the duration has passed.</summary>
    public Task<SpendRun> RunForAsync(TimeSpan duration, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        return RunAsync(() => Stopwatch.GetTimestamp() < deadline, ct);
    }

    /// <summary>The clients share out a number of spends between them.</summary>
    public Task<SpendRun> RunCountAsync(int spends, CancellationToken ct)
    {
        var left = (long)spends;
        return RunAsync(() => Interlocked.Decrement(ref left) >= 0, ct);
    }

    private async Task<SpendRun> RunAsync(Func<bool> more, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var loops = Enumerable.Range(0, clients).Select(c => Task.Run(() => ClientAsync(c, more, ct), ct)).ToArray();
        var outcomes = await Task.WhenAll(loops);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var latencies = outcomes.SelectMany(o => o.Latencies).ToArray();
        Array.Sort(latencies);
        return new SpendRun(outcomes.Sum(o => o.Posted), outcomes.Sum(o => o.Duplicates), seconds, latencies);
    }

    private async Task<ClientOutcome> ClientAsync(int client, Func<bool> more, CancellationToken ct)
    {
        var random = new Random(HashCode.Combine(client, Environment.TickCount64));
        var outcome = new ClientOutcome();
        while (more())
        {
            var request = Spend(pairs[random.Next(pairs.Count)], random);
            var started = Stopwatch.GetTimestamp();
            var result = await ledger.PostAsync(request, ct);
            outcome.Latencies.Add(Stopwatch.GetTimestamp() - started);
            switch (result.Status)
            {
                case PostStatus.Posted:
                    outcome.Posted++;
                    break;
                case PostStatus.Duplicate:
                    // A retried call that found its own earlier write: it succeeded, but wrote nothing now.
                    outcome.Duplicates++;
                    break;
                default:
                    // Every held account holds far more than the run can spend, so a refusal is a fault of the benchmark.
                    throw new InvalidOperationException(
                        $"Spend {request.IdempotencyKey} was refused: {result.Status} (account {result.Account}, available {result.Available}).");
            }
        }
        return outcome;
    }

    private sealed class ClientOutcome
    {
        public List<long> Latencies { get; } = new(capacity: 1 << 16);
        public long Posted { get; set; }
        public long Duplicates { get; set; }
    }
}
