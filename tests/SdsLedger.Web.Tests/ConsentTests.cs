using Microsoft.Playwright;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Councils;
using SdsLedger.Features.Plans;
using SdsLedger.Features.TestBudgets;

namespace SdsLedger.Web.Tests;

/// <summary>
/// Consent and the peer worker: the person gives consent on their own page, the peer worker then sees them and helps with
/// their test budget, the person withdraws it and the worker sees them no more; a social worker records and withdraws
/// consent from the person's page.
/// </summary>
public sealed class ConsentTests(WebWorld world) : IClassFixture<WebWorld>
{
    private async Task<Guid> PeerWorkerAsync(string code, string name)
    {
        var harbour = await world.Scalar<Guid>("SELECT id FROM sds.organisations WHERE code = 'harbour-care'");
        var nora = await world.Scalar<Guid>("SELECT id FROM sds.workers WHERE code = 'fin-nora'");
        return await world.OnLocalPathAsync(async app => (await app.SendAsync(new RegisterWorker.Command(
            new Actor(nora, "Nora Finance", Role.CouncilFinance, world.North), $"{code}-key", code, name, Role.RecoveryWorker, null, harbour))).Value);
    }

    [Fact]
    public async Task A_person_gives_consent_their_peer_worker_helps_with_their_test_budget_and_after_withdrawal_sees_nothing()
    {
        var rae = await PeerWorkerAsync("rw-rae", "Rae Peer");
        var anna = new Actor(world.AnnaId, "Anna Social", Role.SocialWorker, world.North);
        var testBudget = await world.OnLocalPathAsync(async app => (await app.SendAsync(new CreateTestBudget.Command(anna, "consent-test-budget", world.Bruce,
            WebWorld.Start, Money.FromPounds(150), HolderKind.Council, null, [new Outcome("Get back to the allotment")], [new PlanCategory("leisure")]))).Value!.BudgetId);

        await using var peer = await Ui.OpenAsync(world, nameof(A_person_gives_consent_their_peer_worker_helps_with_their_test_budget_and_after_withdrawal_sees_nothing) + "-peer");
        await peer.SignInAsync(world, "rw-rae");
        peer.Page.Url.Should().EndWith("/peer");
        (await peer.MainTextAsync()).Should().Contain("Nobody has given you consent");
        (await peer.Page.GotoAsync($"/peer/{world.Bruce}"))!.Status.Should().Be(404, "without consent the person is not found");

        await using var bruce = await Ui.OpenAsync(world, nameof(A_person_gives_consent_their_peer_worker_helps_with_their_test_budget_and_after_withdrawal_sees_nothing));
        await bruce.Page.GotoAsync(await world.PersonSignInLinkAsync("BRUCE-1"));
        await bruce.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await bruce.GoAsync("/my/consent", "my-consent");
        await bruce.Page.GetByRole(AriaRole.Button, new() { Name = "Give consent" }).ClickAsync();
        await bruce.CheckAsync("my-consent-errors");
        (await bruce.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("Choose who you are giving consent to")
            .And.Contain("Choose at least one thing they may do");
        (await world.Scalar<long>("SELECT count(*) FROM sds.consents WHERE person_id = @P", new { P = world.Bruce })).Should().Be(0);

        await bruce.Page.Locator("label", new() { HasText = "Rae Peer, Harbour Care" }).ClickAsync();
        await bruce.Page.Locator("label", new() { HasText = "Peer or recovery worker" }).ClickAsync();
        await bruce.Page.Locator("label", new() { HasText = "See the budget summary" }).ClickAsync();
        await bruce.Page.Locator("label", new() { HasText = "Help with a test budget" }).ClickAsync();
        await bruce.Page.GetByRole(AriaRole.Button, new() { Name = "Give consent" }).ClickAsync();
        await bruce.CheckAsync("my-consent-given");
        (await bruce.MainTextAsync()).Should().Contain("Consent given").And.Contain("Rae Peer, Harbour Care (peer or recovery worker) may see the budget summary");
        (await bruce.FitsWidthAsync()).Should().BeTrue();

        await peer.GoAsync("/peer", "peer-people");
        (await peer.MainTextAsync()).Should().Contain("Bruce Test").And.Contain("help with their test budget");
        await peer.Page.GetByRole(AriaRole.Link, new() { Name = "Bruce Test" }).ClickAsync();
        await peer.CheckAsync("peer-person");
        (await peer.MainTextAsync()).Should().Contain("Get back to the allotment").And.Contain("£150.00");
        await peer.Page.Locator("form[action*='handler=Plan'] label", new() { HasText = "Get back to the allotment" }).ClickAsync();
        await peer.Page.GetByLabel("What do they plan to buy?").FillAsync("Seeds and a spade");
        await peer.Page.GetByLabel("How much, in pounds").FillAsync("20.00");
        await peer.Page.GetByRole(AriaRole.Button, new() { Name = "Save the plan" }).ClickAsync();
        await peer.CheckAsync("peer-planned");
        await peer.Page.GetByLabel("What has changed?").FillAsync("Bruce went to the allotment twice");
        await peer.Page.GetByLabel("What Bruce Test says about it, in their own words").FillAsync("I slept well after digging");
        await peer.Page.GetByRole(AriaRole.Button, new() { Name = "Save the note" }).ClickAsync();
        await peer.CheckAsync("peer-noted");
        (await peer.MainTextAsync()).Should().Contain("Seeds and a spade, £20.00").And.Contain("in their words: “I slept well after digging”");
        (await world.Scalar<Guid>("SELECT recorded_by_id FROM sds.progress_notes WHERE budget_id = @Id", new { Id = testBudget })).Should().Be(rae);
        (await world.OpenedScalar("SELECT in_own_words FROM sds.progress_notes WHERE budget_id = @Id", new { Id = testBudget }))
            .Should().Be("I slept well after digging");
        (await world.Scalar<long>("SELECT count(*) FROM sds.planned_purchases WHERE budget_id = @Id AND amount = 2000", new { Id = testBudget })).Should().Be(1);
        (await peer.Page.GotoAsync($"/peer/{world.Ailsa}"))!.Status.Should().Be(404, "consent from one person shows nobody else");

        await bruce.GoAsync("/my/looked", "my-looked");
        (await bruce.MainTextAsync()).Should().Contain("A recovery or peer worker").And.Contain("Harbour Care").And.Contain("Wrote a note on your progress");

        await bruce.GoAsync("/my/consent", "my-consent-current");
        await bruce.Page.GetByRole(AriaRole.Button, new() { Name = "Stop this for Rae Peer" }).ClickAsync();
        await bruce.CheckAsync("my-consent-withdrawn");
        (await bruce.MainTextAsync()).Should().Contain("Consent withdrawn").And.Contain("Consent that has ended");
        (await peer.Page.GotoAsync($"/peer/{world.Bruce}"))!.Status.Should().Be(404, "a withdrawal takes effect at once");
        await peer.GoAsync("/peer", "peer-after-withdrawal");
        (await peer.MainTextAsync()).Should().NotContain("Bruce Test");
        (await world.Scalar<long>("SELECT count(*) FROM sds.audit_log WHERE person_id = @P AND action IN ('GiveConsent', 'WithdrawConsent') AND outcome = 'done'",
            new { P = world.Bruce })).Should().Be(2);
        (await world.LedgerAuditPasses()).Should().BeTrue();
    }

    [Fact]
    public async Task A_social_worker_records_consent_with_the_person_from_their_page_and_withdraws_it()
    {
        await PeerWorkerAsync("rw-sam", "Sam Peer");
        await using var ui = await Ui.OpenAsync(world, nameof(A_social_worker_records_consent_with_the_person_from_their_page_and_withdraws_it));
        await ui.SignInAsync(world, "sw-anna");
        await ui.GoAsync($"/people/{world.Ailsa}", "person");
        await ui.Page.GetByRole(AriaRole.Link, new() { Name = "Consent" }).ClickAsync();
        await ui.CheckAsync("consent");
        (await ui.MainTextAsync()).Should().Contain("Ailsa Test has given no consent");

        await ui.Page.Locator("label", new() { HasText = "Harbour Care (anyone who works there)" }).ClickAsync();
        await ui.Page.Locator("label", new() { HasText = "Advocate" }).ClickAsync();
        await ui.Page.Locator("label", new() { HasText = "See statements" }).ClickAsync();
        await ui.Page.GetByLabel("Until (optional)").FillAsync("01/01/2020");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Give consent" }).ClickAsync();
        await ui.CheckAsync("consent-error");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("on or after the day it starts");
        (await world.Scalar<long>("SELECT count(*) FROM sds.consents WHERE person_id = @P", new { P = world.Ailsa })).Should().Be(0);

        await ui.Page.GetByLabel("Until (optional)").FillAsync("");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Give consent" }).ClickAsync();
        await ui.CheckAsync("consent-given");
        (await ui.MainTextAsync()).Should().Contain("Consent recorded").And.Contain("Harbour Care (advocate)").And.Contain("see statements").And.Contain("Anna Social");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Withdraw consent for Harbour Care" }).ClickAsync();
        await ui.CheckAsync("consent-withdrawn");
        (await ui.MainTextAsync()).Should().Contain("Withdrawn by Anna Social");
        (await world.Scalar<long>("SELECT count(*) FROM sds.consents WHERE person_id = @P AND withdrawn_by_id = @W", new { P = world.Ailsa, W = world.AnnaId }))
            .Should().Be(1);
    }
}
