using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.Councils;
using SdsLedger.Features.Family;
using SdsLedger.Features.Plans;
using SdsLedger.Pipeline;
using SdsLedger.Tests.Budgets;

namespace SdsLedger.Tests.Concurrency;

/// <summary>
/// Different requests racing for one thing that can exist once (a worker's code, an organisation's code, a council's
/// code, a budget's activation, an agreement to pay a relative): one is taken, the
/// others are refused or answered with a field's problem, and none fails.
/// </summary>
public sealed class RacingRequestsTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    private static async Task<Result<T>[]> AtOnceAsync<T>(int copies, Func<int, Task<Result<T>>> send) =>
        await Task.WhenAll(Enumerable.Range(0, copies).Select(i => Task.Run(() => send(i))));

    private static void OneTakenTheRestAnswered<T>(Result<T>[] answers)
    {
        answers.Count(a => a.Succeeded).Should().Be(1, string.Join("; ", answers.Select(a => a.ToString())));
        answers.Where(a => !a.Succeeded).Should().AllSatisfy(a => (a.Refusal is not null || a.Errors.Count > 0).Should().BeTrue(a.ToString()));
    }

    [Fact]
    public async Task Eight_workers_registered_at_once_with_one_code_make_one_worker()
    {
        var code = $"sw-{Guid.NewGuid():N}"[..16];
        var answers = await AtOnceAsync(8, i => s.App.SendAsync(new RegisterWorker.Command(s.Finance, s.Key(), code, $"Worker {i}", Role.SocialWorker, s.CouncilId, null)));
        OneTakenTheRestAnswered(answers);
        (await s.Count("SELECT count(*) FROM sds.workers WHERE code = @code", new { code })).Should().Be(1);
    }

    [Fact]
    public async Task Eight_organisations_registered_at_once_with_one_code_make_one()
    {
        var code = $"org-{Guid.NewGuid():N}"[..16];
        var answers = await AtOnceAsync(8, i => s.App.SendAsync(new RegisterOrganisation.Command(s.Finance, s.Key(), code, $"Care {i}", "0141 000 0000")));
        OneTakenTheRestAnswered(answers);
        (await s.Count("SELECT count(*) FROM sds.organisations WHERE code = @code", new { code })).Should().Be(1);
    }

    [Fact]
    public async Task Eight_councils_set_up_at_once_with_one_code_make_one()
    {
        var code = $"c-{Guid.NewGuid():N}"[..14];
        var answers = await AtOnceAsync(8, i =>
            s.App.SendAsync(new SetUpCouncil.Command(new Actor(Guid.CreateVersion7(), $"Finance {i}", Role.CouncilFinance, null), s.Key(), code,
                $"Council {i}", "SDS team, 01234 567890", $"fin-{Guid.NewGuid():N}"[..14])));
        OneTakenTheRestAnswered(answers);
        (await s.Count("SELECT count(*) FROM sds.councils WHERE code = @code", new { code })).Should().Be(1);
    }

    [Fact]
    public async Task A_plan_agreed_eight_times_at_once_is_agreed_as_one_of_them_and_the_budget_is_activated_once()
    {
        var person = await s.Person();
        var budget = SdsScenario.Ok(await s.App.SendAsync(new CreateBudget.Command(s.SocialWorker, s.Key(), person, SdsScenario.PeriodStart, SdsScenario.PeriodEnd,
            [SdsScenario.DirectPayment(1300)])));

        // Agreeing a plan again replaces it: eight at once all answer, and the plan is whole, one of theirs.
        var agreed = await AtOnceAsync(8, i => s.App.SendAsync(new AgreeSupportPlan.Command(s.SocialWorker, s.Key(), budget.BudgetId, SdsScenario.PeriodStart,
            [new Outcome($"Outcome {i}")], [new PlanCategory(i % 2 == 0 ? "leisure" : "personal-care")])));
        agreed.Should().AllSatisfy(a => a.Succeeded.Should().BeTrue(a.ToString()));
        (await s.Count("SELECT count(*) FROM sds.support_plans WHERE budget_id = @B", new { B = budget.BudgetId })).Should().Be(1);
        (await s.Count("SELECT count(*) FROM sds.plan_outcomes WHERE budget_id = @B", new { B = budget.BudgetId })).Should().Be(1);
        (await s.Count("SELECT count(*) FROM sds.plan_categories WHERE budget_id = @B", new { B = budget.BudgetId })).Should().Be(1);

        var activated = await AtOnceAsync(8, _ => s.App.SendAsync(new ActivateBudget.Command(s.Finance, s.Key(), budget.BudgetId)));
        OneTakenTheRestAnswered(activated);
        (await s.Count("""
            SELECT count(DISTINCT p.entry_id) FROM ledger.postings p JOIN ledger.accounts a ON a.id = p.account_id
             WHERE a.owner_id = ANY(@Parts) AND a.kind = 'allocation'
            """, new { Parts = budget.PartIds.ToArray() })).Should().Be(1, "the budget's money is allocated once");
        await s.AuditPasses();
    }

    [Fact]
    public async Task One_agreement_to_pay_a_relative_sent_eight_times_under_different_keys_is_recorded_once()
    {
        var (_, budget) = await s.ActiveBudget([SdsScenario.DirectPayment(1300)]);
        var answers = await AtOnceAsync(8, _ => s.App.SendAsync(new RecordFamilyAgreement.Command(s.SocialWorker, s.Key(), budget.BudgetId, "Mrs Isla Example",
            "She lives nearby and knows the routine", new LocalDate(2026, 10, 2))));
        OneTakenTheRestAnswered(answers);
        (await s.Count("SELECT count(*) FROM sds.family_agreements WHERE budget_id = @B", new { B = budget.BudgetId })).Should().Be(1);
    }
}
