using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;

namespace SdsLedger.Tests.Budgets;

/// <summary>
/// Writes that race each other: the first spends in a new category (which open its account at the same moment), many
/// copies of one request under one key, and spends that together ask for more than there is. No exception reaches the
/// caller, every answer is an answer, and the ledger holds exactly what the answers say.
/// </summary>
public sealed class ConcurrencyTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    private static readonly LocalDate RunDate = new(2026, 10, 1);

    private async Task<(Guid Person, Guid Part, Guid Budget)> FundedDirectPaymentAsync(params string[] categories)
    {
        var (person, budget) = await s.ActiveBudget([SdsScenario.DirectPayment(1300)], categories);
        SdsScenario.Ok(await s.PaymentRun(RunDate));
        return (person, budget.PartIds[0], budget.BudgetId);
    }

    [Fact]
    public async Task Ten_first_spends_in_a_new_category_at_once_all_succeed_and_share_one_account()
    {
        var (person, part, _) = await FundedDirectPaymentAsync("leisure", "travel");
        var actor = s.PersonActor(person);

        var answers = await Task.WhenAll(Enumerable.Range(1, 10).Select(i => Task.Run(() =>
            s.App.SendAsync(s.Spend(actor, part, 5 + i, "travel", $"Bus company {i}")))));

        answers.Should().AllSatisfy(a => a.Succeeded.Should().BeTrue(a.ToString()));
        (await s.CountRows("SELECT count(*) FROM sds.part_categories WHERE part_id = @Part AND category = 'travel'", new { Part = part })).Should().Be(1);
        (await s.CountRows("SELECT count(*) FROM ledger.accounts WHERE owner_id = @Part AND kind = 'spent:travel'", new { Part = part })).Should().Be(1);
        (await s.CountRows("SELECT count(*) FROM sds.spends WHERE part_id = @Part", new { Part = part })).Should().Be(10);
        await s.AuditPasses();
    }

    [Fact]
    public async Task Thirty_copies_of_one_request_under_one_key_write_once_and_all_get_the_first_answer()
    {
        var (person, part, _) = await FundedDirectPaymentAsync();
        var spend = s.Spend(s.PersonActor(person), part, 12.50m, payee: "Kirkton Leisure Centre");
        var entries = await s.LedgerEntries();

        var answers = await Task.WhenAll(Enumerable.Range(1, 30).Select(_ => Task.Run(() => s.App.SendAsync(spend))));

        answers.Should().AllSatisfy(a => a.Succeeded.Should().BeTrue(a.ToString()));
        answers.Select(a => a.Value).Distinct().Should().ContainSingle("every copy gets the first answer: the one entry's id");
        (await s.LedgerEntries()).Should().Be(entries + 1);
        (await s.CountRows("SELECT count(*) FROM sds.spends WHERE part_id = @Part", new { Part = part })).Should().Be(1);
        await s.AuditPasses();
    }

    [Fact]
    public async Task Racing_spends_never_take_more_than_there_is()
    {
        var (person, part, budget) = await FundedDirectPaymentAsync();
        var actor = s.PersonActor(person);
        var available = (await s.Summary(budget)).Parts.Single().Available;

        // Twelve spends of a twelfth of what is available, plus a pound: at most eleven can be recorded.
        var each = Money.FromPence(available.Pence / 12 + 100);
        var answers = await Task.WhenAll(Enumerable.Range(1, 12).Select(i => Task.Run(() =>
            s.App.SendAsync(s.Spend(actor, part, each.Pounds, payee: $"Shop {i}")))));

        var recorded = answers.Count(a => a.Succeeded);
        answers.Where(a => !a.Succeeded).Should().AllSatisfy(a => a.Refusal!.Code.Should().Be(RefusalCodes.InsufficientFunds));
        recorded.Should().Be((int)(available.Pence / each.Pence));
        (await s.Summary(budget)).Parts.Single().Available.Should().Be(available - each * recorded);
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_refused_request_retried_under_its_key_gets_the_same_refusal_even_when_it_would_now_pass()
    {
        var (person, part, _) = await FundedDirectPaymentAsync();
        var actor = s.PersonActor(person);
        var tooMuch = s.Spend(actor, part, 5_000, payee: "Garden Centre");

        var first = await s.App.SendAsync(tooMuch);
        var retried = await s.App.SendAsync(tooMuch);

        first.Refusal!.Code.Should().Be(RefusalCodes.InsufficientFunds);
        retried.Should().BeEquivalentTo(first, "a retry with the same key is answered as the first time, refusals too");
        (await s.CountRows("SELECT count(*) FROM sds.spends WHERE part_id = @Part", new { Part = part })).Should().Be(0);
    }
}
