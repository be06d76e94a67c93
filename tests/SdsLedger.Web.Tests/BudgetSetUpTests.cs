using Microsoft.Playwright;

namespace SdsLedger.Web.Tests;

/// <summary>Setting up a budget one question at a time: with the mouse, with the keyboard alone, and without JavaScript.</summary>
public sealed class BudgetSetUpTests(WebWorld world) : IClassFixture<WebWorld>
{
    [Fact]
    public async Task A_social_worker_sets_up_a_two_part_budget_step_by_step_and_each_bad_answer_is_named_on_its_step()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(A_social_worker_sets_up_a_two_part_budget_step_by_step_and_each_bad_answer_is_named_on_its_step));
        await ui.SignInAsync(world, "sw-anna");
        await ui.GoAsync($"/people/{world.Bruce}", "person");
        var before = await world.Scalar<long>("SELECT count(*) FROM sds.budgets");
        await ui.Page.GetByRole(AriaRole.Link, new() { Name = "Set up a budget" }).ClickAsync();
        await ui.CheckAsync("period");

        await ui.Page.GetByLabel("First day").FillAsync("01/04/2027");
        await ui.Page.GetByLabel("Last day").FillAsync("31/03/2031");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await ui.CheckAsync("period-too-long");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("at most three years");

        await ui.Page.GetByLabel("Last day").FillAsync("31/03/2028");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await ui.CheckAsync("part-1");
        (await ui.Page.TitleAsync()).Should().StartWith("Part 1: how is it arranged?");

        await ui.Page.GetByText("Option 1: a direct payment to the person").ClickAsync();
        await ui.Page.GetByText("The council", new() { Exact = true }).ClickAsync();
        await ui.Page.GetByLabel("Amount for the whole period, in pounds").FillAsync("12.345");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await ui.CheckAsync("part-1-errors");
        var summary = await ui.Page.Locator(".ds_error-summary").InnerTextAsync();
        summary.Should().Contain("cannot be held by the council").And.Contain("fraction of a penny");

        await ui.Page.GetByText("The person", new() { Exact = true }).ClickAsync();
        await ui.Page.GetByLabel("Amount for the whole period, in pounds").FillAsync("2,600");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await ui.CheckAsync("check-1");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Add another part" }).ClickAsync();
        await ui.CheckAsync("part-2");
        await ui.Page.GetByText("Option 3: arranged by the council").ClickAsync();
        await ui.Page.GetByText("The council", new() { Exact = true }).ClickAsync();
        await ui.Page.GetByLabel("Amount for the whole period, in pounds").FillAsync("1040");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await ui.CheckAsync("check-2");
        var check = await ui.MainTextAsync();
        check.Should().Contain("1 April 2027 to 31 March 2028").And.Contain("Part 2").And.Contain("£3,640.00");
        (await world.Scalar<long>("SELECT count(*) FROM sds.budgets")).Should().Be(before, "nothing is recorded until the budget is set up");

        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Set up the budget" }).ClickAsync();
        await ui.CheckAsync("created");
        (await ui.Page.Locator(".ds_notification-message").InnerTextAsync()).Should().Contain("set up as a draft of £3,640.00");
        (await world.Scalar<string>("""
            SELECT string_agg(p.option || ':' || p.holder_kind || ':' || p.amount, ',' ORDER BY p.position) || ' ' || b.status
              FROM sds.budgets b JOIN sds.budget_parts p ON p.budget_id = b.id JOIN sds.people pe ON pe.id = b.person_id
             WHERE pe.reference = 'BRUCE-1' AND b.period_start = '2027-04-01' GROUP BY b.status
            """)).Should().Be("1:person:260000,3:council:104000 draft");
        (await world.LedgerAuditPasses()).Should().BeTrue();
    }

    [Fact]
    public async Task A_whole_budget_set_up_works_with_the_keyboard_alone()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(A_whole_budget_set_up_works_with_the_keyboard_alone));
        await ui.SignInAsync(world, "sw-anna");
        await ui.GoAsync($"/people/{world.Ailsa}/budgets/new", "period");
        await Keys.TabToAsync(ui, "Start");
        await ui.Page.Keyboard.TypeAsync("01/04/2027");
        await ui.Page.Keyboard.PressAsync("Tab");
        await ui.Page.Keyboard.TypeAsync("31/03/2028");
        await ui.SubmitWithKeyAsync("Enter");
        await ui.CheckAsync("part");
        await Keys.TabToAsync(ui, "Option");
        await ui.Page.Keyboard.PressAsync("Space");
        await Keys.TabToAsync(ui, "Holder");
        await ui.Page.Keyboard.PressAsync("Space");
        await Keys.TabToAsync(ui, "Amount");
        await ui.Page.Keyboard.TypeAsync("2600");
        await ui.SubmitWithKeyAsync("Enter");
        await ui.CheckAsync("check");
        await Keys.TabToTextAsync(ui, "Set up the budget");
        (await Keys.FocusVisibleAsync(ui)).Should().BeTrue();
        await ui.SubmitWithKeyAsync("Enter");
        await ui.CheckAsync("created");
        (await world.Scalar<long>("SELECT count(*) FROM sds.budgets b JOIN sds.people p ON p.id = b.person_id WHERE p.reference = 'AILSA-1' AND b.period_start = '2027-04-01'"))
            .Should().Be(1);
    }

    [Fact]
    public async Task Without_javascript_a_budget_is_set_up_and_a_refusal_shows_in_the_error_summary()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(Without_javascript_a_budget_is_set_up_and_a_refusal_shows_in_the_error_summary), javaScript: false);
        await ui.SignInAsync(world, "sw-anna");
        await ui.GoAsync($"/people/{world.Bruce}/budgets/new", "period");
        await ui.Page.GetByLabel("First day").FillAsync("2028-04-01");
        await ui.Page.GetByLabel("Last day").FillAsync("2029-03-31");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await ui.Page.GetByText("Option 2: directed support, the person directs how it is spent").ClickAsync();
        await ui.Page.GetByText("The council", new() { Exact = true }).ClickAsync();
        await ui.Page.GetByLabel("Amount for the whole period, in pounds").FillAsync("500");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await ui.CheckAsync("check");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Set up the budget" }).ClickAsync();
        await ui.CheckAsync("created");
        (await world.Scalar<long>("SELECT count(*) FROM sds.budgets b JOIN sds.people p ON p.id = b.person_id WHERE p.reference = 'BRUCE-1' AND b.period_start = '2028-04-01'"))
            .Should().Be(1);
    }
}

/// <summary>Moving about with the keyboard alone.</summary>
internal static class Keys
{
    public static async Task TabToAsync(Ui ui, string id)
    {
        for (var i = 0; i < 40; i++)
        {
            await ui.Page.Keyboard.PressAsync("Tab");
            if (await ui.Page.EvaluateAsync<string>("() => document.activeElement.id") == id) return;
        }
        throw new InvalidOperationException($"Tab never reached #{id}.");
    }

    public static async Task TabToTextAsync(Ui ui, string text)
    {
        for (var i = 0; i < 40; i++)
        {
            await ui.Page.Keyboard.PressAsync("Tab");
            if ((await ui.Page.EvaluateAsync<string>("() => document.activeElement.innerText || ''")).Trim() == text) return;
        }
        throw new InvalidOperationException($"Tab never reached '{text}'.");
    }

    // The focused element shows it: an outline, a box shadow, or the design system's yellow focus background (#fdd522).
    public static Task<bool> FocusVisibleAsync(Ui ui) => ui.Page.EvaluateAsync<bool>(
        "() => { const s = getComputedStyle(document.activeElement); return (s.outlineStyle !== 'none' && s.outlineWidth !== '0px') || s.boxShadow !== 'none' || s.backgroundColor === 'rgb(253, 213, 34)'; }");
}
