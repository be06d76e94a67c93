using Microsoft.Playwright;
using NodaTime;

namespace SdsLedger.Web.Tests;

/// <summary>Signing in with a one-time link (the local installation's way in), signing out, and signing out everywhere.</summary>
public sealed class SignInTests(WebWorld world) : IClassFixture<WebWorld>
{
    [Fact]
    public async Task A_sign_in_link_signs_a_social_worker_in_once_and_opens_their_caseload()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(A_sign_in_link_signs_a_social_worker_in_once_and_opens_their_caseload));
        var link = await world.SignInLinkAsync("sw-anna");
        await ui.Page.GotoAsync(link);
        await ui.CheckAsync("link");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await ui.CheckAsync("caseload");
        (await ui.Page.TitleAsync()).Should().StartWith("Your caseload");
        (await ui.Page.Locator(".ds_site-header").InnerTextAsync()).Should().Contain("North Test Council");

        await using var other = await Ui.OpenAsync(world, nameof(A_sign_in_link_signs_a_social_worker_in_once_and_opens_their_caseload) + "-again");
        await other.Page.GotoAsync(link);
        await other.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await other.CheckAsync("used-link");
        (await other.MainTextAsync()).Should().Contain("has been used already");
        await other.Page.GotoAsync("/caseload");
        other.Page.Url.Should().Contain("/sign-in?returnUrl=");
    }

    [Fact]
    public async Task An_expired_or_forged_link_signs_nobody_in()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(An_expired_or_forged_link_signs_nobody_in));
        await ui.Page.GotoAsync(await world.SignInLinkAsync("sw-anna", SystemClock.Instance.GetCurrentInstant() - Duration.FromMinutes(11)));
        await ui.CheckAsync("expired");
        (await ui.MainTextAsync()).Should().Contain("has expired");
        (await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).CountAsync()).Should().Be(0);

        var forged = (await world.SignInLinkAsync("sw-anna"))[..^4] + "AAAA";
        await ui.Page.GotoAsync(forged);
        (await ui.MainTextAsync()).Should().Contain("cannot be used");
    }

    [Fact]
    public async Task The_sign_out_button_on_every_page_ends_this_session()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(The_sign_out_button_on_every_page_ends_this_session));
        await ui.SignInAsync(world, "sw-beth");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await ui.CheckAsync("signed-out");
        ui.Page.Url.Should().EndWith("/sign-in/signed-out");
        await ui.Page.GotoAsync("/caseload");
        ui.Page.Url.Should().Contain("/sign-in?returnUrl=", "the session has ended");

        await using var person = await Ui.OpenAsync(world, nameof(The_sign_out_button_on_every_page_ends_this_session) + "-person");
        await person.Page.GotoAsync(await world.PersonSignInLinkAsync("AILSA-1"));
        await person.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await person.CheckAsync("person-signed-in");
        await person.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await person.CheckAsync("person-signed-out");
        await person.Page.GotoAsync("/my/budget");
        person.Page.Url.Should().EndWith("/my/sign-in", "the person's session has ended");
    }

    [Fact]
    public async Task Signing_out_everywhere_ends_the_session_in_every_browser()
    {
        await using var first = await Ui.OpenAsync(world, nameof(Signing_out_everywhere_ends_the_session_in_every_browser) + "-first");
        await using var second = await Ui.OpenAsync(world, nameof(Signing_out_everywhere_ends_the_session_in_every_browser) + "-second");
        await first.SignInAsync(world, "sw-beth");
        await second.SignInAsync(world, "sw-beth");

        await first.GoAsync("/sign-out/everywhere", "sign-out-everywhere");
        await first.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();
        await first.CheckAsync("signed-out");
        (await first.MainTextAsync()).Should().Contain("signed out on every device");

        await second.Page.GotoAsync("/caseload");
        second.Page.Url.Should().Contain("/sign-in?returnUrl=", "the other browser's session ended with the old security stamp");
    }

    [Fact]
    public async Task A_provider_worker_signs_in_to_their_own_pages_and_not_council_staffs()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(A_provider_worker_signs_in_to_their_own_pages_and_not_council_staffs));
        await ui.Page.GotoAsync(await world.SignInLinkAsync("harbour-finance"));
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await ui.CheckAsync("signed-in");
        ui.Page.Url.Should().EndWith("/provider");
        (await ui.Page.GotoAsync("/caseload"))!.Url.Should().Contain("/not-allowed");
    }
}
