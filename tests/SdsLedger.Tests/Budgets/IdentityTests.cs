using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Approvals;
using SdsLedger.Features.Councils;

namespace SdsLedger.Tests.Budgets;

/// <summary>People are known by their ids, never by their names: history, four eyes and the register all compare ids.</summary>
public sealed class IdentityTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    private RequestApproval.Command Request(Actor actor, Guid part) =>
        new(actor, s.Key(), part, Money.FromPounds(300), "leisure", "Leisure Centre", "A year's swimming pass");

    [Fact]
    public async Task Two_workers_with_the_same_name_approve_each_others_requests()
    {
        var (_, _, part, _) = await s.FundedDirectPayment(5200);
        var first = await s.Worker(Role.SocialWorker, "Sam Worker");
        var second = await s.Worker(Role.SocialWorker, "Sam Worker");

        var request = SdsScenario.Ok(await s.App.SendAsync(Request(first, part)));
        var decision = await s.App.SendAsync(new ApproveSpend.Command(second, s.Key(), request, "Checked the quote"));

        decision.Succeeded.Should().BeTrue(decision.ToString());
        (await s.Scalar<Guid>("SELECT decided_by_id FROM sds.approvals WHERE id = @request", new { request })).Should().Be(second.Id);
    }

    [Fact]
    public async Task A_worker_cannot_approve_their_own_request_under_another_name()
    {
        var (_, _, part, _) = await s.FundedDirectPayment(5200);
        var worker = await s.Worker(Role.SocialWorker, "Morven Kerr");
        var request = SdsScenario.Ok(await s.App.SendAsync(Request(worker, part)));

        var refusal = await s.RefusedWith(new ApproveSpend.Command(worker with { Name = "M. Kerr" }, s.Key(), request), RefusalCodes.ApproverIsRequester);

        refusal.Reason.Should().Contain("asked for this spend");
        (await s.Scalar<string>("SELECT status FROM sds.approvals WHERE id = @request", new { request })).Should().Be("waiting");
    }

    [Fact]
    public async Task A_deactivated_worker_is_refused_and_history_still_names_them()
    {
        var (_, _, part, _) = await s.FundedDirectPayment(5200);
        var leaving = await s.Worker(Role.SocialWorker, "Lewis Leaving");
        var request = SdsScenario.Ok(await s.App.SendAsync(Request(leaving, part)));

        var deactivated = SdsScenario.Ok(await s.App.SendAsync(new DeactivateWorker.Command(s.Finance, s.Key(), leaving.Id)));
        var afterwards = await s.RefusedWith(Request(leaving, part), RefusalCodes.UnknownActor);
        var themselves = await s.App.SendAsync(new DeactivateWorker.Command(s.Finance, s.Key(), s.Finance.Id));

        deactivated.Name.Should().Be("Lewis Leaving");
        afterwards.Reason.Should().Contain("no longer works here");
        themselves.Errors.Should().ContainSingle().Which.Field.Should().Be("WorkerId");
        (await s.Scalar<string>("SELECT a.name FROM sds.approvals x JOIN sds.actors a ON a.id = x.requested_by_id WHERE x.id = @request", new { request }))
            .Should().Be("Lewis Leaving");
        (await s.Scalar<long>("SELECT count(*) FROM sds.audit_log WHERE actor_id = @Id AND actor = 'Lewis Leaving'", new { leaving.Id }))
            .Should().BeGreaterThan(1, "every audit record keeps the actor's id and their name at that moment");
    }

    [Fact]
    public async Task An_actor_the_register_does_not_have_is_refused()
    {
        var (_, _, part, _) = await s.FundedDirectPayment(5200);
        var madeUp = new Actor(Guid.NewGuid(), "Nobody", Role.SocialWorker, s.CouncilId);
        var wrongRole = s.SocialWorker with { Role = Role.CouncilFinance };

        (await s.RefusedWith(Request(madeUp, part), RefusalCodes.UnknownActor)).Reason.Should().Contain("not registered");
        await s.RefusedWith(Request(wrongRole, part), RefusalCodes.UnknownActor);
    }

    [Fact]
    public async Task Ledger_entries_record_the_actors_id()
    {
        var (_, _, part, person) = await s.FundedDirectPayment(5200);

        var spend = SdsScenario.Ok(await s.App.SendAsync(s.Spend(person, part, 12)));

        (await s.Scalar<string>("SELECT actor FROM ledger.entries WHERE id = @spend", new { spend })).Should().Be(person.Id.ToString());
    }
}
