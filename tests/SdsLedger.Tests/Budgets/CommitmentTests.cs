using Dapper;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Approvals;
using SdsLedger.Features.Commitments;

namespace SdsLedger.Tests.Budgets;

public sealed class CommitmentTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    private static readonly LocalDate Bought = new(2026, 10, 20);

    [Fact]
    public async Task Money_set_aside_is_spent_when_captured_and_the_rest_is_available_again()
    {
        var (_, budget, part, person) = await s.FundedDirectPayment(1300);

        var commitment = SdsScenario.Ok(await s.App.SendAsync(s.Commitment(person, part, 40)));
        var whileSetAside = await s.Summary(budget);
        var spend = SdsScenario.Ok(await s.App.SendAsync(new CaptureCommitment.Command(person, s.Key(), commitment, Money.FromPounds(35), Bought, "receipt 118")));
        var after = await s.Summary(budget);

        whileSetAside.Committed.Should().Be(Money.FromPounds(40));
        whileSetAside.Available.Should().Be(Money.FromPounds(160));
        after.Committed.Should().Be(Money.Zero);
        after.Spent.Should().Be(Money.FromPounds(35));
        after.Available.Should().Be(Money.FromPounds(165));
        after.SpentByCategory.Should().ContainSingle(c => c.Category == "leisure" && c.Spent == Money.FromPounds(35));
        await using var conn = new Npgsql.NpgsqlConnection(s.ConnectionString);
        var recorded = await conn.QuerySingleAsync<(string Payee, long Amount, string Evidence, string Kind)>(
            "SELECT s.payee, s.amount, s.evidence, e.kind FROM sds.spends s JOIN ledger.entries e ON e.id = s.entry_id WHERE s.entry_id = @spend", new { spend });
        (recorded with { Payee = await s.Reveal(recorded.Payee) }).Should().Be(("Pure Gym", 3500L, "receipt 118", "capture"));
        await s.AuditPasses();
    }

    [Fact]
    public async Task Released_money_is_available_again_and_cannot_then_be_spent_or_released_twice()
    {
        var (_, budget, part, person) = await s.FundedDirectPayment(1300);
        var commitment = SdsScenario.Ok(await s.App.SendAsync(s.Commitment(person, part, 60, "the cookery course")));

        var released = SdsScenario.Ok(await s.App.SendAsync(new ReleaseCommitment.Command(person, s.Key(), commitment, "The course was cancelled")));
        var again = await s.RefusedWith(new ReleaseCommitment.Command(person, s.Key(), commitment, "Cancelled"), RefusalCodes.InvalidState);
        var capture = await s.RefusedWith(new CaptureCommitment.Command(person, s.Key(), commitment, Money.FromPounds(60), Bought), RefusalCodes.InvalidState);

        released.Should().Be(Money.FromPounds(60));
        (await s.Summary(budget)).Available.Should().Be(Money.FromPounds(200));
        again.Reason.Should().Be("The money set aside for the cookery course has already been released, so there is nothing to release.");
        capture.Reason.Should().StartWith("The money set aside for the cookery course has already been released");
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_captured_commitment_is_spent_once()
    {
        var (_, _, part, person) = await s.FundedDirectPayment(1300);
        var commitment = SdsScenario.Ok(await s.App.SendAsync(s.Commitment(person, part, 30, "the bus pass")));
        SdsScenario.Ok(await s.App.SendAsync(new CaptureCommitment.Command(person, s.Key(), commitment, Money.FromPounds(30), Bought)));

        var twice = await s.RefusedWith(new CaptureCommitment.Command(person, s.Key(), commitment, Money.FromPounds(30), Bought), RefusalCodes.InvalidState);
        var release = await s.RefusedWith(new ReleaseCommitment.Command(person, s.Key(), commitment, "Changed my mind"), RefusalCodes.InvalidState);

        twice.Reason.Should().StartWith("The money set aside for the bus pass has already been spent");
        release.Reason.Should().Contain("already been spent");
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_capture_sent_twice_with_one_key_records_one_spend_and_answers_the_same()
    {
        var (_, budget, part, person) = await s.FundedDirectPayment(1300);
        var commitment = SdsScenario.Ok(await s.App.SendAsync(s.Commitment(person, part, 25, "the swimming club")));
        var capture = new CaptureCommitment.Command(person, s.Key(), commitment, Money.FromPounds(25), Bought);

        var first = SdsScenario.Ok(await s.App.SendAsync(capture));
        var again = await s.App.SendAsync(capture);

        again.Succeeded.Should().BeTrue(again.ToString());
        again.Value.Should().Be(first, "a retry gets the first answer, not 'already spent'");
        (await s.Count("SELECT count(*) FROM sds.spends WHERE part_id = @part", new { part })).Should().Be(1);
        (await s.Summary(budget)).Spent.Should().Be(Money.FromPounds(25));
        await s.AuditPasses();
    }

    [Fact]
    public async Task Two_captures_of_one_commitment_at_once_spend_it_once_and_the_other_is_a_plain_refusal()
    {
        var (_, budget, part, person) = await s.FundedDirectPayment(1300);
        var commitment = SdsScenario.Ok(await s.App.SendAsync(s.Commitment(person, part, 30, "the cookery class")));

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            Task.Run(() => s.App.SendAsync(new CaptureCommitment.Command(person, s.Key(), commitment, Money.FromPounds(30), Bought)))));

        results.Count(r => r.Succeeded).Should().Be(1, "money set aside is spent once");
        var refused = results.Single(r => !r.Succeeded);
        refused.Refusal.Should().NotBeNull(refused.ToString());
        refused.Refusal!.Code.Should().Be(RefusalCodes.InvalidState);
        refused.Refusal.Reason.Should().Contain("spent");
        (await s.Count("SELECT count(*) FROM sds.spends WHERE part_id = @part", new { part })).Should().Be(1);
        var after = await s.Summary(budget);
        after.Spent.Should().Be(Money.FromPounds(30));
        after.Committed.Should().Be(Money.Zero);
        await s.AuditPasses();
    }

    [Fact]
    public async Task What_is_set_aside_lists_only_open_commitments_to_whoever_may_see_the_part()
    {
        var (_, _, part, person) = await s.FundedDirectPayment(1300);
        var kept = SdsScenario.Ok(await s.App.SendAsync(s.Commitment(person, part, 20, "the bus pass")));
        var spent = SdsScenario.Ok(await s.App.SendAsync(s.Commitment(person, part, 10, "the paint set")));
        SdsScenario.Ok(await s.App.SendAsync(new CaptureCommitment.Command(person, s.Key(), spent, Money.FromPounds(10), Bought)));

        var open = SdsScenario.Ok(await s.App.SendAsync(new OpenCommitments.Query(s.SocialWorker, part)));
        var provider = await s.App.SendAsync(new OpenCommitments.Query(s.Provider, part));

        open.Should().ContainSingle().Which.Should().BeEquivalentTo(new { CommitmentId = kept, Amount = Money.FromPounds(20), Description = "the bus pass" });
        provider.Refusal!.Code.Should().Be(RefusalCodes.NotFound, "a provider that does not hold the part does not see it");
    }

    [Fact]
    public async Task Capturing_more_than_was_set_aside_is_refused()
    {
        var (_, _, part, person) = await s.FundedDirectPayment(1300);
        var commitment = SdsScenario.Ok(await s.App.SendAsync(s.Commitment(person, part, 40)));

        var refusal = await s.RefusedWith(new CaptureCommitment.Command(person, s.Key(), commitment, Money.FromPounds(45), Bought), RefusalCodes.InsufficientFunds);

        refusal.Reason.Should().Be("£40.00 was set aside for the gym membership, so at most £40.00 can be spent from it, not £45.00. Record the difference as a separate spend.");
        await s.AuditPasses();
    }

    [Fact]
    public async Task Setting_aside_more_than_is_available_is_refused()
    {
        var (_, _, part, person) = await s.FundedDirectPayment(1300);

        var refusal = await s.RefusedWith(s.Commitment(person, part, 240), RefusalCodes.InsufficientFunds);

        refusal.Reason.Should().Be("This would spend £240.00 but only £200.00 is available.");
    }

    [Fact]
    public async Task Only_the_holder_captures_or_releases_and_not_after_the_period()
    {
        var (_, budget) = await s.ActiveBudget([s.ProviderHeld(1300), SdsScenario.DirectPayment(1300)]);
        SdsScenario.Ok(await s.PaymentRun(SdsScenario.PeriodStart));
        var person = s.PersonActor((await s.Summary(budget.BudgetId)).PersonId);
        var commitment = SdsScenario.Ok(await s.App.SendAsync(s.Commitment(person, budget.PartIds[1], 50)));

        var provider = await s.RefusedWith(new CaptureCommitment.Command(s.Provider, s.Key(), commitment, Money.FromPounds(50), Bought), RefusalCodes.NotHolder);
        await s.RefusedWith(new ReleaseCommitment.Command(s.Provider, s.Key(), commitment, "Not needed"), RefusalCodes.NotHolder);
        var late = await s.RefusedWith(new CaptureCommitment.Command(person, s.Key(), commitment, Money.FromPounds(50), new LocalDate(2027, 4, 3)),
            RefusalCodes.OutsidePeriod);

        provider.Reason.Should().Contain("held by the person, as a direct payment");
        late.Reason.Should().Contain("3 April 2027 is outside this budget's period");
        await s.AuditPasses();
    }

    [Fact]
    public async Task Council_arranged_support_is_set_aside_from_the_allocation_with_an_approval_the_spend_remembers()
    {
        var (_, budget) = await s.ActiveBudget([SdsScenario.CouncilArranged(5200)], "home-care");
        var part = budget.PartIds[0];
        var commit = new CommitFunds.Command(s.SocialWorker, s.Key(), part, Money.FromPounds(400), "home-care", "Council home care team",
            new LocalDate(2026, 10, 5), "home care in October");

        var withoutApproval = await s.RefusedWith(commit, RefusalCodes.NeedsApproval);
        var approval = SdsScenario.Ok(await s.App.SendAsync(new RequestApproval.Command(s.SocialWorker, s.Key(), part, Money.FromPounds(400), "home-care",
            "Council home care team", "Home care in October, 10 hours a week")));
        SdsScenario.Ok(await s.App.SendAsync(new ApproveSpend.Command(s.SecondSocialWorker, s.Key(), approval)));
        var commitment = SdsScenario.Ok(await s.App.SendAsync(commit with { IdempotencyKey = s.Key(), ApprovalId = approval }));
        var whileSetAside = await s.Summary(budget.BudgetId);
        var spend = SdsScenario.Ok(await s.App.SendAsync(new CaptureCommitment.Command(s.Finance, s.Key(), commitment, Money.FromPounds(380),
            new LocalDate(2026, 10, 31), Hours: 38m)));

        withoutApproval.Reason.Should().Contain("need a second person's approval");
        whileSetAside.Committed.Should().Be(Money.FromPounds(400));
        whileSetAside.Available.Should().Be(Money.FromPounds(4800));
        (await s.Summary(budget.BudgetId)).Available.Should().Be(Money.FromPounds(4820));
        (await s.Scalar<Guid>("SELECT approval_id FROM sds.spends WHERE entry_id = @spend", new { spend })).Should().Be(approval);
        (await s.Scalar<string>("SELECT status FROM sds.approvals WHERE id = @approval", new { approval })).Should().Be("used");
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_retried_commitment_sets_the_money_aside_once()
    {
        var (_, budget, part, person) = await s.FundedDirectPayment(1300);
        var commit = s.Commitment(person, part, 40);

        var first = SdsScenario.Ok(await s.App.SendAsync(commit));
        var retry = SdsScenario.Ok(await s.App.SendAsync(commit));

        retry.Should().Be(first);
        (await s.Summary(budget)).Committed.Should().Be(Money.FromPounds(40));
    }
}
