using System.Diagnostics;
using System.Globalization;
using SdsLedger.Database;
using Xunit.Abstractions;

namespace SdsLedger.Faults.Tests;

/// <summary>
/// pg_auto_failover with the application's multi-host connection string: four clients record spends while the primary
/// dies, five times over; every spend answered is there exactly once afterwards, nothing is half written, the audit passes.
/// </summary>
public sealed class FailoverTests(ITestOutputHelper output)
{
    private const int Clients = 4;
    private const int Failovers = 5;
    private static readonly TimeSpan SpendingBeforeDeath = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan SpendingAfterRecovery = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Clients_carry_on_through_five_failovers_and_every_answered_spend_is_there_exactly_once()
    {
        await using var scratch = new Scratch(TimeSpan.FromMinutes(8));
        var ct = scratch.Deadline;
        await using var formation = await AutoFailover.StartAsync(scratch, output.WriteLine, ct);
        try
        {
            var outcome = Migrator.Migrate(formation.ApplicationConnectionString);
            outcome.Succeeded.Should().BeTrue(outcome.Describe());
            await using var council = await Council.SetUpAsync(formation.ApplicationConnectionString, Clients, ct);
            var clock = Stopwatch.StartNew();
            var clients = new SpendClients(clock);
            using var stop = new CancellationTokenSource();
            var spending = clients.RunAsync(council, stop.Token, ct);

            var outages = new List<(TimeSpan UntilFirstWrite, TimeSpan WithoutWrites)>();
            for (var round = 1; round <= Failovers; round++)
            {
                await Task.Delay(SpendingBeforeDeath, ct);
                var primary = await formation.PrimaryAsync(ct);
                // The death is when its server is gone: from then on no spend can be committed by it.
                var server = await AutoFailover.KillAsync(primary, ct);
                var death = clock.Elapsed;
                output.WriteLine($"round {round}: killed {primary.Name} (port {primary.Port}, server process {server}) at {death.TotalSeconds:0.00} s");

                var firstWrite = await FirstAcknowledgedAfterAsync(clients, death, ct);
                var lastBefore = clients.Acknowledged.Where(o => o.Answered <= death).Select(o => o.Answered).DefaultIfEmpty(death).Max();
                outages.Add((firstWrite - death, firstWrite - lastBefore));
                output.WriteLine($"round {round}: first write accepted {(firstWrite - death).TotalSeconds:0.00} s after the death " +
                                 $"({(firstWrite - lastBefore).TotalSeconds:0.00} s without writes); {await formation.DescribeAsync(ct)}");

                await Task.Delay(SpendingAfterRecovery, ct);
                formation.Restart(primary);
                await formation.UntilHealthyAsync(ct);
            }
            await stop.CancelAsync();
            await spending;

            var all = clients.Outcomes;
            var holdings = await LedgerCheck.CheckAsync(formation.ApplicationConnectionString, all, ct);
            var seconds = outages.Select(o => o.UntilFirstWrite.TotalSeconds).Order().ToList();
            output.WriteLine($"{all.Count} spends sent, {all.Count(o => o.Acknowledged)} answered, {all.Count(o => o.Failure is not null)} failed; {holdings}");
            output.WriteLine($"seconds from the primary's death to the first write accepted: {string.Join(", ", seconds.Select(Figure))}; " +
                             $"p50 {Figure(seconds[seconds.Count / 2])}, worst {Figure(seconds[^1])}; " +
                             $"longest without writes {Figure(outages.Max(o => o.WithoutWrites.TotalSeconds))}");
            foreach (var failure in all.Where(o => o.Failure is not null)) output.WriteLine($"failed at {failure.Sent.TotalSeconds:0.00} s: {failure.Failure!.Split(Environment.NewLine).Take(12).Aggregate((a, b) => a + " / " + b)}");

            all.Where(o => o.Refusal is not null).Should().BeEmpty("a failover is never reported as a refusal");
            all.Where(o => o.Failure is not null).Should().BeEmpty("the pipeline sends a spend again, with its key, until the new primary answers");
            holdings.Lost.Should().Be(0, "an acknowledged spend is never lost");
            holdings.Duplicated.Should().Be(0);
            holdings.HalfWritten.Should().Be(0, "a spend is written whole or not at all");
            holdings.AuditPassed.Should().BeTrue(holdings.AuditProblems);
            outages.Should().HaveCount(Failovers);
        }
        catch
        {
            output.WriteLine(formation.LogTail(40));
            throw;
        }
    }

    private static async Task<TimeSpan> FirstAcknowledgedAfterAsync(SpendClients clients, TimeSpan death, CancellationToken ct)
    {
        // Sent after the old primary's server was gone, a spend that was answered was committed by the new primary. (One
        // sent before and answered after may have been committed by the old one just before it died, its answer slowed by a
        // busy machine: counting those would time a failover that has not happened yet.)
        while (true)
        {
            var first = clients.Acknowledged.Where(o => o.Sent > death).Select(o => o.Answered).DefaultIfEmpty(TimeSpan.MaxValue).Min();
            if (first != TimeSpan.MaxValue) return first;
            await Task.Delay(100, ct);
        }
    }

    private static string Figure(double seconds) => seconds.ToString("0.0", CultureInfo.InvariantCulture);
}
