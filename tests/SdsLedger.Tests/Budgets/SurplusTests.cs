using Dapper;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Surplus;
using static SdsLedger.Tests.Budgets.TestBudgetSteps;

namespace SdsLedger.Tests.Budgets;

public sealed class SurplusTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    /// <summary>1,300 over 26 weeks is £50.00 a week, paid £200.00 every 4 weeks: five instalments, £1,000.00, by 21 January 2027.</summary>
    private static readonly LocalDate FifthInstalment = new(2027, 1, 21);

    [Fact]
    public async Task Surplus_is_reclaimed_only_after_a_recorded_discussion_and_never_above_the_amount_agreed()
    {
        var (_, budget) = await s.ActiveBudget([SdsScenario.DirectPayment(1300)]);
        var part = budget.PartIds[0];
        SdsScenario.Ok(await s.PaymentRun(FifthInstalment));
        var entries = await s.LedgerEntries();

        var without = await s.App.SendAsync(s.Reclaim(part, 300));
        var discussion = SdsScenario.Ok(await s.App.SendAsync(s.Discussion(part, 300)));
        var above = await s.App.SendAsync(s.Reclaim(part, 350));
        var entriesBeforeReclaim = await s.LedgerEntries();
        var reclaimed = SdsScenario.Ok(await s.App.SendAsync(s.Reclaim(part, 300)));
        var again = await s.App.SendAsync(s.Reclaim(part, 10));
        var summary = await s.Summary(budget.BudgetId);

        Refused(without, RefusalCodes.ReclaimWithoutDiscussion).Reason.Should().Contain("discussion");
        Refused(above, RefusalCodes.ReclaimWithoutDiscussion).Reason.Should().Be("The discussion agreed to reclaim £300.00, not £350.00.");
        entriesBeforeReclaim.Should().Be(entries, "a refused reclaim writes no ledger entry");
        reclaimed.DiscussionId.Should().Be(discussion);
        reclaimed.AvailableBefore.Should().Be(Money.FromPounds(1000));
        reclaimed.AvailableAfter.Should().Be(Money.FromPounds(700));
        Refused(again, RefusalCodes.ReclaimWithoutDiscussion);
        summary.Returned.Should().Be(Money.FromPounds(300));
        summary.Available.Should().Be(Money.FromPounds(700));
        (await s.CountRows("SELECT count(*) FROM ledger.entries WHERE id = @Id AND kind = 'reclaim'", new { Id = reclaimed.EntryId })).Should().Be(1);
        (await s.CountRows("SELECT count(*) FROM sds.surplus_discussions WHERE id = @Id AND used_by_entry = @Entry",
            new { Id = discussion, Entry = reclaimed.EntryId })).Should().Be(1);
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_discussion_that_agreed_nothing_allows_no_reclaim_and_a_reclaim_never_takes_more_than_is_there()
    {
        var (person, budget) = await s.ActiveBudget([SdsScenario.DirectPayment(1300)]);
        var part = budget.PartIds[0];
        SdsScenario.Ok(await s.PaymentRun(SdsScenario.PeriodStart));
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(s.PersonActor(person), part, 150)));

        SdsScenario.Ok(await s.App.SendAsync(s.Discussion(part, 0)));
        var nothingAgreed = await s.App.SendAsync(s.Reclaim(part, 1));
        SdsScenario.Ok(await s.App.SendAsync(s.Discussion(part, 100)));
        var moreThanThere = await s.App.SendAsync(s.Reclaim(part, 80));

        Refused(nothingAgreed, RefusalCodes.ReclaimWithoutDiscussion).Reason.Should().Be("The discussion agreed to reclaim £0.00, not £1.00.");
        Refused(moreThanThere, RefusalCodes.InsufficientFunds).Reason.Should().Be("This would reclaim £80.00 but only £50.00 is available.");
        await s.AuditPasses();
    }

    [Fact]
    public async Task Council_staff_record_discussions_and_only_a_finance_officer_reclaims()
    {
        var (person, budget) = await s.ActiveBudget([SdsScenario.DirectPayment(1300), SdsScenario.CouncilArranged(500)]);
        var (part, councilArranged) = (budget.PartIds[0], budget.PartIds[1]);
        SdsScenario.Ok(await s.PaymentRun(SdsScenario.PeriodStart));
        var other = await s.OtherCouncil();

        var byFinance = await s.App.SendAsync(s.Discussion(part, 50, s.Finance));
        var byProvider = await s.App.SendAsync(s.Discussion(part, 50, s.Provider));
        var byThePerson = await s.App.SendAsync(s.Discussion(part, 50, s.PersonActor(person)));
        var byOtherCouncil = await s.App.SendAsync(s.Discussion(part, 50, other.SocialWorker));
        var onCouncilArranged = await s.App.SendAsync(s.Discussion(councilArranged, 50));
        var bySocialWorker = await s.App.SendAsync(s.Reclaim(part, 50, s.SocialWorker));
        var byOtherFinance = await s.App.SendAsync(s.Reclaim(part, 50, other.Finance));

        byFinance.Succeeded.Should().BeTrue(byFinance.ToString());
        Refused(byProvider, RefusalCodes.NotFound);
        Refused(byThePerson, RefusalCodes.NotAuthorised);
        Refused(byOtherCouncil, RefusalCodes.NotFound);
        Refused(onCouncilArranged, RefusalCodes.InvalidState);
        Refused(bySocialWorker, RefusalCodes.NotAuthorised);
        Refused(byOtherFinance, RefusalCodes.NotFound);
    }

    [Fact]
    public async Task A_recorded_discussion_is_kept_as_it_was_said()
    {
        var (_, budget) = await s.ActiveBudget([SdsScenario.DirectPayment(1300)]);
        var discussion = SdsScenario.Ok(await s.App.SendAsync(s.Discussion(budget.PartIds[0], 40)));
        await using var conn = new Npgsql.NpgsqlConnection(s.ConnectionString);

        var edit = () => conn.ExecuteAsync("UPDATE sds.surplus_discussions SET agreed_amount = 99900 WHERE id = @Id", new { Id = discussion });
        var delete = () => conn.ExecuteAsync("DELETE FROM sds.surplus_discussions WHERE id = @Id", new { Id = discussion });

        await edit.Should().ThrowAsync<Npgsql.PostgresException>().WithMessage("*kept as recorded*");
        await delete.Should().ThrowAsync<Npgsql.PostgresException>().WithMessage("*kept as recorded*");
    }

    [Fact]
    public async Task Surplus_flags_list_parts_holding_more_than_the_councils_weeks_of_funding_for_discussion_and_reclaim_nothing()
    {
        var (unspent, a) = await s.ActiveBudget([SdsScenario.DirectPayment(1300)]);
        var (spender, b) = await s.ActiveBudget([SdsScenario.DirectPayment(1300)]);
        var (_, mixed) = await s.ActiveBudget([s.ProviderHeld(1300), SdsScenario.CouncilArranged(5000)], "personal-care", "leisure");
        var testBudget = SdsScenario.Ok(await s.App.SendAsync(s.TestBudget(s.SocialWorker, await s.Person(), 250)));
        SdsScenario.Ok(await s.PaymentRun(FifthInstalment));
        // £1,000.00 received less £600.00 spent leaves £400.00: exactly 8 weeks of £50.00, which is not above the threshold.
        await s.SpendInPieces(s.PersonActor(spender), b.PartIds[0], "leisure", 240, 240, 120);
        SdsScenario.Ok(await s.App.SendAsync(s.Discussion(a.PartIds[0], 200)));
        var entries = await s.LedgerEntries();

        var view = SdsScenario.Ok(await s.App.SendAsync(new SurplusFlags.Query(s.Finance, s.CouncilId)));

        view.SurplusWeeks.Should().Be(8);
        var flagged = view.Flags.Select(f => f.PartId).ToList();
        flagged.Should().Contain([a.PartIds[0], mixed.PartIds[0]]);
        flagged.Should().NotContain([b.PartIds[0], mixed.PartIds[1], testBudget.PartId]);
        var flag = view.Flags.Single(f => f.PartId == a.PartIds[0]);
        flag.PersonId.Should().Be(unspent);
        flag.PersonReference.Should().NotBeEmpty();
        flag.Option.Should().Be(SdsOption.DirectPayment);
        flag.Balance.Should().Be(Money.FromPounds(1000));
        flag.WeeklyFunding.Should().Be(Money.FromPounds(50));
        flag.Threshold.Should().Be(Money.FromPounds(400));
        flag.WeeksHeld.Should().Be(20.0m);
        flag.DiscussedOn.Should().Be(new LocalDate(2027, 1, 25));
        flag.AgreedToReclaim.Should().Be(Money.FromPounds(200));
        view.Flags.Single(f => f.PartId == mixed.PartIds[0]).Holder.Should().Be("Harbour Care");
        (await s.LedgerEntries()).Should().Be(entries, "flags are listed for discussion, never reclaimed automatically");
        (await s.CountRows("SELECT count(*) FROM sds.audit_log WHERE action = 'SurplusFlags' AND person_id = @Id", new { Id = unspent })).Should().Be(1);
        await s.AuditPasses();
    }

    [Fact]
    public async Task Surplus_flags_are_for_the_councils_own_staff()
    {
        var other = await s.OtherCouncil();

        Refused(await s.App.SendAsync(new SurplusFlags.Query(other.Finance, s.CouncilId)), RefusalCodes.NotFound);
        Refused(await s.App.SendAsync(new SurplusFlags.Query(s.Provider, s.CouncilId)), RefusalCodes.NotAuthorised);
        Refused(await s.App.SendAsync(new SurplusFlags.Query(s.PersonActor(await s.Person()), s.CouncilId)), RefusalCodes.NotAuthorised);
        SdsScenario.Ok(await s.App.SendAsync(new SurplusFlags.Query(s.SocialWorker, s.CouncilId)));
    }
}
