using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Budgets;

namespace SdsLedger.Tests.Budgets;

public sealed class MoneyFlowTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    [Fact]
    public async Task A_direct_payment_is_allocated_paid_in_instalments_and_spent_by_the_person()
    {
        var (person, budget) = await s.ActiveBudget([SdsScenario.DirectPayment(2600)]);
        var part = budget.PartIds[0];

        var run = SdsScenario.Ok(await s.PaymentRun(new LocalDate(2026, 10, 29)));
        var spend = await s.App.SendAsync(s.Spend(s.PersonActor(person), part, 45.50m));
        var summary = await s.Summary(budget.BudgetId);

        run.InstalmentsPaid.Should().BeGreaterThanOrEqualTo(2);
        spend.Succeeded.Should().BeTrue(spend.ToString());
        summary.Option.Should().Be(SdsOption.DirectPayment);
        summary.Allocated.Should().Be(Money.FromPounds(2600));
        summary.Received.Should().Be(Money.FromPounds(800)); // 2,600 over 26 weeks: 4-weekly instalments of 400, two due by 29 October
        summary.Spent.Should().Be(Money.FromPounds(45.50m));
        summary.Available.Should().Be(Money.FromPounds(754.50m));
        summary.SpentByCategory.Should().ContainSingle(c => c.Category == "leisure" && c.Spent == Money.FromPounds(45.50m));
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_payment_run_run_twice_pays_once()
    {
        var (_, budget) = await s.ActiveBudget([SdsScenario.DirectPayment(1300)]);
        var date = new LocalDate(2026, 11, 26);

        var first = SdsScenario.Ok(await s.PaymentRun(date));
        var before = await s.Summary(budget.BudgetId);
        var second = SdsScenario.Ok(await s.PaymentRun(date));
        var after = await s.Summary(budget.BudgetId);

        first.InstalmentsPaid.Should().BeGreaterThan(0);
        second.InstalmentsPaid.Should().Be(0);
        second.AlreadyPaid.Should().Be(first.InstalmentsPaid + first.AlreadyPaid);
        second.TotalPaid.Should().Be(Money.Zero);
        after.Received.Should().Be(before.Received);
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_provider_spends_the_option_2_money_it_holds_but_cannot_touch_a_direct_payment()
    {
        var (_, budget) = await s.ActiveBudget([s.ProviderHeld(1300), SdsScenario.DirectPayment(1300)], "personal-care", "leisure");
        await s.PaymentRun(new LocalDate(2026, 10, 1));
        var before = await s.LedgerEntries();

        var own = await s.App.SendAsync(s.Spend(s.Provider, budget.PartIds[0], 120, "personal-care", "Harbour Care"));
        var directPayment = await s.App.SendAsync(s.Spend(s.Provider, budget.PartIds[1], 20));

        own.Succeeded.Should().BeTrue(own.ToString());
        directPayment.Refusal!.Code.Should().Be(RefusalCodes.NotHolder);
        directPayment.Refusal.Reason.Should().Contain("direct payment");
        (await s.LedgerEntries()).Should().Be(before + 1);
        (await s.Summary(budget.BudgetId)).Option.Should().Be(SdsOption.Mix);
        await s.AuditPasses();
    }

    [Fact]
    public async Task Council_arranged_support_is_spent_from_the_allocation_without_instalments()
    {
        var (_, budget) = await s.ActiveBudget([SdsScenario.CouncilArranged(5000)], "home-care");

        var spend = await s.App.SendAsync(s.Spend(s.Finance, budget.PartIds[0], 310.40m, "home-care", "Council home care team") with
        {
            ApprovalId = null,
            Amount = Money.FromPounds(210.40m),
        });
        var summary = await s.Summary(budget.BudgetId);

        spend.Succeeded.Should().BeTrue(spend.ToString());
        summary.Available.Should().Be(Money.FromPounds(4789.60m));
        summary.Received.Should().Be(Money.FromPounds(5000));
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_refused_spend_writes_no_ledger_entry_only_its_audit_record()
    {
        var (person, budget) = await s.ActiveBudget([SdsScenario.DirectPayment(1300)]);
        await s.PaymentRun(new LocalDate(2026, 10, 1));
        var entries = await s.LedgerEntries();
        var refusedBefore = await s.AuditRecords("refused", RefusalCodes.InsufficientFunds);

        var result = await s.App.SendAsync(s.Spend(s.PersonActor(person), budget.PartIds[0], 240));

        result.Refusal!.Code.Should().Be(RefusalCodes.InsufficientFunds);
        result.Refusal.Reason.Should().Be("This would spend £240.00 but only £200.00 is available.");
        (await s.LedgerEntries()).Should().Be(entries);
        (await s.AuditRecords("refused", RefusalCodes.InsufficientFunds)).Should().Be(refusedBefore + 1);
    }

    [Fact]
    public async Task A_retry_with_the_same_key_returns_the_first_answer_and_writes_once()
    {
        var (person, budget) = await s.ActiveBudget([SdsScenario.DirectPayment(1300)]);
        await s.PaymentRun(new LocalDate(2026, 10, 1));
        var spend = s.Spend(s.PersonActor(person), budget.PartIds[0], 30);

        var first = await s.App.SendAsync(spend);
        var retry = await s.App.SendAsync(spend);
        var conflict = await s.App.SendAsync(spend with { Amount = Money.FromPounds(31) });

        retry.Value.Should().Be(first.Value);
        conflict.Refusal!.Code.Should().Be(RefusalCodes.IdempotencyConflict);
        (await s.Summary(budget.BudgetId)).Spent.Should().Be(Money.FromPounds(30));
    }

    [Fact]
    public async Task Bad_input_names_each_field_and_writes_nothing()
    {
        var (person, budget) = await s.ActiveBudget([SdsScenario.DirectPayment(1300)]);
        var entries = await s.LedgerEntries();

        var result = await s.App.SendAsync(s.Spend(s.PersonActor(person), budget.PartIds[0], 10) with
        {
            Amount = Money.FromPence(-5),
            Category = "Not A Category",
            Payee = "",
        });

        result.Succeeded.Should().BeFalse();
        result.Errors.Select(e => e.Field).Should().BeEquivalentTo(["Amount", "Category", "Payee"]);
        result.Errors.Single(e => e.Field == "Amount").Message.Should().Contain("more than £0.00");
        (await s.LedgerEntries()).Should().Be(entries);
    }
}
