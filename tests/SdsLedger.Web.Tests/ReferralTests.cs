using Microsoft.Playwright;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Features.Councils;
using SdsLedger.Features.Referrals;

namespace SdsLedger.Web.Tests;

/// <summary>
/// Self-referral: a peer worker refers someone the council does not know, with them; it lands in the social work queue;
/// a social worker accepts it (the person is registered) or answers it; the peer worker sees what became of it. A
/// second social worker deciding the same referral a moment later is told plainly that it is decided.
/// </summary>
public sealed class ReferralTests(WebWorld world) : IClassFixture<WebWorld>
{
    private async Task<Actor> PeerWorkerAsync(string code, string name)
    {
        var harbour = await world.Scalar<Guid>("SELECT id FROM sds.organisations WHERE code = 'harbour-care'");
        var nora = await world.Scalar<Guid>("SELECT id FROM sds.workers WHERE code = 'fin-nora'");
        var id = await world.OnLocalPathAsync(async app => (await app.SendAsync(new RegisterWorker.Command(
            new Actor(nora, "Nora Finance", Role.CouncilFinance, world.North), $"{code}-key", code, name, Role.RecoveryWorker, null, harbour))).Value);
        return new Actor(id, name, Role.RecoveryWorker, world.North, harbour);
    }

    [Fact]
    public async Task A_peer_worker_refers_someone_new_a_social_worker_accepts_it_and_the_person_is_registered()
    {
        await PeerWorkerAsync("rw-rex", "Rex Peer");
        const string test = nameof(A_peer_worker_refers_someone_new_a_social_worker_accepts_it_and_the_person_is_registered);

        await using var peer = await Ui.OpenAsync(world, test + "-peer");
        await peer.SignInAsync(world, "rw-rex");
        (await peer.MainTextAsync()).Should().Contain("Nobody from your organisation has referred anyone yet");
        await peer.Page.GetByRole(AriaRole.Link, new() { Name = "Refer someone to the council" }).ClickAsync();
        await peer.CheckAsync("refer");
        await peer.Page.GetByRole(AriaRole.Button, new() { Name = "Send the referral" }).ClickAsync();
        await peer.CheckAsync("refer-errors");
        (await peer.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("Enter their date of birth")
            .And.Contain("Give the person's name").And.Contain("in their own words").And.Contain("yes or no");
        (await world.Scalar<long>("SELECT count(*) FROM sds.referrals")).Should().Be(0);

        await peer.Page.GetByLabel("Their full name").FillAsync("Dana Newcomer");
        await peer.Page.GetByLabel("Their date of birth").FillAsync("03/09/2090");
        await peer.Page.GetByLabel("Their mobile phone number (optional)").FillAsync("07700 900456");
        await peer.Page.GetByLabel("What would they like to change in their life?").FillAsync("I want to get back to the gym and see my son more.");
        await peer.Page.Locator("label", new() { HasText = "Yes" }).ClickAsync();
        await peer.Page.GetByRole(AriaRole.Button, new() { Name = "Send the referral" }).ClickAsync();
        await peer.CheckAsync("refer-future-birth");
        (await peer.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("2090-09-03 is outside the dates");
        await peer.Page.GetByLabel("Their date of birth").FillAsync("03/09/1990");
        await peer.Page.GetByRole(AriaRole.Button, new() { Name = "Send the referral" }).ClickAsync();
        await peer.CheckAsync("referred");
        (await peer.MainTextAsync()).Should().Contain("Referral sent").And.Contain("Dana Newcomer").And.Contain("Waiting for the council's social work team");
        var referral = await world.Scalar<Guid>("SELECT id FROM sds.referrals WHERE agrees_to_contact ORDER BY referred_at DESC LIMIT 1");
        // What it says about Dana is kept sealed with the referral's own key, and reads as written.
        (await world.OpenedScalar("SELECT name FROM sds.referrals WHERE id = @referral", new { referral })).Should().Be("Dana Newcomer");
        (await world.OpenedScalar("SELECT mobile FROM sds.referrals WHERE id = @referral", new { referral })).Should().Be("07700900456");
        (await world.Scalar<string>("SELECT would_like FROM sds.referrals WHERE id = @referral", new { referral })).Should().StartWith("enc1:");

        await using var beth = await Ui.OpenAsync(world, test + "-beth");
        await beth.SignInAsync(world, "sw-beth");
        await beth.GoAsync($"/referrals/{referral}", "beth-referral");

        await using var anna = await Ui.OpenAsync(world, test + "-anna");
        await anna.SignInAsync(world, "sw-anna");
        (await anna.MainTextAsync()).Should().Contain("Self-referrals from peer workers waiting for a decision: 1");
        await anna.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Self-referrals" }).ClickAsync();
        await anna.CheckAsync("referrals");
        (await anna.MainTextAsync()).Should().Contain("Rex Peer, Harbour Care").And.Contain("I want to get back to the gym and see my son more.");
        await anna.Page.GetByRole(AriaRole.Link, new() { Name = "Dana Newcomer" }).ClickAsync();
        await anna.CheckAsync("referral");
        (await anna.MainTextAsync()).Should().Contain("3 September 1990").And.Contain("07700900456").And.Contain("Waiting for a decision");
        await anna.Page.GetByRole(AriaRole.Button, new() { Name = "Accept and register them" }).ClickAsync();
        await anna.CheckAsync("referral-no-reference");
        (await anna.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("Give the person's reference");
        await anna.Page.GetByLabel("Their reference").FillAsync("NT-40001");
        await anna.Page.GetByRole(AriaRole.Button, new() { Name = "Accept and register them" }).ClickAsync();
        await anna.CheckAsync("referral-accepted");
        (await anna.MainTextAsync()).Should().Contain("Referral accepted").And.Contain("registered with the reference NT-40001");
        await anna.Page.GetByRole(AriaRole.Link, new() { Name = "Go to Dana Newcomer's record" }).ClickAsync();
        await anna.CheckAsync("person");
        (await anna.MainTextAsync()).Should().Contain("NT-40001");

        // Beth had the page open before Anna accepted: her accept is refused in plain words, and nobody is registered twice.
        await beth.Page.GetByLabel("Their reference").FillAsync("NT-40002");
        var response = await beth.Page.RunAndWaitForResponseAsync(() =>
            beth.Page.GetByRole(AriaRole.Button, new() { Name = "Accept and register them" }).ClickAsync(), r => r.Request.Method == "POST");
        response.Status.Should().Be(200, "a refusal is a page, never a server error");
        await beth.CheckAsync("beth-refused");
        (await beth.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("already accepted by Anna Social");

        (await world.Scalar<long>("""
            SELECT count(*) FROM sds.people p JOIN sds.referrals r ON r.person_id = p.id
             WHERE r.id = @R AND r.status = 'accepted' AND p.reference = 'NT-40001' AND p.name = 'Dana Newcomer'
               AND p.date_of_birth = '1990-09-03' AND p.social_worker_id = @Anna
            """, new { R = referral, Anna = world.AnnaId })).Should().Be(1);
        (await world.Scalar<long>("SELECT count(*) FROM sds.people WHERE name = 'Dana Newcomer'")).Should().Be(1);

        await peer.GoAsync("/peer", "peer-after-accept");
        (await peer.MainTextAsync()).Should().Contain("Accepted by the council on");
    }

    [Fact]
    public async Task A_social_worker_answers_a_referral_and_the_peer_worker_reads_the_answer_and_the_pages_fit_320_pixels()
    {
        var kit = await PeerWorkerAsync("rw-kit", "Kit Peer");
        const string test = nameof(A_social_worker_answers_a_referral_and_the_peer_worker_reads_the_answer_and_the_pages_fit_320_pixels);
        var referral = await world.OnLocalPathAsync(async app => (await app.SendAsync(new MakeReferral.Command(kit, "answer-test-referral", "Owen Known",
            new LocalDate(1979, 6, 2), "owen@example.com", null, "I'd like help to find work.", false))).Value);

        await using var beth = await Ui.OpenAsync(world, test + "-beth", width: 320);
        await beth.SignInAsync(world, "sw-beth");
        await beth.GoAsync("/referrals", "referrals");
        (await beth.FitsWidthAsync()).Should().BeTrue("/referrals should fit 320 CSS pixels");
        await beth.GoAsync($"/referrals/{referral}", "referral");
        (await beth.FitsWidthAsync()).Should().BeTrue("a referral should fit 320 CSS pixels");
        (await beth.MainTextAsync()).Should().Contain("No: contact the worker who referred them");
        await beth.Page.GetByRole(AriaRole.Button, new() { Name = "Send the answer" }).ClickAsync();
        await beth.CheckAsync("referral-no-answer");
        (await beth.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("Give the answer");
        await beth.Page.GetByLabel("Your answer").FillAsync("Owen is already known to our team; his social worker will be in touch with you.");
        await beth.Page.GetByRole(AriaRole.Button, new() { Name = "Send the answer" }).ClickAsync();
        await beth.CheckAsync("referral-answered");
        (await beth.MainTextAsync()).Should().Contain("Answer sent");
        (await world.Scalar<long>("SELECT count(*) FROM sds.people WHERE name = 'Owen Known'")).Should().Be(0);

        await using var peer = await Ui.OpenAsync(world, test + "-peer", width: 320);
        await peer.SignInAsync(world, "rw-kit");
        (await peer.MainTextAsync()).Should().Contain("Owen Known").And.Contain("Answered by the council on")
            .And.Contain("Owen is already known to our team; his social worker will be in touch with you.");
        (await peer.FitsWidthAsync()).Should().BeTrue("/peer should fit 320 CSS pixels");
        await peer.GoAsync("/refer", "refer");
        (await peer.FitsWidthAsync()).Should().BeTrue("/refer should fit 320 CSS pixels");
    }
}
