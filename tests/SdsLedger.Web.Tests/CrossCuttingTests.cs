using System.Net;
using Dapper;
using Microsoft.Playwright;
using Npgsql;
using SdsLedger.Domain;
using SdsLedger.Ledger;

namespace SdsLedger.Web.Tests;

/// <summary>
/// What holds across the pages: they reflow at 320 CSS pixels and at 400% zoom; an approval works without JavaScript;
/// another council's staff find nothing of ours, in the pages and in the database itself; an idle session ends after 30
/// minutes; and outside development every answer over HTTPS tells the browser to keep to HTTPS.
/// </summary>
public sealed class CrossCuttingTests(WebWorldWithClock world) : IClassFixture<WebWorldWithClock>
{
    [Theory]
    [InlineData("fin-nora", "/finance/payment-run", 1)]
    [InlineData("fin-nora", "/finance/surplus", 1)]
    [InlineData("fin-nora", "/finance/rules", 1)]
    [InlineData("fin-nora", "/finance/reports", 1)]
    [InlineData("fin-nora", "/finance/statements?Month=2026-04", 1)]
    [InlineData("sw-anna", "/budgets/{budget}/plan", 1)]
    [InlineData("sw-anna", "/people/{bruce}/test-budget", 1)]
    [InlineData("sw-anna", "/people/{ailsa}/sign-in", 4)]
    [InlineData("sw-anna", "/caseload", 4)]
    [InlineData("sw-anna", "/budgets/{budget}", 4)]
    [InlineData("fin-nora", "/finance/payment-run", 4)]
    [InlineData("fin-nora", "/finance/rules", 4)]
    [InlineData("sw-anna", "/budgets/{budget}/plan", 4)]
    [InlineData("harbour-finance", "/provider", 1)]
    [InlineData("harbour-finance", "/provider/people/{ailsa}", 1)]
    [InlineData("harbour-finance", "/provider/import", 1)]
    [InlineData("harbour-finance", "/provider/return", 1)]
    public async Task Pages_reflow_at_320_css_pixels_and_at_400_percent_zoom_without_scrolling_sideways(string worker, string path, int zoom)
    {
        // A 1280-pixel window at 400% zoom is 320 CSS pixels wide, each drawn with four device pixels.
        var name = $"Reflow-{zoom}x-" + path.Trim('/').Replace('/', '-').Replace('?', '-').Replace('=', '-').Replace("{", "").Replace("}", "");
        await using var ui = await Ui.OpenAsync(world, name, width: 320, scale: zoom);
        await ui.SignInAsync(world, worker);
        await ui.GoAsync(path.Replace("{budget}", world.AilsaBudget.ToString()).Replace("{bruce}", world.Bruce.ToString()).Replace("{ailsa}", world.Ailsa.ToString()), "page");
        (await ui.Page.EvaluateAsync<int>("() => window.innerWidth")).Should().Be(320);
        (await ui.FitsWidthAsync()).Should().BeTrue($"{path} should fit 320 CSS pixels at {zoom * 100}% zoom");
    }

    [Fact]
    public async Task Without_javascript_an_approval_is_asked_for_and_a_colleague_approves_it()
    {
        string decision;
        await using (var anna = await Ui.OpenAsync(world, nameof(Without_javascript_an_approval_is_asked_for_and_a_colleague_approves_it) + "-anna", javaScript: false))
        {
            await anna.SignInAsync(world, "sw-anna");
            await anna.GoAsync($"/budgets/{world.AilsaBudget}/approvals/new", "ask");
            await anna.Page.GetByText("Part 1: Option 1: direct payment", new() { Exact = false }).ClickAsync();
            await anna.Page.GetByLabel("Amount, in pounds").FillAsync("480");
            await anna.Page.GetByLabel("Spending category, as in the support plan").FillAsync("leisure");
            await anna.Page.GetByLabel("Who will be paid").FillAsync("Kirkton Canoe Club");
            await anna.Page.GetByLabel("What will be bought, and why").FillAsync("A season of canoeing lessons");
            await anna.Page.GetByRole(AriaRole.Button, new() { Name = "Ask for approval" }).ClickAsync();
            await anna.CheckAsync("asked");
            (await anna.Page.Locator(".ds_notification-message").InnerTextAsync()).Should().Contain("waiting for a second person");
            decision = anna.Page.Url.Split('?')[0];
        }

        await using var beth = await Ui.OpenAsync(world, nameof(Without_javascript_an_approval_is_asked_for_and_a_colleague_approves_it) + "-beth", javaScript: false);
        await beth.SignInAsync(world, "sw-beth");
        await beth.GoAsync(decision, "reason");
        await beth.GiveReasonAsync("Second approver for Anna's request");
        await beth.CheckAsync("decide");
        beth.Page.Url.Should().Be(decision);
        await beth.Page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await beth.CheckAsync("approved");
        (await beth.Page.Locator(".ds_notification-message").InnerTextAsync()).Should().Contain("approved by Beth Social");
        (await world.Scalar<string>("""
            SELECT x.status || ' ' || d.name FROM sds.approvals x JOIN sds.actors d ON d.id = x.decided_by_id WHERE x.id = ANY(@Ids)
            """, new { Ids = await world.RowsPaying("sds.approvals", "id", "Kirkton Canoe Club") })).Should().Be("approved Beth Social");
    }

    [Fact]
    public async Task Another_councils_staff_find_none_of_our_people_in_the_pages_or_in_the_database()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(Another_councils_staff_find_none_of_our_people_in_the_pages_or_in_the_database));
        await ui.SignInAsync(world, "sw-sol");
        foreach (var path in new[] { $"/people/{world.Ailsa}", $"/budgets/{world.AilsaBudget}", $"/budgets/{world.AilsaBudget}/plan", $"/people/{world.Bruce}/test-budget" })
        {
            (await ui.Page.GotoAsync(path))!.Status.Should().Be(404, path);
            await ui.CheckAsync("not-found");
            (await ui.MainTextAsync()).Should().Contain("not yours to see");
        }
        await ui.GoAsync("/people?q=test", "find");
        (await ui.MainTextAsync()).Should().Contain("Cara Test").And.NotContain("Ailsa Test").And.NotContain("Bruce Test");

        // The same question put to the database as the web app's own role, with South's sealed tenant.
        await using var source = LedgerDataSource.Create(world.ApiConnectionString, ConnectionScope.PerTenant);
        await using var conn = await source.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var expires = DateTimeOffset.UtcNow.AddMinutes(2).ToUnixTimeSeconds();
        await conn.ExecuteAsync("SELECT sds.act_for(@C, 'social-worker', NULL, NULL, @E, @S)",
            new { C = world.South, E = expires, S = world.Seal.Sign(world.South, Role.SocialWorker, null, null, expires) }, tx);
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM sds.people WHERE id = ANY (@Ids)", new { Ids = new[] { world.Ailsa, world.Bruce } }, tx))
            .Should().Be(0, "North's people are not found with South's tenant");
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM sds.budgets WHERE id = @AilsaBudget", new { world.AilsaBudget }, tx)).Should().Be(0);
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM ledger.postings WHERE council_id = @North", new { world.North }, tx)).Should().Be(0);
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM sds.people WHERE id = @Cara", new { world.Cara }, tx)).Should().Be(1, "South's own person is found");
    }

    [Fact]
    public async Task An_idle_session_ends_after_30_minutes_and_a_used_one_slides_on()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(An_idle_session_ends_after_30_minutes_and_a_used_one_slides_on));
        await ui.SignInAsync(world, "sw-anna");
        using var _ = new ClockReset(world.Clock);
        world.Clock.Advance(TimeSpan.FromMinutes(20));
        (await ui.Page.GotoAsync("/caseload"))!.Url.Should().EndWith("/caseload", "20 idle minutes keep the session");
        world.Clock.Advance(TimeSpan.FromMinutes(20));
        (await ui.Page.GotoAsync("/caseload"))!.Url.Should().EndWith("/caseload", "the session slid on when it was used");
        world.Clock.Advance(TimeSpan.FromMinutes(31));
        await ui.Page.GotoAsync("/caseload");
        await ui.CheckAsync("after-31-idle-minutes");
        ui.Page.Url.Should().Contain("/sign-in", "31 idle minutes end the session");
    }

    [Fact]
    public async Task Outside_development_answers_over_https_carry_hsts()
    {
        using var client = world.ProductionClient(new Uri("https://sdsledger.council.example/"));
        var answer = await client.GetAsync("/sign-in");
        answer.StatusCode.Should().Be(HttpStatusCode.OK);
        answer.Headers.GetValues("Strict-Transport-Security").Single().Should().Contain("max-age=31536000");
    }
}

/// <summary>Puts the world's clock back when a test that moved it ends, so the class's other tests run on the real time.</summary>
internal sealed class ClockReset(MovableClock clock) : IDisposable
{
    public void Dispose() => clock.Reset();
}
