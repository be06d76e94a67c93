using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Approvals;
using SdsLedger.Features.Councils;

namespace SdsLedger.Tests.Budgets;

public sealed class ApprovalTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    private RequestApproval.Command Request(Actor actor, Guid part, decimal pounds = 300) =>
        new(actor, s.Key(), part, Money.FromPounds(pounds), "leisure", "Leisure Centre", "A year's swimming pass");

    [Fact]
    public async Task A_spend_above_the_threshold_goes_ahead_once_a_second_person_approves_it_and_uses_the_approval_up()
    {
        var (_, budget, part, person) = await s.FundedDirectPayment(5200);

        var request = SdsScenario.Ok(await s.App.SendAsync(Request(person, part)));
        var decision = SdsScenario.Ok(await s.App.SendAsync(new ApproveSpend.Command(s.SocialWorker, s.Key(), request, "Agreed at the review")));
        var spend = await s.App.SendAsync(s.Spend(person, part, 300) with { ApprovalId = request });
        var reuse = await s.RefusedWith(s.Spend(person, part, 300) with { ApprovalId = request, ConfirmDuplicate = true }, RefusalCodes.NeedsApproval);

        decision.Should().Be(new ApprovalDecision(request, "approved", Money.FromPounds(300), "leisure", "Leisure Centre", "Jo Example", "Sam Worker",
            "Agreed at the review"));
        spend.Succeeded.Should().BeTrue(spend.ToString());
        (await s.Summary(budget)).Spent.Should().Be(Money.FromPounds(300));
        (await s.Scalar<string>("SELECT status FROM sds.approvals WHERE id = @request", new { request })).Should().Be("used");
        reuse.Reason.Should().Contain("Ask for approval first");
        await s.AuditPasses();
    }

    [Fact]
    public async Task An_approval_covers_only_the_spend_it_was_given_for()
    {
        var (_, _, part, person) = await s.FundedDirectPayment();
        var request = SdsScenario.Ok(await s.App.SendAsync(Request(person, part)));
        SdsScenario.Ok(await s.App.SendAsync(new ApproveSpend.Command(s.SocialWorker, s.Key(), request)));

        var refusal = await s.RefusedWith(s.Spend(person, part, 320) with { ApprovalId = request }, RefusalCodes.NeedsApproval);

        refusal.Reason.Should().EndWith("The approval given was for £300.00 to Leisure Centre for leisure, which does not cover this spend.");
    }

    [Fact]
    public async Task The_person_who_asked_cannot_approve_or_reject_it()
    {
        var (_, _, part, _) = await s.FundedDirectPayment();
        var request = SdsScenario.Ok(await s.App.SendAsync(Request(s.SocialWorker, part)));

        await s.RefusedWith(new ApproveSpend.Command(s.SocialWorker with { Name = "sam worker" }, s.Key(), request), RefusalCodes.ApproverIsRequester);
        await s.RefusedWith(new RejectSpend.Command(s.SocialWorker, s.Key(), request, "Too dear"), RefusalCodes.ApproverIsRequester);
        var approved = await s.App.SendAsync(new ApproveSpend.Command(s.Finance, s.Key(), request));

        approved.Value!.DecidedBy.Should().Be("Fiona Finance");
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_decided_request_cannot_be_decided_again()
    {
        var (_, _, part, person) = await s.FundedDirectPayment();
        var approved = SdsScenario.Ok(await s.App.SendAsync(Request(person, part)));
        var rejected = SdsScenario.Ok(await s.App.SendAsync(Request(person, part, 260)));
        SdsScenario.Ok(await s.App.SendAsync(new ApproveSpend.Command(s.SocialWorker, s.Key(), approved)));
        SdsScenario.Ok(await s.App.SendAsync(new RejectSpend.Command(s.SocialWorker, s.Key(), rejected, "The plan covers swimming, not the gym")));

        var twice = await s.RefusedWith(new ApproveSpend.Command(s.SecondSocialWorker, s.Key(), approved), RefusalCodes.InvalidState);
        var afterRejection = await s.RefusedWith(new ApproveSpend.Command(s.SecondSocialWorker, s.Key(), rejected), RefusalCodes.InvalidState);
        var spendRejected = await s.RefusedWith(s.Spend(person, part, 260) with { ApprovalId = rejected }, RefusalCodes.NeedsApproval);

        twice.Reason.Should().Be("This request was already approved by Sam Worker; nothing more is needed before the spend is recorded.");
        afterRejection.Reason.Should().StartWith("This request was already rejected by Sam Worker.");
        spendRejected.Reason.Should().Contain("Ask for approval first");
    }

    [Fact]
    public async Task Only_council_staff_of_the_budgets_council_decide()
    {
        var (_, _, part, person) = await s.FundedDirectPayment();
        var request = SdsScenario.Ok(await s.App.SendAsync(Request(person, part)));
        var otherCouncil = await s.OtherCouncil();

        var byPerson = await s.RefusedWith(new ApproveSpend.Command(s.PersonActor(await s.Person()) with { Name = "Someone Else" }, s.Key(), request),
            RefusalCodes.NotFound);
        var byProvider = await s.RefusedWith(new ApproveSpend.Command(s.Provider, s.Key(), request), RefusalCodes.NotFound);
        var byOtherCouncil = await s.RefusedWith(new RejectSpend.Command(otherCouncil.Finance, s.Key(), request, "No"),
            RefusalCodes.NotFound);
        var byThePerson = await s.RefusedWith(new ApproveSpend.Command(person with { Name = "Jo's friend" }, s.Key(), request), RefusalCodes.NotAuthorised);

        new[] { byPerson, byProvider, byOtherCouncil }.Should().AllSatisfy(r => r.Reason.Should().Be("That approval request was not found, or is not yours to see."));
        byThePerson.Reason.Should().Contain("cannot approve spending");
        (await s.Scalar<string>("SELECT status FROM sds.approvals WHERE id = @request", new { request })).Should().Be("waiting");
    }

    [Fact]
    public async Task A_spend_within_the_threshold_needs_no_approval_request()
    {
        var (_, _, part, person) = await s.FundedDirectPayment();

        var refusal = await s.RefusedWith(Request(person, part, 250), RefusalCodes.InvalidState);

        refusal.Reason.Should().Be("Spends up to £250.00 need no approval here, so £250.00 can be recorded as a spend straight away.");
    }

    [Fact]
    public async Task An_auditor_does_not_ask_for_spending()
    {
        var (_, _, part, _) = await s.FundedDirectPayment();

        var refusal = await s.RefusedWith(Request(await s.Worker(Role.Auditor, "Ann Auditor"), part), RefusalCodes.NotAuthorised);

        refusal.Reason.Should().Be("Ann Auditor (auditor) cannot ask for spending (auditors read budgets, they do not spend them).");
    }
}
