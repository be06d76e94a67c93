using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Features.Approvals;
using SdsLedger.Features.Commitments;
using SdsLedger.Features.Family;
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

    private static readonly string[] Words = ["Tullibody", "Lochgoilhead", "Dunecht", "Balquhidder", "Strathyre"];

    [Fact]
    public async Task A_dump_holds_none_of_the_words_of_what_was_bought_set_aside_or_asked_for_and_every_reader_gives_them_as_written()
    {
        var (person, budget, part, actor) = await s.FundedDirectPayment(5200);
        var spend = SdsScenario.Ok(await s.App.SendAsync(s.Spend(actor, part, 40, payee: "Dr Ewan Strathyre") with { Description = Bought }));
        SdsScenario.Ok(await s.App.SendAsync(new CommitFunds.Command(actor, s.Key(), part, Money.FromPounds(60), "leisure", "Strathyre Caravans",
            new LocalDate(2026, 11, 14), SetAside)));
        var request = SdsScenario.Ok(await s.App.SendAsync(new RequestApproval.Command(actor, s.Key(), part, Money.FromPounds(900), "leisure",
            "Strathyre Climbing", Asked)));
        SdsScenario.Ok(await s.App.SendAsync(new RejectSpend.Command(s.SocialWorker, s.Key(), request, Rejected)));

        var held = await s.Query<string>("""
            SELECT description FROM sds.spends WHERE person_id = @person
            UNION ALL SELECT description FROM sds.commitments WHERE person_id = @person
            UNION ALL SELECT description FROM sds.approvals WHERE person_id = @person
            UNION ALL SELECT reason FROM sds.approvals WHERE person_id = @person
            UNION ALL SELECT payee FROM sds.spends WHERE person_id = @person
            UNION ALL SELECT payee FROM sds.commitments WHERE person_id = @person
            UNION ALL SELECT payee FROM sds.approvals WHERE person_id = @person
            """, new { person });
        held.Should().HaveCount(7).And.OnlyContain(t => PersonKeys.IsSealed(t) && t.Contains($"{person:N}"), "each is sealed for this person");
        var dump = await s.DumpDataAsync();
        foreach (var table in new[] { "sds.spends", "sds.commitments", "sds.approvals", "ledger.entries", "ledger.holds", "sds.audit_log" })
        {
            var rows = await s.DumpDataAsync(table);
            rows.Should().Contain($"COPY {table}", "the table is dumped");
            foreach (var word in Words) rows.Should().NotContain(word, $"{table} keeps it sealed");
        }
        // The decision's stored answer, kept for a retry of the same command, repeats its reason: sealed as well.
        foreach (var word in Words) dump.Should().NotContain(word);

        var spends = SdsScenario.Ok(await s.App.SendAsync(new BudgetSpends.Query(s.SocialWorker, budget)));
        spends.Spends.Should().ContainSingle(x => x.EntryId == spend).Which.Should().Match<RecordedSpend>(x => x.Description == Bought && x.Payee == "Dr Ewan Strathyre");
        var open = SdsScenario.Ok(await s.App.SendAsync(new OpenCommitments.Query(actor, part)));
        open.Should().ContainSingle().Which.Should().Match<OpenCommitment>(x => x.Description == SetAside && x.Payee == "Strathyre Caravans");
        var approvals = SdsScenario.Ok(await s.App.SendAsync(new BudgetApprovals.Query(s.SocialWorker, budget)));
        approvals.Requests.Should().ContainSingle().Which.Should()
            .Match<ApprovalRequest>(a => a.Description == Asked && a.Reason == Rejected && a.Payee == "Strathyre Climbing");
        // The duplicate rule still knows the payee, however it is written.
        var duplicate = await s.App.SendAsync(s.Spend(actor, part, 40, payee: "  dr ewan STRATHYRE "));
        duplicate.Refusal!.Code.Should().Be(Domain.Spending.RefusalCodes.PossibleDuplicate);
        (await s.Query<int>("SELECT octet_length(payee_match) FROM sds.spends WHERE person_id = @person", new { person })).Should().Equal(16);
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

    [Fact]
    public async Task A_relatives_name_and_the_agreement_to_pay_them_are_sealed_and_the_family_rule_still_knows_them()
    {
        var (person, budget, part, actor) = await s.FundedDirectPayment();
        SdsScenario.Ok(await s.App.SendAsync(new RecordFamilyMember.Command(s.SocialWorker, s.Key(), person, "Morag Inchnadamph", "aunt", SameHousehold: true)));

        // The rule still recognises her by name (however the payee is written), and refuses until the council agrees.
        var unagreed = await s.RefusedWith(s.Spend(actor, part, 30, payee: "Mrs Morag Inchnadamph"), Domain.Spending.RefusalCodes.FamilyPayeeUnagreed);
        unagreed.Reason.Should().Contain("is the person's aunt, in their household");
        SdsScenario.Ok(await s.App.SendAsync(new RecordFamilyAgreement.Command(s.SocialWorker, s.Key(), budget, "  morag inchnadamph ",
            "She gives personal care most mornings at Achiltibuie", new LocalDate(2026, 10, 2))));
        var again = await s.App.SendAsync(new RecordFamilyAgreement.Command(s.Finance, s.Key(), budget, "Morag Inchnadamph", "Asked twice",
            new LocalDate(2026, 10, 3)));
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(actor, part, 30, payee: "Morag Inchnadamph") with { PayeeIsFamily = true }));

        again.Refusal!.Reason.Should().Contain("was already recorded on 2 October 2026");
        var held = await s.Query<string>("""
            SELECT name FROM sds.family_members WHERE person_id = @person
            UNION ALL SELECT payee FROM sds.family_agreements WHERE person_id = @person
            UNION ALL SELECT reason FROM sds.family_agreements WHERE person_id = @person
            """, new { person });
        held.Should().HaveCount(3).And.OnlyContain(t => PersonKeys.IsSealed(t) && t.Contains($"{person:N}"));
        foreach (var table in new[] { "sds.family_members", "sds.family_agreements" })
            (await s.DumpDataAsync(table)).Should().NotContain("Inchnadamph").And.NotContain("Achiltibuie");
        var export = SdsScenario.Ok(await s.App.SendAsync(new PersonExport.Query(s.SocialWorker, person)));
        export.Tables["sds.family_members"].Should().ContainSingle().Which.GetProperty("name").GetString().Should().Be("Morag Inchnadamph");
        export.Tables["sds.family_agreements"].Should().ContainSingle().Which.GetProperty("reason").GetString()
            .Should().Be("She gives personal care most mornings at Achiltibuie");
    }

    [Fact]
    public async Task A_stored_answer_about_a_person_is_sealed_and_marked_theirs_and_a_retry_still_gets_it()
    {
        var (person, _, part, actor) = await s.FundedDirectPayment();
        SdsScenario.Ok(await s.App.SendAsync(new RecordFamilyMember.Command(s.SocialWorker, s.Key(), person, "Fionn Ardnamurchan", "brother", SameHousehold: false)));
        var spend = s.Spend(actor, part, 25, payee: "Fionn Ardnamurchan");

        var first = (await s.App.SendAsync(spend)).Refusal!;
        var retry = (await s.App.SendAsync(spend)).Refusal!;

        first.Reason.Should().StartWith("Fionn Ardnamurchan is the person's brother");
        retry.Should().Be(first, "a retry gets the first attempt's answer");
        var stored = (await s.Query<(string Response, Guid? PersonId)>(
            "SELECT response::text, person_id FROM sds.command_results WHERE idempotency_key = @IdempotencyKey", new { spend.IdempotencyKey })).Single();
        stored.Response.Should().StartWith($"\"{PersonKeys.SealedMark}{person:N}:");
        stored.PersonId.Should().Be(person, "marked as theirs, so that erasing them removes it");
        (await s.DumpDataAsync("sds.command_results")).Should().NotContain("Ardnamurchan");

        // In a copy kept from before their erasure, the answer no longer opens: a retry is refused, and nothing runs again.
        await s.Execute("UPDATE sds.person_keys SET wrapped_key = NULL, destroyed_at = clock_timestamp() WHERE person_id = @person", new { person });
        (await s.App.SendAsync(spend)).Refusal!.Reason.Should().Be(PersonErasedException.Refusal);
    }
}
