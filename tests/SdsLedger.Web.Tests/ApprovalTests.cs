using Microsoft.Playwright;

namespace SdsLedger.Web.Tests;

/// <summary>Four eyes: a spend above the threshold is asked for by one person and decided by another, never the same.</summary>
public sealed class ApprovalTests(WebWorld world) : IClassFixture<WebWorld>
{
    [Fact]
    public async Task A_social_worker_cannot_approve_their_own_request_and_a_colleague_can()
    {
        string decisionPage;
        await using (var anna = await Ui.OpenAsync(world, nameof(A_social_worker_cannot_approve_their_own_request_and_a_colleague_can) + "-anna"))
        {
            await anna.SignInAsync(world, "sw-anna");
            await anna.GoAsync($"/budgets/{world.AilsaBudget}/approvals/new", "ask");
            await anna.Page.GetByText("Part 1: Option 1: direct payment", new() { Exact = false }).ClickAsync();
            await anna.Page.GetByLabel("Amount, in pounds").FillAsync("0");
            await anna.Page.GetByRole(AriaRole.Button, new() { Name = "Ask for approval" }).ClickAsync();
            await anna.CheckAsync("ask-errors");
            var problems = await anna.Page.Locator(".ds_error-summary").InnerTextAsync();
            problems.Should().Contain("more than £0.00").And.Contain("spending category").And.Contain("payee");
            (await world.Scalar<long>("SELECT count(*) FROM sds.approvals")).Should().Be(0);

            await anna.Page.GetByLabel("Amount, in pounds").FillAsync("450");
            await anna.Page.GetByLabel("Spending category, as in the support plan").FillAsync("leisure");
            await anna.Page.GetByLabel("Who will be paid").FillAsync("Kirkton Cycles");
            await anna.Page.GetByLabel("What will be bought, and why").FillAsync("A bike to get to the pool");
            await anna.Page.GetByRole(AriaRole.Button, new() { Name = "Ask for approval" }).ClickAsync();
            await anna.CheckAsync("asked");
            (await anna.Page.Locator(".ds_notification-message").InnerTextAsync()).Should().Contain("waiting for a second person");
            decisionPage = anna.Page.Url.Split('?')[0];

            await anna.Page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
            await anna.CheckAsync("own-approval-refused");
            (await anna.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("Anna Social asked for this spend, so cannot also decide on it");
            (await world.Scalar<string>("SELECT status FROM sds.approvals")).Should().Be("waiting");
        }

        await using var beth = await Ui.OpenAsync(world, nameof(A_social_worker_cannot_approve_their_own_request_and_a_colleague_can) + "-beth");
        await beth.SignInAsync(world, "sw-beth");
        await beth.GoAsync($"/budgets/{world.AilsaBudget}", "reason");
        await beth.GiveReasonAsync("Second approver for Anna's request");
        await beth.CheckAsync("budget");
        await beth.Page.Locator(".ds_tabs__tab-link", new() { HasText = "Approvals" }).ClickAsync();
        await beth.CheckAsync("approvals-tab");
        await beth.Page.GetByRole(AriaRole.Link, new() { Name = "£450.00 to Kirkton Cycles" }).ClickAsync();
        await beth.CheckAsync("decide");
        beth.Page.Url.Should().Be(decisionPage);
        await beth.Page.GetByLabel("Note (optional)").FillAsync("Agreed at the review");
        await beth.Page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await beth.CheckAsync("approved");
        (await beth.Page.Locator(".ds_notification-message").InnerTextAsync()).Should().Contain("approved by Beth Social");
        (await world.Scalar<string>("""
            SELECT x.status || ' ' || d.name || ' ' || r.name
              FROM sds.approvals x JOIN sds.actors d ON d.id = x.decided_by_id JOIN sds.actors r ON r.id = x.requested_by_id
            """)).Should().Be("approved Beth Social Anna Social");

        var again = await beth.Page.APIRequest.PostAsync(decisionPage + "?handler=Approve", new() { Form = beth.Page.APIRequest.CreateFormData() });
        again.Status.Should().Be(400, "a form without its antiforgery token is refused");
    }
}
