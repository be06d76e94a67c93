using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Councils;
using SdsLedger.Features.Payments;
using SdsLedger.Tests.Banking;

namespace SdsLedger.Tests.Budgets;

/// <summary>
/// A payment run pays only what is due by its date, may be dated only a few days ahead of today, and shows a run that
/// catches up before paying it. Each test has a council of its own: a run pays every budget of the council.
/// </summary>
public sealed class PaymentRunTests : IAsyncLifetime
{
    private readonly SdsScenario s = new();

    // The scenario's today is 23 November 2026; budgets run from 1 October 2026, instalments every 4 weeks.
    private static readonly LocalDate Today = new(2026, 11, 23);

    public Task InitializeAsync() => s.InitializeAsync();

    public Task DisposeAsync() => s.DisposeAsync();

    private PaymentRun.Command Run(LocalDate date, bool confirmed = false) => new(s.Finance, s.Key(), s.CouncilId, date, confirmed);

    [Fact]
    public async Task A_run_dated_far_in_the_future_is_refused_and_pays_nothing()
    {
        await s.ActiveBudget([SdsScenario.DirectPayment(2600)]);
        var entries = await s.LedgerEntries();

        var farAhead = await s.App.SendAsync(Run(new LocalDate(9999, 12, 31), confirmed: true));
        var eightDays = await s.App.SendAsync(Run(Today.PlusDays(8), confirmed: true));
        var preview = await s.App.SendAsync(new PaymentRunPreview.Query(s.Finance, s.CouncilId, new LocalDate(9999, 12, 31)));

        farAhead.Errors.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Field = "RunDate" });
        farAhead.Errors[0].Message.Should().Contain("outside the dates SdsLedger takes", "the year 9999 is refused by the ledger's date range first");
        eightDays.Errors.Should().ContainSingle().Which.Field.Should().Be("RunDate");
        eightDays.Errors[0].Message.Should().Contain("at most 7 day(s) after today, so no later than 30 November 2026");
        preview.Errors.Should().ContainSingle().Which.Field.Should().Be("RunDate");
        (await s.LedgerEntries()).Should().Be(entries);
    }

    [Fact]
    public async Task The_council_sets_how_far_ahead_a_run_may_be_dated()
    {
        await s.ActiveBudget([SdsScenario.DirectPayment(2600)]);
        SdsScenario.Ok(await s.App.SendAsync(new ChangeCouncilRules.Command(s.Finance, s.Key(), s.CouncilId, PaymentRunDaysAhead: 14)));

        var inFourteenDays = await s.App.SendAsync(Run(Today.PlusDays(14), confirmed: true));
        var inFifteenDays = await s.App.SendAsync(Run(Today.PlusDays(15), confirmed: true));

        inFourteenDays.Succeeded.Should().BeTrue(inFourteenDays.ToString());
        inFifteenDays.Errors.Should().ContainSingle().Which.Message.Should().Contain("at most 14 day(s)");
    }

    [Fact]
    public async Task A_run_catching_up_is_previewed_then_paid_only_when_confirmed_and_never_twice()
    {
        var (_, budget) = await s.ActiveBudget([SdsScenario.DirectPayment(2600)]);
        var entries = await s.LedgerEntries();

        var preview = SdsScenario.Ok(await s.App.SendAsync(new PaymentRunPreview.Query(s.Finance, s.CouncilId, Today)));
        var unconfirmed = await s.App.SendAsync(Run(Today));
        var afterRefusal = await s.LedgerEntries();
        var confirmed = SdsScenario.Ok(await s.App.SendAsync(Run(Today, confirmed: true)));
        var again = SdsScenario.Ok(await s.App.SendAsync(Run(Today, confirmed: true)));

        preview.Payments.Should().ContainSingle().Which.Due.Should().Equal([new LocalDate(2026, 10, 1), new LocalDate(2026, 10, 29)],
            "the instalment due on 26 November is after the run's date");
        preview.NeedsConfirmation.Should().BeTrue();
        unconfirmed.Refusal!.Code.Should().Be(RefusalCodes.NeedsConfirmation);
        unconfirmed.Refusal.Reason.Should().Contain("2 instalments").And.Contain(preview.Total.ToString());
        afterRefusal.Should().Be(entries, "a run that is not confirmed pays nothing");
        confirmed.InstalmentsPaid.Should().Be(2);
        confirmed.TotalPaid.Should().Be(preview.Total);
        again.InstalmentsPaid.Should().Be(0);
        again.AlreadyPaid.Should().Be(2);
        (await s.Summary(budget.BudgetId)).Received.Should().Be(preview.Total);
        await s.AuditPasses();
    }

    [Fact]
    public async Task Two_finance_officers_running_the_same_day_at_once_pay_each_instalment_once()
    {
        var budgets = new List<Guid>();
        for (var i = 0; i < 3; i++) budgets.Add((await s.ActiveBudget([SdsScenario.DirectPayment(2600)])).Budget.BudgetId);
        var other = s.Finance with { Name = "Another Finance" };

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() =>
            s.App.SendAsync(new PaymentRun.Command(i % 2 == 0 ? s.Finance : other, s.Key(), s.CouncilId, Today, Confirmed: true)))));

        runs.Should().AllSatisfy(r => r.Succeeded.Should().BeTrue(r.ToString()));
        runs.Sum(r => r.Value!.InstalmentsPaid).Should().Be(6, "three budgets, two instalments each, whichever run paid them");
        foreach (var budget in budgets) (await s.Summary(budget)).Received.Should().Be(Money.FromPounds(800), "4 weeks of £2,600 over 26 weeks is £400");
        await s.AuditPasses();
    }

    [Fact]
    public async Task The_ledger_keeps_how_far_each_part_was_paid_and_a_part_whose_schedule_changed_is_checked_instalment_by_instalment()
    {
        var (_, budget) = await s.ActiveBudget([SdsScenario.DirectPayment(2600)]);
        var part = budget.PartIds.Single();
        SdsScenario.Ok(await s.App.SendAsync(Run(Today, confirmed: true)));
        var kept = await s.CountAsync("SELECT paid FROM ledger.instalments_paid WHERE part_id = @P AND paid_through = '2026-10-29'", new { P = part });

        // Paid on 1 and 29 October every 4 weeks; every 2 weeks the schedule also has 15 October, which a run reading
        // only "paid through 29 October" would never pay.
        await s.CountAsync("WITH changed AS (UPDATE sds.budget_parts SET instalment_weeks = 2 WHERE id = @P RETURNING 1) SELECT count(*) FROM changed", new { P = part });
        var preview = SdsScenario.Ok(await s.App.SendAsync(new PaymentRunPreview.Query(s.Finance, s.CouncilId, Today)));
        var run = SdsScenario.Ok(await s.App.SendAsync(Run(Today, confirmed: true)));

        kept.Should().Be(2, "two instalments were paid, the latest due on 29 October");
        preview.Payments.Should().ContainSingle().Which.Due.Should().Equal([new LocalDate(2026, 10, 15), new LocalDate(2026, 11, 12)]);
        preview.AlreadyPaid.Should().Be(2);
        run.InstalmentsPaid.Should().Be(2);
        run.AlreadyPaid.Should().Be(2);
        await s.AuditPasses();
    }
}
