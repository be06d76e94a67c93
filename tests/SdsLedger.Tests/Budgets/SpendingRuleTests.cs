using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Approvals;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.Family;

namespace SdsLedger.Tests.Budgets;

/// <summary>Each spending rule refuses with its code and a reason with the figures, writes no ledger entry, and is audited.</summary>
public sealed class SpendingRuleTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    [Fact]
    public async Task Insufficient_funds_names_the_money_already_set_aside()
    {
        var (_, _, part, person) = await s.FundedDirectPayment(1300);
        SdsScenario.Ok(await s.App.SendAsync(s.Commitment(person, part, 40)));

        var refusal = await s.RefusedWith(s.Spend(person, part, 180), RefusalCodes.InsufficientFunds);

        refusal.Reason.Should().Be("This would spend £180.00 but only £160.00 is available (£40.00 is set aside for the gym membership).");
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_spend_dated_outside_the_budget_period_is_refused()
    {
        var (_, _, part, person) = await s.FundedDirectPayment();

        var refusal = await s.RefusedWith(s.Spend(person, part, 20, date: new LocalDate(2027, 4, 2)), RefusalCodes.OutsidePeriod);

        refusal.Reason.Should().Be("The date 2 April 2027 is outside this budget's period, 1 October 2026 to 31 March 2027.");
        await s.AuditPasses();
    }

    [Fact]
    public async Task Nothing_is_spent_or_set_aside_once_the_period_is_closed()
    {
        var (_, budget, part, person) = await s.FundedDirectPayment();
        SdsScenario.Ok(await s.App.SendAsync(new ClosePeriod.Command(s.Finance, s.Key(), budget)));

        var spend = await s.RefusedWith(s.Spend(person, part, 20), RefusalCodes.PeriodClosed);
        await s.RefusedWith(s.Commitment(person, part, 20), RefusalCodes.PeriodClosed);

        spend.Reason.Should().Contain("1 October 2026 to 31 March 2027 has been closed");
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_category_outside_the_support_plan_is_refused_naming_what_was_agreed()
    {
        var (_, _, part, person) = await s.FundedDirectPayment();

        var refusal = await s.RefusedWith(s.Spend(person, part, 20, category: "holidays"), RefusalCodes.OutsidePlan);

        refusal.Reason.Should().Be("'holidays' is not in the agreed support plan (agreed: leisure, personal-care). The social worker can add it to the plan with the person.");
        await s.AuditPasses();
    }

    [Fact]
    public async Task An_excluded_purpose_is_refused_whatever_the_category()
    {
        var (_, _, part, person) = await s.FundedDirectPayment();

        var byDescription = await s.RefusedWith(s.Spend(person, part, 20) with { Description = "Wine and other alcohol for a party" },
            RefusalCodes.ExcludedPurpose);
        await s.RefusedWith(s.Commitment(person, part, 20, "a weekly lottery syndicate", category: "gambling"), RefusalCodes.ExcludedPurpose);

        byDescription.Reason.Should().StartWith("The council does not allow budgets to be spent on alcohol");
        await s.AuditPasses();
    }

    [Fact]
    public async Task Only_the_holder_spends_a_part()
    {
        var (_, budget) = await s.ActiveBudget([s.ProviderHeld(1300), SdsScenario.DirectPayment(1300)]);
        SdsScenario.Ok(await s.PaymentRun(SdsScenario.PeriodStart));

        var provider = await s.RefusedWith(s.Spend(s.Provider, budget.PartIds[1], 20), RefusalCodes.NotHolder);
        var socialWorker = await s.RefusedWith(s.Commitment(s.SocialWorker, budget.PartIds[0], 20), RefusalCodes.NotHolder);

        provider.Reason.Should().Be("This money is held by the person, as a direct payment, so Harbour Care (provider) cannot spend it. Only the holder can.");
        socialWorker.Reason.Should().Contain("held by the organisation the person chose");
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_spend_above_the_threshold_needs_a_second_persons_approval()
    {
        var (_, _, part, person) = await s.FundedDirectPayment();

        var refusal = await s.RefusedWith(s.Spend(person, part, 300), RefusalCodes.NeedsApproval);

        refusal.Reason.Should().Be("Spends over £250.00 to one payee need a second person's approval. Ask for approval first; a second person (not the one asking) approves it.");
        await s.AuditPasses();
    }

    [Fact]
    public async Task Approving_your_own_request_is_refused()
    {
        var (_, _, part, _) = await s.FundedDirectPayment();
        var request = SdsScenario.Ok(await s.App.SendAsync(new RequestApproval.Command(s.SocialWorker, s.Key(), part, Money.FromPounds(300), "leisure",
            "Leisure Centre", "A year's swimming pass")));

        var refusal = await s.RefusedWith(new ApproveSpend.Command(s.SocialWorker, s.Key(), request), RefusalCodes.ApproverIsRequester);

        refusal.Reason.Should().Contain("Sam Worker asked for this spend, so cannot also decide on it");
        (await s.Scalar<string>("SELECT status FROM sds.approvals WHERE id = @request", new { request })).Should().Be("waiting");
        await s.AuditPasses();
    }

    [Fact]
    public async Task Paying_a_family_member_needs_a_recorded_agreement_and_then_goes_ahead()
    {
        var (_, budget, part, person) = await s.FundedDirectPayment(2600, "personal-care");
        var pay = s.Spend(person, part, 120, "personal-care", "Mary Example") with { PayeeIsFamily = true, Description = "Help with getting up, October" };

        var refusal = await s.RefusedWith(pay, RefusalCodes.FamilyPayeeUnagreed);
        SdsScenario.Ok(await s.App.SendAsync(new RecordFamilyAgreement.Command(s.SocialWorker, s.Key(), budget, "Mary Example",
            "Mary lives with Jo and is the only carer available before 8am.", new LocalDate(2026, 10, 6))));
        var again = await s.App.SendAsync(pay with { IdempotencyKey = s.Key() });

        refusal.Reason.Should().StartWith("Mary Example is a family member.");
        again.Succeeded.Should().BeTrue(again.ToString());
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_likely_duplicate_needs_confirming_and_then_goes_ahead()
    {
        var (_, budget, part, person) = await s.FundedDirectPayment();
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(person, part, 25, payee: "Corner Shop", date: new LocalDate(2026, 10, 10))));
        var twin = s.Spend(person, part, 25, payee: "corner shop", date: new LocalDate(2026, 10, 12));

        var refusal = await s.RefusedWith(twin, RefusalCodes.PossibleDuplicate);
        var confirmed = await s.App.SendAsync(twin with { IdempotencyKey = s.Key(), ConfirmDuplicate = true });

        refusal.Reason.Should().Be("£25.00 to Corner Shop was already recorded on 10 October 2026. If this is a second, separate payment, confirm it and record it again.");
        confirmed.Succeeded.Should().BeTrue(confirmed.ToString());
        (await s.Summary(budget)).Spent.Should().Be(Money.FromPounds(50));
        await s.AuditPasses();
    }
}
