using Microsoft.Playwright;

namespace SdsLedger.Web.Tests;

/// <summary>
/// Least access in the browser: a social worker opening the record of someone not on their caseload is asked for a
/// reason first, then sees it; the auditor sees the opening in the report of unusual access.
/// </summary>
public sealed class BreakTheGlassTests(WebWorld world) : IClassFixture<WebWorld>
{
    [Fact]
    public async Task A_social_worker_gives_a_reason_to_open_a_record_off_their_caseload_and_the_auditor_sees_it_in_the_unusual_access_report()
    {
        const string reason = "Covering for Anna Social while she is on leave: Bruce phoned about his payment";
        await using (var beth = await Ui.OpenAsync(world, nameof(A_social_worker_gives_a_reason_to_open_a_record_off_their_caseload_and_the_auditor_sees_it_in_the_unusual_access_report) + "-beth"))
        {
            await beth.SignInAsync(world, "sw-beth");
            await beth.GoAsync($"/people/{world.Bruce}", "reason-asked");
            (await beth.Page.TitleAsync()).Should().StartWith("Give a reason to open this record");
            (await beth.MainTextAsync()).Should().Contain("not on your caseload").And.NotContain("Bruce Test", "nothing of the record shows before a reason is given");

            await beth.Page.GetByLabel("Why do you need to open this record?").FillAsync("Nosy\u0007");
            await beth.Page.GetByRole(AriaRole.Button, new() { Name = "Open the record" }).ClickAsync();
            await beth.CheckAsync("reason-refused");
            (await beth.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("reason for opening this record has a control character");
            (await world.Scalar<long>("SELECT count(*) FROM sds.record_openings")).Should().Be(0, "a bad reason opens nothing");

            await beth.Page.GetByLabel("Why do you need to open this record?").FillAsync(reason);
            await beth.Page.GetByRole(AriaRole.Button, new() { Name = "Open the record" }).ClickAsync();
            await beth.CheckAsync("person-opened");
            beth.Page.Url.Should().EndWith($"/people/{world.Bruce}");
            (await beth.Page.TitleAsync()).Should().Contain("Bruce Test");

            // Still open on the next pages: the budget is not asked for again.
            await beth.Page.Locator("main a[href^='/budgets/']").First.ClickAsync();
            await beth.CheckAsync("budget-opened");
            beth.Page.Url.Should().Contain("/budgets/");
            (await world.Scalar<long>("SELECT count(*) FROM sds.record_openings")).Should().Be(1);
            (await world.Scalar<string>("""
                SELECT l.actor FROM sds.audit_log l JOIN sds.people p ON p.id = l.person_id
                 WHERE l.action = 'BreakTheGlass' AND l.outcome = 'done' AND p.reference = 'BRUCE-1'
                """)).Should().Be("Beth Social");
            // The audit record's detail and the opening's reason are kept sealed with Bruce's key.
            (await world.OpenedScalar("""
                SELECT l.detail FROM sds.audit_log l JOIN sds.people p ON p.id = l.person_id
                 WHERE l.action = 'BreakTheGlass' AND l.outcome = 'done' AND p.reference = 'BRUCE-1'
                """)).Should().Be($"break the glass: {reason}");
            (await world.Scalar<long>("SELECT count(*) FROM sds.record_openings WHERE reason LIKE '%' || @reason || '%'", new { reason }))
                .Should().Be(0, "the reason is not kept in the clear");
        }

        await using (var anna = await Ui.OpenAsync(world, nameof(A_social_worker_gives_a_reason_to_open_a_record_off_their_caseload_and_the_auditor_sees_it_in_the_unusual_access_report) + "-anna"))
        {
            await anna.SignInAsync(world, "sw-anna");
            await anna.GoAsync($"/people/{world.Bruce}", "own-caseload");
            (await anna.Page.TitleAsync()).Should().Contain("Bruce Test", "their named social worker is not asked");
        }

        await using var ui = await Ui.OpenAsync(world, nameof(A_social_worker_gives_a_reason_to_open_a_record_off_their_caseload_and_the_auditor_sees_it_in_the_unusual_access_report));
        await ui.SignInAsync(world, "aud-ali");
        await ui.Page.GetByRole(AriaRole.Link, new() { Name = "Unusual access" }).ClickAsync();
        await ui.CheckAsync("unusual-access");
        var opened = ui.Page.Locator("main table").First.Locator("tbody tr");
        (await opened.CountAsync()).Should().Be(1);
        var row = await opened.First.InnerTextAsync();
        row.Should().Contain("Beth Social").And.Contain("Bruce Test, BRUCE-1").And.Contain(reason);

        await ui.Page.GetByLabel("From").FillAsync("31/02/2026");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Show unusual access" }).ClickAsync();
        await ui.CheckAsync("unusual-access-bad-date");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("is not a date");
    }
}

/// <summary>The step of a journey where a social worker opening a record off their caseload gives their reason.</summary>
internal static class BreakTheGlassSteps
{
    public static async Task GiveReasonAsync(this Ui ui, string reason)
    {
        (await ui.Page.TitleAsync()).Should().StartWith("Give a reason to open this record");
        await ui.Page.GetByLabel("Why do you need to open this record?").FillAsync(reason);
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Open the record" }).ClickAsync();
    }
}
