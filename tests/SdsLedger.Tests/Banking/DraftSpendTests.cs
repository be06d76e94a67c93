using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Banking;
using SdsLedger.Tests.Budgets;

namespace SdsLedger.Tests.Banking;

public sealed class DraftSpendTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    private const string CardFeed = """
        transaction id,date,amount,merchant name,merchant category code
        C-1,2026-10-10,45.50,KIRKTON LEISURE CENTRE,7997
        C-2,2026-10-14,18.99,KIRKTON WINE CELLAR,5921
        C-3,2026-10-20,12.00,FIFE BUSES,4131
        """;

    private async Task<(Guid Person, Guid Part)> CardHolder()
    {
        var (person, budget) = await s.ActiveBudget([SdsScenario.DirectPayment(2600)], "leisure", "transport");
        SdsScenario.Ok(await s.PaymentRun(new LocalDate(2026, 10, 1)));
        // The swim was recorded by hand; the other two card lines were not.
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(s.PersonActor(person), budget.PartIds[0], 45.50m, "leisure", "Kirkton Leisure Centre", new LocalDate(2026, 10, 9))));
        return (person, budget.PartIds[0]);
    }

    [Fact]
    public async Task Card_lines_with_no_spend_recorded_become_drafts_carrying_their_merchant_category_code()
    {
        var (person, part) = await CardHolder();

        var import = SdsScenario.Ok(await s.ImportAsync(new StatementAccount(StatementAccountKind.Person, person), CardFeed, "card.csv"));
        var drafts = SdsScenario.Ok(await s.App.SendAsync(new DraftSpends.Query(s.Finance, person)));

        import.DraftSpends.Should().Be(2, "the swim matches the spend recorded the day before");
        drafts.Select(d => (d.Payee, d.Amount, d.MerchantCategoryCode, d.PartId)).Should().Equal(
            ("KIRKTON WINE CELLAR", Money.FromPounds(18.99m), "5921", part), ("FIFE BUSES", Money.FromPounds(12), "4131", part));
    }

    [Fact]
    public async Task Confirming_a_draft_records_it_through_every_spending_rule_and_a_refusal_leaves_it_waiting()
    {
        var (person, _) = await CardHolder();
        await s.ImportAsync(new StatementAccount(StatementAccountKind.Person, person), CardFeed, "card.csv");
        var drafts = SdsScenario.Ok(await s.App.SendAsync(new DraftSpends.Query(s.Finance, person)));
        var bus = drafts.Single(d => d.Payee == "FIFE BUSES");
        var entries = await s.LedgerEntries();

        var outsidePlan = await ConfirmDraftSpend.ConfirmAsync(s.App, s.Finance, bus.Id, "holidays", null);
        var afterRefusal = await s.LedgerEntries();
        var confirmed = await ConfirmDraftSpend.ConfirmAsync(s.App, s.PersonActor(person), bus.Id, "transport", "Bus to the recovery cafe");
        var again = await ConfirmDraftSpend.ConfirmAsync(s.App, s.PersonActor(person), bus.Id, "transport", "Bus to the recovery cafe");

        outsidePlan.Refusal!.Code.Should().Be(RefusalCodes.OutsidePlan);
        afterRefusal.Should().Be(entries, "a refusal records nothing");
        confirmed.Succeeded.Should().BeTrue(confirmed.ToString());
        confirmed.Value!.Status.Should().Be("recorded");
        again.Value!.EntryId.Should().Be(confirmed.Value.EntryId, "confirming again finds the same spend");
        (await s.Opened("SELECT payee FROM sds.spends WHERE part_id = @Part", new { Part = bus.PartId })).Count(p => p == "FIFE BUSES").Should().Be(1);
        SdsScenario.Ok(await s.App.SendAsync(new DraftSpends.Query(s.Finance, person))).Should().ContainSingle(d => d.Payee == "KIRKTON WINE CELLAR");
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_draft_keeps_its_merchant_category_code_and_the_excluded_purpose_rule_reads_it()
    {
        var (person, _) = await CardHolder();
        // A betting shop whose name says nothing of betting: only its merchant category code (7995) tells.
        await s.ImportAsync(new StatementAccount(StatementAccountKind.Person, person), """
            transaction id,date,amount,merchant name,merchant category code
            C-9,2026-10-16,20.00,HIGHLAND LEISURE LTD,7995
            """, "card.csv");
        var draft = SdsScenario.Ok(await s.App.SendAsync(new DraftSpends.Query(s.Finance, person))).Single(d => d.Payee == "HIGHLAND LEISURE LTD");

        var confirmed = await ConfirmDraftSpend.ConfirmAsync(s.App, s.PersonActor(person), draft.Id, "leisure", "Card payment");

        confirmed.Refusal!.Code.Should().Be(RefusalCodes.ExcludedPurpose);
        confirmed.Refusal.Reason.Should().Contain("7995");
        SdsScenario.Ok(await s.App.SendAsync(new DraftSpends.Query(s.Finance, person))).Should().Contain(d => d.Id == draft.Id, "a refused draft waits");
    }

    [Fact]
    public async Task Ten_confirmations_of_one_draft_at_once_record_one_spend()
    {
        var (person, _) = await CardHolder();
        await s.ImportAsync(new StatementAccount(StatementAccountKind.Person, person), CardFeed, "card.csv");
        var bus = SdsScenario.Ok(await s.App.SendAsync(new DraftSpends.Query(s.Finance, person))).Single(d => d.Payee == "FIFE BUSES");

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            Task.Run(() => ConfirmDraftSpend.ConfirmAsync(s.App, s.Finance, bus.Id, "transport", null))));

        results.Should().OnlyContain(r => r.Succeeded, string.Join("; ", results.Select(r => r.ToString())));
        results.Select(r => r.Value!.EntryId).Distinct().Should().ContainSingle();
        (await s.Opened("SELECT payee FROM sds.spends WHERE part_id = @Part", new { Part = bus.PartId })).Count(p => p == "FIFE BUSES").Should().Be(1);
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_draft_is_dismissed_with_a_reason_and_then_cannot_be_recorded()
    {
        var (person, _) = await CardHolder();
        await s.ImportAsync(new StatementAccount(StatementAccountKind.Person, person), CardFeed, "card.csv");
        var wine = SdsScenario.Ok(await s.App.SendAsync(new DraftSpends.Query(s.Finance, person))).Single(d => d.Payee == "KIRKTON WINE CELLAR");

        var noReason = await s.App.SendAsync(new DecideDraftSpend.Command(s.SocialWorker, s.Key(), wine.Id, null, " "));
        var dismissed = await s.App.SendAsync(new DecideDraftSpend.Command(s.SocialWorker, s.Key(), wine.Id, null, "Paid back from Jo's own money; discussed 20 October"));
        var recorded = await ConfirmDraftSpend.ConfirmAsync(s.App, s.Finance, wine.Id, "leisure", null);

        noReason.Errors.Should().ContainSingle(e => e.Field == "Reason");
        dismissed.Value!.Status.Should().Be("dismissed");
        recorded.Refusal!.Code.Should().Be(BankingCodes.DraftDecided);
    }
}
