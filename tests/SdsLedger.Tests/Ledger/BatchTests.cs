using SdsLedger.Domain;
using SdsLedger.Ledger;

namespace SdsLedger.Tests.Ledger;

public sealed class BatchTests(LedgerScenario s) : IClassFixture<LedgerScenario>
{
    [Fact]
    public async Task A_batch_posts_every_entry_and_a_rerun_posts_none_again()
    {
        var funding = await s.Funding();
        var parts = new List<AccountId>();
        for (var i = 0; i < 50; i++) parts.Add(await s.Account());
        var batch = parts.Select((p, i) => LedgerScenario.Transfer(funding, p, Money.FromPence(10_000 + i), $"run-1/{i}", EntryKind.Instalment)).ToList();

        var first = await s.Batch.PostAsync(batch);
        var rerun = await s.Batch.PostAsync(batch.Select(b => b with { Id = EntryId.New() }).ToList());

        first.Status.Should().Be(BatchStatus.Posted);
        first.Posted.Should().Be(50);
        rerun.Posted.Should().Be(0);
        rerun.AlreadyPosted.Should().Be(50);
        (await s.Posted(parts[7])).Should().Be(Money.FromPence(10_007));
        await s.AuditPasses();
    }

    [Fact]
    public async Task Batch_entries_chain_with_single_posts_on_the_same_accounts()
    {
        var (_, held) = await s.FundedAccount(Money.FromPounds(100));
        var spent = await s.Account("spent");
        var batch = Enumerable.Range(0, 5).Select(i => LedgerScenario.Transfer(held, spent, Money.FromPounds(3), $"mixed/{i}")).ToList();

        await s.Batch.PostAsync(batch);
        await s.Ledger.PostAsync(LedgerScenario.Transfer(held, spent, Money.FromPounds(1), "mixed/single"));
        await s.Batch.PostAsync([LedgerScenario.Transfer(held, spent, Money.FromPounds(2), "mixed/after")]);

        (await s.Posted(held)).Should().Be(Money.FromPounds(82));
        await s.AuditPasses();
    }

    [Fact]
    public async Task One_entry_without_funds_stops_the_whole_batch()
    {
        var (_, held) = await s.FundedAccount(Money.FromPounds(10));
        var spent = await s.Account("spent");
        var batch = new[]
        {
            LedgerScenario.Transfer(held, spent, Money.FromPounds(6), "all-or-nothing/0"),
            LedgerScenario.Transfer(held, spent, Money.FromPounds(6), "all-or-nothing/1"),
        };

        var result = await s.Batch.PostAsync(batch);

        result.Status.Should().Be(BatchStatus.InsufficientFunds);
        result.EntryIndex.Should().Be(1);
        result.Problem.Should().Contain("£6.00").And.Contain("£4.00");
        (await s.Posted(held)).Should().Be(Money.FromPounds(10));
        await s.AuditPasses();
    }

    [Fact]
    public async Task An_entry_between_two_councils_stops_the_whole_batch()
    {
        var (_, held) = await s.FundedAccount(Money.FromPounds(10));
        var spent = await s.Account("spent");
        var elsewhere = await s.Account("spent", councilId: Guid.CreateVersion7());

        var result = await s.Batch.PostAsync([
            LedgerScenario.Transfer(held, spent, Money.FromPounds(1), "councils/0"),
            LedgerScenario.Transfer(held, elsewhere, Money.FromPounds(1), "councils/1"),
        ]);

        result.Status.Should().Be(BatchStatus.Invalid);
        result.EntryIndex.Should().Be(1);
        result.Problem.Should().Contain("between councils");
        (await s.Posted(held)).Should().Be(Money.FromPounds(10));
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_key_reused_for_a_different_request_stops_the_batch()
    {
        var (funding, held) = await s.FundedAccount(Money.FromPounds(10));
        var other = await s.Account();

        var result = await s.Batch.PostAsync([LedgerScenario.Transfer(funding, other, Money.FromPounds(1), $"fund-{held}", EntryKind.Instalment)]);

        result.Status.Should().Be(BatchStatus.Conflict);
        (await s.Posted(other)).Should().Be(Money.Zero);
    }
}
