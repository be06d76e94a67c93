using System.Diagnostics;
using Dapper;
using SdsLedger.BatchChild;
using SdsLedger.Domain;
using SdsLedger.Ledger;

namespace SdsLedger.Tests.Ledger;

public sealed class CrashSafetyTests(LedgerScenario s) : IClassFixture<LedgerScenario>
{
    private const int Batches = 40;
    private const int Size = 250;

    [Fact]
    public async Task A_payment_run_killed_part_way_and_run_again_applies_every_entry_exactly_once()
    {
        var funding = await s.Funding();
        var parts = new List<AccountId>();
        for (var i = 0; i < 10; i++) parts.Add(await s.Account());
        var run = $"crash-{Guid.NewGuid():N}";

        var committedBeforeKill = await RunChildUntilKilled(run, funding, parts);

        committedBeforeKill.Should().BeInRange(1, Batches - 1, "the child must be killed part-way through the run");
        for (var b = 0; b < Batches; b++)
            (await s.Batch.PostAsync(PaymentRunBatches.Batch(run, funding, parts, b, Size))).Succeeded.Should().BeTrue();

        await using var conn = await s.AppDataSource.OpenConnectionAsync();
        var entries = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM ledger.entries WHERE idempotency_key LIKE @Run || '/%'", new { Run = run });
        entries.Should().Be(Batches * Size);
        var perBatch = Enumerable.Range(0, Size).Sum(i => 100L + i);
        (await s.Posted(funding)).Should().Be(Money.FromPence(-perBatch * Batches));
        var partsTotal = Money.Zero;
        foreach (var part in parts) partsTotal += await s.Posted(part);
        partsTotal.Should().Be(Money.FromPence(perBatch * Batches));
        await s.AuditPasses();
    }

    private async Task<int> RunChildUntilKilled(string run, AccountId funding, List<AccountId> parts)
    {
        var child = Path.Combine(AppContext.BaseDirectory, "SdsLedger.BatchChild.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { child, s.OwnerConnectionString, run, funding.ToString(), string.Join(',', parts), Batches.ToString(), Size.ToString() })
            info.ArgumentList.Add(arg);

        using var process = Process.Start(info)!;
        var committed = 0;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith("committed", StringComparison.Ordinal)) continue;
            committed++;
            if (committed == 3)
            {
                process.Kill(); // SIGKILL: no cleanup, possibly mid-COPY of the next batch
                break;
            }
        }
        await process.WaitForExitAsync();
        return committed;
    }
}
