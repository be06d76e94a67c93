using SdsLedger.Domain;
using SdsLedger.Ledger;

namespace SdsLedger.Tests.Ledger;

public sealed class PostingTests(LedgerScenario s) : IClassFixture<LedgerScenario>
{
    private static readonly Money Ten = Money.FromPounds(10);

    [Fact]
    public async Task A_transfer_moves_money_and_both_balances_follow_their_postings()
    {
        var (funding, held) = await s.FundedAccount(Money.FromPounds(100));
        var spent = await s.Account("spent:travel");

        var result = await s.Ledger.PostAsync(LedgerScenario.Transfer(held, spent, Money.FromPounds(12.5m), "bus-pass-1"));

        result.Status.Should().Be(PostStatus.Posted);
        (await s.Posted(held)).Should().Be(Money.FromPounds(87.5m));
        (await s.Posted(spent)).Should().Be(Money.FromPounds(12.5m));
        (await s.Posted(funding)).Should().Be(Money.FromPounds(-100));
        await s.AuditPasses();
    }

    [Fact]
    public async Task The_same_key_and_request_returns_the_first_entry_and_writes_nothing()
    {
        var (_, held) = await s.FundedAccount(Money.FromPounds(50));
        var spent = await s.Account("spent");
        var request = LedgerScenario.Transfer(held, spent, Ten, "same-key");

        var first = await s.Ledger.PostAsync(request);
        var retry = await s.Ledger.PostAsync(request with { Id = EntryId.New() });

        retry.Status.Should().Be(PostStatus.Duplicate);
        retry.EntryId.Should().Be(first.EntryId);
        (await s.Posted(held)).Should().Be(Money.FromPounds(40));
        await s.AuditPasses();
    }

    [Fact]
    public async Task The_same_key_with_a_different_request_is_a_conflict_and_writes_nothing()
    {
        var (_, held) = await s.FundedAccount(Money.FromPounds(50));
        var spent = await s.Account("spent");
        await s.Ledger.PostAsync(LedgerScenario.Transfer(held, spent, Ten, "reused-key"));

        var other = await s.Ledger.PostAsync(LedgerScenario.Transfer(held, spent, Money.FromPounds(11), "reused-key"));

        other.Status.Should().Be(PostStatus.Conflict);
        (await s.Posted(held)).Should().Be(Money.FromPounds(40));
    }

    [Fact]
    public async Task A_spend_beyond_the_balance_is_refused_with_what_is_available()
    {
        var (_, held) = await s.FundedAccount(Money.FromPounds(30));
        var spent = await s.Account("spent");

        var result = await s.Ledger.PostAsync(LedgerScenario.Transfer(held, spent, Money.FromPounds(30.01m), "too-much"));

        result.Status.Should().Be(PostStatus.InsufficientFunds);
        result.Account.Should().Be(held);
        result.Available.Should().Be(Money.FromPounds(30));
        (await s.Posted(held)).Should().Be(Money.FromPounds(30));
    }

    [Fact]
    public async Task Unbalanced_or_repeated_postings_are_invalid()
    {
        var (_, held) = await s.FundedAccount(Money.FromPounds(30));
        var spent = await s.Account("spent");

        var unbalanced = await s.Ledger.PostAsync(new PostingRequest(EntryKind.Spend, LedgerScenario.Day(0), "t", "x", "unbalanced",
            [new Posting(held, -Ten), new Posting(spent, Money.FromPounds(9))]));
        var single = await s.Ledger.PostAsync(new PostingRequest(EntryKind.Spend, LedgerScenario.Day(0), "t", "x", "single",
            [new Posting(held, Money.Zero)]));
        var repeated = await s.Ledger.PostAsync(new PostingRequest(EntryKind.Spend, LedgerScenario.Day(0), "t", "x", "repeated",
            [new Posting(held, -Ten), new Posting(held, Ten)]));

        unbalanced.Status.Should().Be(PostStatus.Invalid);
        single.Status.Should().Be(PostStatus.Invalid);
        repeated.Status.Should().Be(PostStatus.Invalid);
    }

    [Fact]
    public async Task Money_never_moves_between_councils()
    {
        var (_, held) = await s.FundedAccount(Money.FromPounds(30));
        var elsewhere = await s.Account("spent", councilId: Guid.CreateVersion7());

        var moved = await s.Ledger.PostAsync(LedgerScenario.Transfer(held, elsewhere, Ten, "across-councils"));

        moved.Status.Should().Be(PostStatus.Invalid);
        (await s.Posted(held)).Should().Be(Money.FromPounds(30));
        (await s.Posted(elsewhere)).Should().Be(Money.Zero);
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_hold_lowers_available_then_a_partial_capture_posts_and_frees_the_rest()
    {
        var (_, held) = await s.FundedAccount(Money.FromPounds(100));
        var spent = await s.Account("spent:leisure");

        var hold = await s.Ledger.PlaceHoldAsync(held, Money.FromPounds(40), "tester", "gym membership", "gym-hold");
        var blocked = await s.Ledger.PostAsync(LedgerScenario.Transfer(held, spent, Money.FromPounds(70), "big-spend"));
        var capture = await s.Ledger.PostAsync(LedgerScenario.Transfer(held, spent, Money.FromPounds(35), "gym-capture", EntryKind.Capture)
            with { CapturesHold = hold.HoldId });
        var balance = await s.Queries.BalanceAsync(held);

        hold.Status.Should().Be(HoldStatus.Placed);
        hold.Available.Should().Be(Money.FromPounds(60));
        blocked.Status.Should().Be(PostStatus.InsufficientFunds);
        blocked.Available.Should().Be(Money.FromPounds(60));
        capture.Status.Should().Be(PostStatus.Posted);
        balance!.Posted.Should().Be(Money.FromPounds(65));
        balance.Pending.Should().Be(Money.Zero);
        (await s.Ledger.ReleaseHoldAsync(hold.HoldId!.Value)).Should().Be(ReleaseStatus.NotOpen);
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_released_hold_returns_its_money_to_available_and_cannot_be_captured()
    {
        var (_, held) = await s.FundedAccount(Money.FromPounds(20));
        var spent = await s.Account("spent");
        var hold = await s.Ledger.PlaceHoldAsync(held, Money.FromPounds(15), "tester", "course", "course-hold");

        var released = await s.Ledger.ReleaseHoldAsync(hold.HoldId!.Value);
        var capture = await s.Ledger.PostAsync(LedgerScenario.Transfer(held, spent, Money.FromPounds(15), "course-capture", EntryKind.Capture)
            with { CapturesHold = hold.HoldId });

        released.Should().Be(ReleaseStatus.Released);
        capture.Status.Should().Be(PostStatus.HoldNotOpen);
        (await s.Queries.BalanceAsync(held))!.Available.Should().Be(Money.FromPounds(20));
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_hold_beyond_available_is_refused()
    {
        var (_, held) = await s.FundedAccount(Money.FromPounds(20));

        var hold = await s.Ledger.PlaceHoldAsync(held, Money.FromPounds(20.01m), "tester", "too much", "big-hold");

        hold.Status.Should().Be(HoldStatus.InsufficientFunds);
        hold.Available.Should().Be(Money.FromPounds(20));
    }

    [Fact]
    public async Task An_expired_hold_stops_counting_against_available()
    {
        var (_, held) = await s.FundedAccount(Money.FromPounds(20));
        var expiry = NodaTime.SystemClock.Instance.GetCurrentInstant().Minus(NodaTime.Duration.FromMinutes(1));
        await s.Ledger.PlaceHoldAsync(held, Money.FromPounds(5), "tester", "lapsed", "lapsed-hold", expiry);

        var expired = await s.Ledger.ExpireHoldsAsync(NodaTime.SystemClock.Instance.GetCurrentInstant());

        expired.Should().BeGreaterThanOrEqualTo(1);
        (await s.Queries.BalanceAsync(held))!.Available.Should().Be(Money.FromPounds(20));
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_reversal_undoes_an_entry_once_and_only_once()
    {
        var (_, held) = await s.FundedAccount(Money.FromPounds(50));
        var spent = await s.Account("spent");
        var spend = await s.Ledger.PostAsync(LedgerScenario.Transfer(held, spent, Ten, "mistake"));

        var reversal = await s.Ledger.ReverseAsync(spend.EntryId!.Value, LedgerScenario.Day(1), "finance", "wrong budget", "undo-mistake");
        var again = await s.Ledger.ReverseAsync(spend.EntryId!.Value, LedgerScenario.Day(1), "finance", "wrong budget", "undo-mistake-2");
        var replay = await s.Ledger.ReverseAsync(spend.EntryId!.Value, LedgerScenario.Day(1), "finance", "wrong budget", "undo-mistake");

        reversal.Status.Should().Be(PostStatus.Posted);
        again.Status.Should().Be(PostStatus.AlreadyReversed);
        replay.Status.Should().Be(PostStatus.Duplicate);
        (await s.Posted(held)).Should().Be(Money.FromPounds(50));
        (await s.Posted(spent)).Should().Be(Money.Zero);
        await s.AuditPasses();
    }

    [Fact]
    public async Task Balance_at_a_date_and_statement_follow_effective_dates_with_running_balance()
    {
        var (_, held) = await s.FundedAccount(Money.FromPounds(100));
        var spent = await s.Account("spent");
        await s.Ledger.PostAsync(LedgerScenario.Transfer(held, spent, Ten, "d5", day: 5));
        await s.Ledger.PostAsync(LedgerScenario.Transfer(held, spent, Money.FromPounds(20), "d9", day: 9));
        await s.Ledger.PostAsync(LedgerScenario.Transfer(held, spent, Money.FromPounds(5), "d2-backdated", day: 2));

        var atDay4 = await s.Queries.BalanceAtAsync(held, LedgerScenario.Day(4));
        var statement = await s.Queries.StatementAsync(held, LedgerScenario.Day(1), LedgerScenario.Day(9));

        atDay4.Should().Be(Money.FromPounds(95));
        statement.Opening.Should().Be(Money.FromPounds(100));
        statement.Lines.Select(l => l.RunningBalance).Should().Equal(Money.FromPounds(95), Money.FromPounds(85), Money.FromPounds(65));
        statement.Closing.Should().Be(Money.FromPounds(65));
    }

    [Fact]
    public async Task The_trial_balance_always_sums_to_zero()
    {
        await s.FundedAccount(Money.FromPounds(75));

        var trial = await s.Queries.TrialBalanceAsync();

        trial.Balances.Should().BeTrue();
        trial.Lines.Should().Contain(l => l.Kind == "funding");
    }
}
