using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Corrections;

namespace SdsLedger.Tests.Budgets;

public sealed class CorrectionTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    private static readonly LocalDate Today = new(2026, 10, 15);

    [Fact]
    public async Task Reversing_a_spend_restores_the_balances_and_keeps_both_entries()
    {
        var (_, budget, part, person) = await s.FundedDirectPayment(1300);
        var spend = SdsScenario.Ok(await s.App.SendAsync(s.Spend(person, part, 45)));
        var entries = await s.LedgerEntries();

        var reversal = SdsScenario.Ok(await s.App.SendAsync(new ReverseEntry.Command(s.Finance, s.Key(), budget, spend, Today, "Recorded against the wrong person")));
        var summary = await s.Summary(budget);

        summary.Available.Should().Be(Money.FromPounds(200));
        summary.Spent.Should().Be(Money.Zero);
        (await s.LedgerEntries()).Should().Be(entries + 1);
        // The ledger keeps the correction's text sealed with the person's key (it is about them); opened, it says what was corrected and why.
        var sealedText = await s.Scalar<string>("SELECT description FROM ledger.entries WHERE id = @reversal AND reverses = @spend", new { reversal, spend });
        (await s.Reveal(sealedText)).Should().Be("Correction of \"Swimming sessions (Leisure Centre)\": Recorded against the wrong person");
        await s.AuditPasses();
    }

    [Fact]
    public async Task An_entry_is_reversed_only_once()
    {
        var (_, budget, part, person) = await s.FundedDirectPayment(1300);
        var spend = SdsScenario.Ok(await s.App.SendAsync(s.Spend(person, part, 45)));
        SdsScenario.Ok(await s.App.SendAsync(new ReverseEntry.Command(s.Finance, s.Key(), budget, spend, Today, "Recorded twice")));

        var again = await s.RefusedWith(new ReverseEntry.Command(s.Finance, s.Key(), budget, spend, Today, "Recorded twice"), RefusalCodes.InvalidState);

        again.Reason.Should().Be("\"Swimming sessions (Leisure Centre)\" was already reversed by Fiona Finance on 15 October 2026; an entry is reversed only once.");
        (await s.Summary(budget)).Available.Should().Be(Money.FromPounds(200));
        await s.AuditPasses();
    }

    [Fact]
    public async Task Only_a_finance_officer_reverses_and_only_an_entry_of_that_budget()
    {
        var (_, budget, part, person) = await s.FundedDirectPayment(1300);
        var (_, otherBudget, _, _) = await s.FundedDirectPayment(1300);
        var spend = SdsScenario.Ok(await s.App.SendAsync(s.Spend(person, part, 45)));

        var socialWorker = await s.RefusedWith(new ReverseEntry.Command(s.SocialWorker, s.Key(), budget, spend, Today, "Wrong"), RefusalCodes.NotAuthorised);
        var wrongBudget = await s.RefusedWith(new ReverseEntry.Command(s.Finance, s.Key(), otherBudget, spend, Today, "Wrong"), RefusalCodes.NotFound);
        var noSuchEntry = await s.RefusedWith(new ReverseEntry.Command(s.Finance, s.Key(), budget, Guid.NewGuid(), Today, "Wrong"), RefusalCodes.NotFound);

        socialWorker.Reason.Should().Be("Sam Worker (social-worker) cannot reverse ledger entries (a finance officer of the council does).");
        wrongBudget.Reason.Should().Be("That ledger entry on this budget was not found, or is not yours to see.");
        noSuchEntry.Reason.Should().Be(wrongBudget.Reason);
        await s.AuditPasses();
    }

    [Fact]
    public async Task An_instalment_already_spent_cannot_be_reversed_until_the_spending_is()
    {
        var (_, budget, part, person) = await s.FundedDirectPayment(1300);
        var instalment = await s.Scalar<Guid>("SELECT id FROM ledger.entries WHERE idempotency_key = @key",
            new { key = $"instalment:{part}:2026-10-01" });
        var spend = SdsScenario.Ok(await s.App.SendAsync(s.Spend(person, part, 150)));

        var refusal = await s.RefusedWith(new ReverseEntry.Command(s.Finance, s.Key(), budget, instalment, Today, "Paid in error"), RefusalCodes.InsufficientFunds);
        SdsScenario.Ok(await s.App.SendAsync(new ReverseEntry.Command(s.Finance, s.Key(), budget, spend, Today, "Refunded by the shop")));
        var reversed = await s.App.SendAsync(new ReverseEntry.Command(s.Finance, s.Key(), budget, instalment, Today, "Paid in error"));
        var summary = await s.Summary(budget);

        refusal.Reason.Should().Be("Undoing \"Instalment due 2026-10-01\" needs money that is no longer there: only £50.00 is available where it would come from. Correct the later spending first.");
        reversed.Succeeded.Should().BeTrue(reversed.ToString());
        summary.Available.Should().Be(Money.Zero);
        summary.Spent.Should().Be(Money.Zero);
        await s.AuditPasses();
    }
}
