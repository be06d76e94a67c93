using Microsoft.Playwright;

namespace SdsLedger.Web.Tests;

/// <summary>A social worker agrees a support plan with the person, and sets up a test budget and notes its progress.</summary>
public sealed class SupportPlanTests(WebWorld world) : IClassFixture<WebWorld>
{
    [Fact]
    public async Task A_support_plan_is_agreed_in_the_persons_words_and_the_rules_refusals_show_in_the_error_summary()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(A_support_plan_is_agreed_in_the_persons_words_and_the_rules_refusals_show_in_the_error_summary));
        await ui.SignInAsync(world, "sw-anna");
        await ui.GoAsync($"/budgets/{world.AilsaBudget}", "budget");
        await ui.Page.GetByRole(AriaRole.Link, new() { Name = "Agree the support plan" }).ClickAsync();
        await ui.CheckAsync("plan");
        (await ui.Page.GetByLabel("Outcome 1", new() { Exact = true }).InputValueAsync()).Should().Be("Get back into swimming", "the plan's outcomes so far are shown");

        await ui.Page.GetByLabel("Outcome 2 (optional)").FillAsync("See my friends at the pool café every week");
        await ui.Page.GetByLabel("Category 1", new() { Exact = true }).FillAsync("leisure");
        await ui.Page.GetByLabel("Category 2 (optional)").FillAsync("personal-care");
        await ui.Page.GetByLabel("Share for category 2, in per cent (optional)").FillAsync("60");
        await ui.Page.GetByLabel("Category 3 (optional)").FillAsync("transport");
        await ui.Page.GetByLabel("Share for category 3, in per cent (optional)").FillAsync("50");
        await ui.Page.GetByLabel("Amount for category 4, in pounds (optional)").FillAsync("lots");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Agree the plan" }).ClickAsync();
        await ui.CheckAsync("plan-errors");
        var problems = await ui.Page.Locator(".ds_error-summary").InnerTextAsync();
        problems.Should().Contain("Name the spending category of this row").And.Contain("add up to 110%");
        (await ui.Page.EvaluateAsync<string>("() => document.activeElement.id")).Should().Be("error-summary");

        await ui.Page.GetByLabel("Amount for category 4, in pounds (optional)").FillAsync("");
        await ui.Page.GetByLabel("Share for category 3, in per cent (optional)").FillAsync("40");
        await ui.Page.GetByLabel("Amount for category 1, in pounds (optional)").FillAsync("6000");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Agree the plan" }).ClickAsync();
        await ui.CheckAsync("plan-refused");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("leisure is agreed £6,000.00, more than the whole budget of £5,200.00");
        (await world.Scalar<long>("SELECT count(*) FROM sds.plan_categories WHERE budget_id = @AilsaBudget AND category = 'transport'", new { world.AilsaBudget }))
            .Should().Be(0, "a refused plan writes nothing");

        await ui.Page.GetByLabel("Amount for category 1, in pounds (optional)").FillAsync("1,000");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Agree the plan" }).ClickAsync();
        await ui.CheckAsync("plan-agreed");
        (await ui.Page.Locator(".ds_notification-message").InnerTextAsync()).Should().Contain("Support plan agreed");
        (await world.Scalar<string>("""
            SELECT string_agg(category || ':' || coalesce(amount::text, '-') || ':' || coalesce(share_percent::text, '-'), ' ' ORDER BY category)
              FROM sds.plan_categories WHERE budget_id = @AilsaBudget
            """, new { world.AilsaBudget })).Should().Be("leisure:100000:- personal-care:-:60.00 transport:-:40.00");
        (await world.OpenedScalar("SELECT text FROM sds.plan_outcomes WHERE budget_id = @AilsaBudget AND position = 1", new { world.AilsaBudget }))
            .Should().Be("Get back into swimming");
        (await world.OpenedScalar("SELECT text FROM sds.plan_outcomes WHERE budget_id = @AilsaBudget AND position = 2", new { world.AilsaBudget }))
            .Should().Be("See my friends at the pool café every week");
        (await world.Scalar<long>("SELECT count(*) FROM sds.plan_outcomes WHERE budget_id = @AilsaBudget", new { world.AilsaBudget })).Should().Be(2);
        (await world.LedgerAuditPasses()).Should().BeTrue();
    }

    [Fact]
    public async Task A_review_is_recorded_with_what_was_agreed_and_is_no_longer_overdue()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(A_review_is_recorded_with_what_was_agreed_and_is_no_longer_overdue));
        await ui.SignInAsync(world, "sw-anna");
        await ui.GoAsync($"/budgets/{world.AilsaBudget}", "budget");
        await ui.Page.GetByRole(AriaRole.Link, new() { Name = "record a review" }).ClickAsync();
        await ui.CheckAsync("review");
        (await ui.MainTextAsync()).Should().Contain("A review is due on");

        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Record the review" }).ClickAsync();
        await ui.CheckAsync("review-errors");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("what was agreed");
        (await world.Scalar<long>("SELECT count(*) FROM sds.reviews WHERE budget_id = @AilsaBudget AND done_on IS NOT NULL", new { world.AilsaBudget }))
            .Should().Be(0, "a refused form writes nothing");

        await ui.Page.GetByLabel("What was agreed with the person").FillAsync("Swimming goes well; keep the leisure money as it is.");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Record the review" }).ClickAsync();
        await ui.CheckAsync("review-recorded");
        (await ui.Page.Locator(".ds_notification-message").InnerTextAsync()).Should().Contain("Review recorded");
        (await world.OpenedScalar("SELECT agreed FROM sds.reviews WHERE budget_id = @AilsaBudget AND done_on IS NOT NULL", new { world.AilsaBudget }))
            .Should().Be("Swimming goes well; keep the leisure money as it is.");
    }

    [Fact]
    public async Task A_test_budget_is_set_up_within_the_councils_cap_and_progress_is_noted_in_the_persons_words()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(A_test_budget_is_set_up_within_the_councils_cap_and_progress_is_noted_in_the_persons_words));
        await ui.SignInAsync(world, "sw-anna");
        await ui.GoAsync($"/people/{world.Bruce}", "person");
        await ui.Page.GetByRole(AriaRole.Link, new() { Name = "Set up a test budget" }).ClickAsync();
        await ui.CheckAsync("test-budget");
        await ui.Page.GetByLabel("Amount, in pounds").FillAsync("500");
        await ui.Page.GetByLabel("Outcome 1", new() { Exact = true }).FillAsync("Go to the recovery café on Saturdays");
        await ui.Page.GetByLabel("Category 1", new() { Exact = true }).FillAsync("leisure");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Set up the test budget" }).ClickAsync();
        await ui.CheckAsync("test-budget-refused");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("£250.00");
        (await world.Scalar<long>("SELECT count(*) FROM sds.budgets WHERE is_test")).Should().Be(0, "a refusal writes nothing");

        await ui.Page.GetByLabel("Amount, in pounds").FillAsync("200");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Set up the test budget" }).ClickAsync();
        await ui.CheckAsync("test-budget-created");
        (await ui.Page.Locator(".ds_notification-message").InnerTextAsync()).Should().Contain("test budget of £200.00");
        (await ui.MainTextAsync()).Should().Contain("Go to the recovery café on Saturdays");

        await ui.Page.GetByLabel("What the person said, in their own words (optional)").FillAsync("I went twice and I'm going again.");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Record the note" }).ClickAsync();
        await ui.CheckAsync("progress-errors");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("what changed");
        await ui.Page.GetByLabel("What changed").FillAsync("Bruce has been to the café twice and met a peer mentor.");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Record the note" }).ClickAsync();
        await ui.CheckAsync("progress-noted");
        (await ui.Page.Locator(".ds_notification-message").InnerTextAsync()).Should().Contain("Progress noted");
        (await world.Scalar<long>("SELECT b.agreed_total FROM sds.budgets b WHERE b.person_id = @Bruce AND b.is_test", new { world.Bruce })).Should().Be(20000);
        (await world.OpenedScalar("""
            SELECT n.in_own_words FROM sds.progress_notes n JOIN sds.budgets b ON b.id = n.budget_id WHERE b.person_id = @Bruce AND b.is_test
            """, new { world.Bruce })).Should().Be("I went twice and I'm going again.");
        (await world.LedgerAuditPasses()).Should().BeTrue();
    }
}
