using System.Diagnostics;

namespace SdsLedger.Faults.Tests;

/// <summary>What one spend's client saw: its key, when it was sent and answered, and whether it was acknowledged, refused or failed.</summary>
internal sealed record SpendOutcome(string Key, long Pence, TimeSpan Sent, TimeSpan Answered, bool Acknowledged, string? Refusal, string? Failure);

/// <summary>
/// Clients recording spends with a fresh idempotency key each, one person each, until told to stop; every answer and
/// every failure is kept, with times on one stopwatch, so a test can check afterwards what the database holds.
/// </summary>
internal sealed class SpendClients
{
    private readonly List<SpendOutcome> _outcomes = [];
    private readonly Stopwatch _clock;

    public SpendClients(Stopwatch clock) => _clock = clock;

    public IReadOnlyList<SpendOutcome> Outcomes
    {
        get { lock (_outcomes) return [.. _outcomes]; }
    }

    public IEnumerable<SpendOutcome> Acknowledged => Outcomes.Where(o => o.Acknowledged);

    /// <summary>Runs one client per person until <paramref name="stop"/> is cancelled (a spend under way is let finish).</summary>
    public Task RunAsync(Council council, CancellationToken stop, CancellationToken deadline) =>
        Task.WhenAll(Enumerable.Range(0, council.People.Count).Select(person => Task.Run(async () =>
        {
            var random = new Random(person);
            while (!stop.IsCancellationRequested && !deadline.IsCancellationRequested)
                await SpendAsync(council, person, random.Next(1, 100), deadline);
        }, deadline)));

    /// <summary>Records one spend through the council's application, or through <paramref name="app"/> when given.</summary>
    public async Task<SpendOutcome> SpendAsync(Council council, int person, long pence, CancellationToken ct, SdsLedgerApp? app = null)
    {
        var key = Council.Key();
        var sent = _clock.Elapsed;
        SpendOutcome outcome;
        try
        {
            var result = await (app ?? council.App).SendAsync(council.Spend(person, key, pence), ct);
            outcome = new SpendOutcome(key, pence, sent, _clock.Elapsed, result.Succeeded, result.Refusal?.Code ?? (result.Succeeded ? null : result.ToString()), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            outcome = new SpendOutcome(key, pence, sent, _clock.Elapsed, false, null, e.ToString());
        }
        lock (_outcomes) _outcomes.Add(outcome);
        return outcome;
    }
}
