using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.Commitments;
using SdsLedger.Features.Plans;

namespace SdsLedger.Tests.Budgets;

public sealed class BudgetLifecycleTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    [Fact]
    public async Task A_period_is_closed_once_by_a_finance_officer()
    {
        var (_, budget, _, _) = await s.FundedDirectPayment();

        var socialWorker = await s.RefusedWith(new ClosePeriod.Command(s.SocialWorker, s.Key(), budget), RefusalCodes.NotAuthorised);
        var closed = SdsScenario.Ok(await s.App.SendAsync(new ClosePeriod.Command(s.Finance, s.Key(), budget)));
        var again = await s.RefusedWith(new ClosePeriod.Command(s.Finance, s.Key(), budget), RefusalCodes.InvalidState);

        socialWorker.Reason.Should().Contain("cannot close budget periods");
        closed.Should().Be(new BudgetState(budget, "active", Closed: true));
        (await s.Summary(budget)).Closed.Should().BeTrue();
        again.Reason.Should().Be("This budget's period is already closed.");
    }

    [Fact]
    public async Task Money_still_set_aside_is_spent_or_released_before_a_period_closes_or_a_budget_ends()
    {
        var (_, budget, part, person) = await s.FundedDirectPayment();
        var commitment = SdsScenario.Ok(await s.App.SendAsync(s.Commitment(person, part, 40)));

        var close = await s.RefusedWith(new ClosePeriod.Command(s.Finance, s.Key(), budget), RefusalCodes.InvalidState);
        var end = await s.RefusedWith(new EndBudget.Command(s.SocialWorker, s.Key(), budget, "Moved away"), RefusalCodes.InvalidState);
        SdsScenario.Ok(await s.App.SendAsync(new ReleaseCommitment.Command(person, s.Key(), commitment, "Not needed now")));
        var closed = await s.App.SendAsync(new ClosePeriod.Command(s.Finance, s.Key(), budget));

        close.Reason.Should().Be("£40.00 is still set aside (for the gym membership). Spend or release it first, then close the period.");
        end.Reason.Should().EndWith("Spend or release it first, then end the budget.");
        closed.Succeeded.Should().BeTrue(closed.ToString());
    }

    [Fact]
    public async Task An_ended_budget_is_not_spent_or_paid_any_more()
    {
        var (_, budget, part, person) = await s.FundedDirectPayment(1300);

        var ended = SdsScenario.Ok(await s.App.SendAsync(new EndBudget.Command(s.SocialWorker, s.Key(), budget, "Moved to another council area")));
        var spend = await s.RefusedWith(s.Spend(person, part, 20), RefusalCodes.PeriodClosed);
        SdsScenario.Ok(await s.PaymentRun(new LocalDate(2026, 12, 31)));
        var again = await s.RefusedWith(new EndBudget.Command(s.Finance, s.Key(), budget, "Moved"), RefusalCodes.InvalidState);
        var summary = await s.Summary(budget);

        ended.Should().Be(new BudgetState(budget, "ended", Closed: false));
        spend.Reason.Should().Be("This budget is not active (it is still a draft or has ended), so nothing can be spent from it.");
        summary.Status.Should().Be("ended");
        summary.Received.Should().Be(Money.FromPounds(200));
        again.Reason.Should().Be("This budget has already ended.");
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_draft_budgets_parts_are_added_and_changed_and_its_total_follows()
    {
        var person = await s.Person();
        var budget = SdsScenario.Ok(await s.App.SendAsync(new CreateBudget.Command(s.SocialWorker, s.Key(), person, SdsScenario.PeriodStart,
            SdsScenario.PeriodEnd, [SdsScenario.DirectPayment(1000)])));

        var added = SdsScenario.Ok(await s.App.SendAsync(new ChangePart.Command(s.SocialWorker, s.Key(), budget.BudgetId, null, s.ProviderHeld(500))));
        var changed = SdsScenario.Ok(await s.App.SendAsync(new ChangePart.Command(s.SocialWorker, s.Key(), budget.BudgetId, budget.PartIds[0],
            new PartSpec(SdsOption.DirectPayment, HolderKind.ThirdParty, Money.FromPounds(1200), HolderName: "Ann Example (sister, nominated)"))));
        var allocated = SdsScenario.Ok(await s.App.SendAsync(new ActivateBudget.Command(s.Finance, s.Key(), budget.BudgetId)));
        var summary = await s.Summary(budget.BudgetId);

        added.Position.Should().Be(2);
        added.AgreedTotal.Should().Be(Money.FromPounds(1500));
        changed.Should().Be(new ChangedPart(budget.PartIds[0], 1, Money.FromPounds(1700)));
        allocated.Should().Be(Money.FromPounds(1700));
        summary.AgreedTotal.Should().Be(Money.FromPounds(1700));
        summary.Option.Should().Be(SdsOption.Mix);
        summary.Parts.Select(p => (p.Holder, p.Amount)).Should().Equal(("Ann Example (sister, nominated)", Money.FromPounds(1200)), ("Harbour Care", Money.FromPounds(500)));
        await s.AuditPasses();
    }

    [Fact]
    public async Task An_active_budgets_parts_do_not_change()
    {
        var (_, budget) = await s.ActiveBudget([SdsScenario.DirectPayment(1300)]);

        var change = await s.RefusedWith(new ChangePart.Command(s.SocialWorker, s.Key(), budget.BudgetId, budget.PartIds[0], SdsScenario.DirectPayment(2000)),
            RefusalCodes.InvalidState);
        var add = await s.RefusedWith(new ChangePart.Command(s.SocialWorker, s.Key(), budget.BudgetId, null, SdsScenario.CouncilArranged(300)),
            RefusalCodes.InvalidState);

        change.Reason.Should().Be("This budget is active, so its parts can no longer change: only a draft budget's parts can. "
                                  + "To change the support, end this budget and set up a new one from the date of the change.");
        add.Reason.Should().Be(change.Reason);
        (await s.Summary(budget.BudgetId)).AgreedTotal.Should().Be(Money.FromPounds(1300));
    }

    [Fact]
    public async Task A_part_must_fit_its_option_and_belong_to_the_budget()
    {
        var person = await s.Person();
        var budget = SdsScenario.Ok(await s.App.SendAsync(new CreateBudget.Command(s.SocialWorker, s.Key(), person, SdsScenario.PeriodStart,
            SdsScenario.PeriodEnd, [SdsScenario.DirectPayment(1000)])));

        var misfit = await s.App.SendAsync(new ChangePart.Command(s.SocialWorker, s.Key(), budget.BudgetId, null,
            new PartSpec(SdsOption.CouncilArranged, HolderKind.Person, Money.FromPounds(100))));
        var stranger = await s.RefusedWith(new ChangePart.Command(s.SocialWorker, s.Key(), budget.BudgetId, Guid.NewGuid(), SdsScenario.DirectPayment(10)),
            RefusalCodes.NotFound);
        var finance = await s.RefusedWith(new ChangePart.Command(s.Finance, s.Key(), budget.BudgetId, null, SdsScenario.DirectPayment(10)),
            RefusalCodes.NotAuthorised);

        misfit.Errors.Should().ContainSingle().Which.Message.Should().Be("Council-arranged support (option 3) is held by the council.");
        stranger.Reason.Should().Be("That part of this budget was not found, or is not yours to see.");
        finance.Reason.Should().Contain("cannot change budget parts");
    }

    [Fact]
    public async Task A_plan_with_a_badly_formed_outcome_or_category_names_each_one_and_records_nothing()
    {
        var person = await s.Person();
        var budget = SdsScenario.Ok(await s.App.SendAsync(new CreateBudget.Command(s.SocialWorker, s.Key(), person, SdsScenario.PeriodStart, SdsScenario.PeriodEnd,
            [SdsScenario.DirectPayment(1300)])));

        var result = await s.App.SendAsync(new AgreeSupportPlan.Command(s.SocialWorker, s.Key(), budget.BudgetId, SdsScenario.PeriodStart,
            [new Outcome("Feel settled at home", RecoveryPhase: "finished"), new Outcome("", CapitalDomain: "financial")],
            [new PlanCategory("leisure", Money.FromPounds(100), 20m), new PlanCategory("leisure"), new PlanCategory("personal-care", SharePercent: 120m)]));

        result.Errors.Select(e => e.Field).Should().BeEquivalentTo(
            ["Outcomes[0].RecoveryPhase", "Outcomes[1].Text", "Outcomes[1].CapitalDomain", "Categories", "Categories[0]", "Categories[2].SharePercent"]);
        result.Errors.Single(e => e.Field == "Outcomes[0].RecoveryPhase").Message.Should().Contain("stabilisation, maintenance or recovery");
        result.Errors.Single(e => e.Field == "Categories").Message.Should().Be("Each category appears once.");
        result.Errors.Single(e => e.Field == "Categories[0]").Message.Should().Be("Give a category an amount or a share, not both.");
        (await s.CountRows("SELECT (SELECT count(*) FROM sds.plan_outcomes WHERE budget_id = @Id) + (SELECT count(*) FROM sds.support_plans WHERE budget_id = @Id)",
            new { Id = budget.BudgetId })).Should().Be(0);
    }

    [Fact]
    public async Task A_budget_held_by_an_organisation_nobody_registered_is_refused_naming_the_part_and_writes_nothing()
    {
        var person = await s.Person();
        var written = await s.WrittenRows();

        var result = await s.App.SendAsync(new CreateBudget.Command(s.SocialWorker, s.Key(), person, SdsScenario.PeriodStart, SdsScenario.PeriodEnd,
            [SdsScenario.DirectPayment(1300), new PartSpec(SdsOption.DirectedSupport, HolderKind.Organisation, Money.FromPounds(2600), Guid.NewGuid())]));

        result.Errors.Should().ContainSingle().Which.Should().Be(new Pipeline.FieldError("Parts[1].HolderOrganisationId",
            BudgetWriter.NoSuchOrganisation));
        (await s.WrittenRows()).Should().Be(written);
    }
}
