using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Features.Approvals;
using SdsLedger.Features.Commitments;
using SdsLedger.Features.People;
using SdsLedger.Features.Shared;
using SdsLedger.Features.Spending;
using SdsLedger.Features.Statements;
using SdsLedger.Tests.Budgets;

namespace SdsLedger.Tests.People;

/// <summary>
/// What was bought, what money is set aside or asked to be approved for, and the reasons given with a request and its
/// decision are kept sealed with the person's key; everyone allowed reads them as written.
/// </summary>
public sealed class SealedSpendingTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    private const string Bought = "Counselling sessions near Tullibody";
    private const string SetAside = "Deposit for a Lochgoilhead caravan";
    private const string Asked = "A year of climbing at Dunecht wall";
    private const string Rejected = "Ask again once the Balquhidder quote is in";

    private static readonly string[] Words = ["Tullibody", "Lochgoilhead", "Dunecht", "Balquhidder"];

    [Fact]
    public async Task A_dump_holds_none_of_the_words_of_what_was_bought_set_aside_or_asked_for_and_every_reader_gives_them_as_written()
    {
        var (person, budget, part, actor) = await s.FundedDirectPayment(5200);
        var spend = SdsScenario.Ok(await s.App.SendAsync(s.Spend(actor, part, 40) with { Description = Bought }));
        SdsScenario.Ok(await s.App.SendAsync(new CommitFunds.Command(actor, s.Key(), part, Money.FromPounds(60), "leisure", "Caravan Park",
            new LocalDate(2026, 11, 14), SetAside)));
        var request = SdsScenario.Ok(await s.App.SendAsync(new RequestApproval.Command(actor, s.Key(), part, Money.FromPounds(900), "leisure",
            "Climbing Centre", Asked)));
        SdsScenario.Ok(await s.App.SendAsync(new RejectSpend.Command(s.SocialWorker, s.Key(), request, Rejected)));

        var held = await s.Query<string>("""
            SELECT description FROM sds.spends WHERE person_id = @person
            UNION ALL SELECT description FROM sds.commitments WHERE person_id = @person
            UNION ALL SELECT description FROM sds.approvals WHERE person_id = @person
            UNION ALL SELECT reason FROM sds.approvals WHERE person_id = @person
            """, new { person });
        held.Should().HaveCount(4).And.OnlyContain(t => PersonKeys.IsSealed(t) && t.Contains($"{person:N}"), "each is sealed for this person");
        var dump = await s.DumpDataAsync();
        foreach (var table in new[] { "sds.spends", "sds.commitments", "sds.approvals", "ledger.entries", "ledger.holds", "sds.audit_log" })
        {
            var rows = await s.DumpDataAsync(table);
            rows.Should().Contain($"COPY {table}", "the table is dumped");
            foreach (var word in Words) rows.Should().NotContain(word, $"{table} keeps it sealed");
        }
        // (The decision's stored answer, kept for a retry of the same command, repeats its reason.)
        foreach (var word in Words.Take(3)) dump.Should().NotContain(word);

        var spends = SdsScenario.Ok(await s.App.SendAsync(new BudgetSpends.Query(s.SocialWorker, budget)));
        spends.Spends.Should().ContainSingle(x => x.EntryId == spend).Which.Description.Should().Be(Bought);
        var open = SdsScenario.Ok(await s.App.SendAsync(new OpenCommitments.Query(actor, part)));
        open.Should().ContainSingle().Which.Description.Should().Be(SetAside);
        var approvals = SdsScenario.Ok(await s.App.SendAsync(new BudgetApprovals.Query(s.SocialWorker, budget)));
        approvals.Requests.Should().ContainSingle().Which.Should().Match<ApprovalRequest>(a => a.Description == Asked && a.Reason == Rejected);
        var statement = SdsScenario.Ok(await s.App.SendAsync(new PersonStatement.Query(s.Finance, budget, SdsScenario.PeriodStart, new LocalDate(2026, 12, 31))));
        System.Text.Json.JsonSerializer.Serialize(statement).Should().Contain(Bought).And.Contain(SetAside).And.NotContain(PersonKeys.SealedMark);
        // Spending more than is left names the money set aside, as written.
        var refused = await s.App.SendAsync(s.Spend(actor, part, 5000));
        refused.Refusal!.Reason.Should().Contain(SetAside);
        var export = SdsScenario.Ok(await s.App.SendAsync(new PersonExport.Query(s.SocialWorker, person)));
        var exported = System.Text.Json.JsonSerializer.Serialize(export.Tables);
        foreach (var text in new[] { Bought, SetAside, Asked, Rejected }) exported.Should().Contain(text);
        exported.Should().NotContain(PersonKeys.SealedMark);
        await s.AuditPasses();
    }
}
