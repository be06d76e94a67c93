using Microsoft.Playwright;

namespace SdsLedger.Web.Tests;

/// <summary>Keyboard only, 320 CSS pixels wide, and JavaScript off: each way of using the pages still works.</summary>
public sealed class AccessibilityTests(WebWorld world) : IClassFixture<WebWorld>
{
    [Fact]
    public async Task Registering_a_person_works_with_the_keyboard_alone_with_focus_always_visible()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(Registering_a_person_works_with_the_keyboard_alone_with_focus_always_visible));
        await ui.SignInAsync(world, "sw-anna");
        await ui.GoAsync("/people/register", "register");

        await ui.Page.Keyboard.PressAsync("Tab");
        (await FocusedTextAsync(ui)).Should().Be("Skip to main content");
        (await FocusVisibleAsync(ui)).Should().BeTrue();
        await ui.Page.Keyboard.PressAsync("Enter");
        await TabUntilAsync(ui, "Reference");
        await ui.Page.Keyboard.TypeAsync("NT-30001");
        await ui.Page.Keyboard.PressAsync("Tab");
        (await FocusVisibleAsync(ui)).Should().BeTrue();
        await ui.Page.Keyboard.TypeAsync("Eve Keyboard");
        await ui.Page.Keyboard.PressAsync("Tab");
        await ui.Page.Keyboard.TypeAsync("not a date");
        await ui.SubmitWithKeyAsync("Enter");
        await ui.CheckAsync("register-errors");
        await ui.Page.WaitForFunctionAsync("() => document.activeElement.id === 'error-summary'", null, new() { Timeout = 10_000 });

        await ui.Page.Keyboard.PressAsync("Tab");
        (await FocusedTextAsync(ui)).Should().Contain("is not a date");
        await ui.Page.Keyboard.PressAsync("Enter");
        (await ui.Page.EvaluateAsync<string>("() => document.activeElement.id")).Should().Be("DateOfBirth");
        await ui.Page.Keyboard.PressAsync("Control+A");
        await ui.Page.Keyboard.TypeAsync("14/07/1990");
        await ui.SubmitWithKeyAsync("Enter");
        await ui.CheckAsync("registered");
        (await world.Scalar<long>("SELECT count(*) FROM sds.people WHERE reference = 'NT-30001' AND name = 'Eve Keyboard'")).Should().Be(1);
    }

    [Theory]
    [InlineData("/caseload")]
    [InlineData("/people?q=test")]
    [InlineData("/people/register")]
    [InlineData("/budgets/{budget}")]
    [InlineData("/referrals")]
    public async Task Pages_reflow_at_320_css_pixels_without_scrolling_sideways(string path)
    {
        await using var ui = await Ui.OpenAsync(world, "Reflow-" + path.Trim('/').Replace('/', '-').Replace('?', '-').Replace('=', '-').Replace("{", "").Replace("}", ""), width: 320);
        await ui.SignInAsync(world, "sw-anna");
        await ui.GoAsync(path.Replace("{budget}", world.AilsaBudget.ToString()), "page");
        (await ui.FitsWidthAsync()).Should().BeTrue($"{path} should fit 320 CSS pixels");
    }

    [Fact]
    public async Task Without_javascript_a_person_is_registered_and_their_budget_tabs_are_all_on_the_page()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(Without_javascript_a_person_is_registered_and_their_budget_tabs_are_all_on_the_page), javaScript: false);
        await ui.SignInAsync(world, "sw-anna");
        await ui.GoAsync("/people/register", "register");
        await ui.Page.GetByLabel("Reference").FillAsync("NT-30002");
        await ui.Page.GetByLabel("Full name").FillAsync("Finn Nojs");
        await ui.Page.GetByLabel("Date of birth").FillAsync("1975-05-05");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await ui.CheckAsync("registered");
        (await world.Scalar<long>("SELECT count(*) FROM sds.people WHERE reference = 'NT-30002'")).Should().Be(1);

        await ui.GoAsync($"/budgets/{world.AilsaBudget}", "budget");
        (await ui.MainTextAsync()).Should().Contain("Harbour Care").And.Contain("Swimming, ten sessions").And.Contain("Available to spend");
    }

    [Fact]
    public async Task Every_answer_carries_the_security_headers_and_no_page_has_inline_script_or_style()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(Every_answer_carries_the_security_headers_and_no_page_has_inline_script_or_style));
        await ui.SignInAsync(world, "sw-anna");
        foreach (var path in new[] { "/caseload", "/people/register", $"/budgets/{world.AilsaBudget}", "/sign-in", "/no-such-page" })
        {
            var response = await ui.Page.GotoAsync(path);
            var headers = await response!.AllHeadersAsync();
            headers["content-security-policy"].Should().Contain("script-src 'self'").And.Contain("style-src 'self'").And.NotContain("unsafe-inline");
            headers["x-content-type-options"].Should().Be("nosniff");
            headers["referrer-policy"].Should().Be("no-referrer");
            headers["x-frame-options"].Should().Be("DENY");
            var html = await response.TextAsync();
            html.Should().NotMatchRegex("<script(?![^>]*\\bsrc=)[^>]*>", "no inline script").And.NotContain("style=\"").And.NotContain("<style");
        }
        var cookies = await ui.Page.Context.CookiesAsync();
        var session = cookies.Single(c => c.Name == "sdsledger-session");
        session.HttpOnly.Should().BeTrue();
        session.SameSite.Should().Be(SameSiteAttribute.Lax);
        session.Expires.Should().Be(-1, "the session ends with the browser; the server ends it after 30 idle minutes");
    }

    private static Task<string> FocusedTextAsync(Ui ui) => ui.Page.EvaluateAsync<string>("() => document.activeElement.innerText || document.activeElement.value || ''");

    private static Task<bool> FocusVisibleAsync(Ui ui) => Keys.FocusVisibleAsync(ui);

    private static Task TabUntilAsync(Ui ui, string id) => Keys.TabToAsync(ui, id);
}
