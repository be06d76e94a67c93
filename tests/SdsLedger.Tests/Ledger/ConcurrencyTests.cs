using SdsLedger.Domain;
using SdsLedger.Ledger;

namespace SdsLedger.Tests.Ledger;

public sealed class ConcurrencyTests(LedgerScenario s) : IClassFixture<LedgerScenario>
{
    [Fact]
    public async Task Fifty_parallel_ten_pound_spends_from_one_hundred_pounds_succeed_exactly_ten_times()
    {
        var (_, held) = await s.FundedAccount(Money.FromPounds(100));
        var spent = await s.Account("spent");

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            Task.Run(() => s.Ledger.PostAsync(LedgerScenario.Transfer(held, spent, Money.FromPounds(10), $"race-{i}")))));

        results.Count(r => r.Status == PostStatus.Posted).Should().Be(10);
        results.Where(r => r.Status != PostStatus.Posted).Should().OnlyContain(r => r.Status == PostStatus.InsufficientFunds);
        (await s.Posted(held)).Should().Be(Money.Zero);
        (await s.Posted(spent)).Should().Be(Money.FromPounds(100));
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_thousand_opposite_transfers_from_eight_tasks_never_deadlock_and_conserve_the_total()
    {
        var (_, a) = await s.FundedAccount(Money.FromPounds(500));
        var (_, b) = await s.FundedAccount(Money.FromPounds(500));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(task => Task.Run(async () =>
        {
            var outcomes = new List<PostResult>();
            for (var i = 0; i < 125; i++)
            {
                var (from, to) = (task + i) % 2 == 0 ? (a, b) : (b, a);
                outcomes.Add(await s.Ledger.PostAsync(LedgerScenario.Transfer(from, to, Money.FromPence(100 + i), $"swap-{task}-{i}", EntryKind.Transfer)));
            }
            return outcomes;
        })));

        var all = results.SelectMany(r => r).ToList();
        all.Should().HaveCount(1000);
        all.Should().OnlyContain(r => r.Status == PostStatus.Posted || r.Status == PostStatus.InsufficientFunds);
        ((await s.Posted(a)) + (await s.Posted(b))).Should().Be(Money.FromPounds(1000));
        await s.AuditPasses();
    }

    [Fact]
    public async Task The_same_request_sent_many_times_at_once_is_written_once()
    {
        var (_, held) = await s.FundedAccount(Money.FromPounds(100));
        var spent = await s.Account("spent");
        var request = LedgerScenario.Transfer(held, spent, Money.FromPounds(7), "double-click");

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Task.Run(() => s.Ledger.PostAsync(request with { Id = EntryId.New() }))));

        results.Count(r => r.Status == PostStatus.Posted).Should().Be(1);
        results.Should().OnlyContain(r => r.Status == PostStatus.Posted || r.Status == PostStatus.Duplicate);
        results.Select(r => r.EntryId).Distinct().Should().HaveCount(1);
        (await s.Posted(held)).Should().Be(Money.FromPounds(93));
        await s.AuditPasses();
    }
}
