using Microsoft.Playwright;

namespace SdsLedger.Web.Tests;

/// <summary>
/// Signing in with the council's identity provider: the whole authorization code flow in the browser against a real
/// OpenID Connect server (OpenIddict) on loopback, the person matched to their worker record by email.
/// </summary>
public sealed class IdentityProviderSignInTests(WebWorldWithIdentityProvider world) : IClassFixture<WebWorldWithIdentityProvider>
{
    [Fact]
    public async Task A_finance_officer_signs_in_at_the_councils_identity_provider_and_is_matched_by_email()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(A_finance_officer_signs_in_at_the_councils_identity_provider_and_is_matched_by_email));
        await ui.Page.GotoAsync("/people");
        await ui.CheckAsync("sign-in");
        await ui.Page.GetByRole(AriaRole.Link, new() { Name = "Sign in with your council account" }).ClickAsync();
        // The click starts two redirects (the app's challenge, then the provider's sign-in page): wait for them to land.
        await ui.WaitForAddressAsync(url => url.StartsWith(world.Provider!.Authority.ToString(), StringComparison.Ordinal));
        ui.Page.Url.Should().StartWith(world.Provider!.Authority.ToString(), "the browser is at the council's identity provider");
        await ui.Page.GetByLabel("Email").FillAsync("nora@north.test");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await ui.WaitForAddressAsync(url => url == new Uri(world.Address, "/people").ToString());
        await ui.CheckAsync("back-at-find-a-person");
        (await ui.Page.Locator(".sds_signed-in").InnerTextAsync()).Should().Contain("Nora Finance").And.Contain("finance officer");
    }

    [Fact]
    public async Task Someone_the_provider_knows_but_with_no_worker_record_is_refused_with_a_clear_page()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(Someone_the_provider_knows_but_with_no_worker_record_is_refused_with_a_clear_page));
        await ui.Page.GotoAsync("/sign-in");
        await ui.Page.GetByRole(AriaRole.Link, new() { Name = "Sign in with your council account" }).ClickAsync();
        await ui.Page.GetByLabel("Email").FillAsync("zed@north.test");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await ui.WaitForAddressAsync(url => url.EndsWith("/sign-in/not-recognised", StringComparison.Ordinal));
        await ui.CheckAsync("not-recognised");
        (await ui.MainTextAsync()).Should().Contain("not linked to a worker record");
        (await ui.Page.Context.CookiesAsync()).Should().NotContain(c => c.Name == "sdsledger-session");
    }

    [Fact]
    public async Task Sign_in_links_are_refused_when_the_council_has_an_identity_provider()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(Sign_in_links_are_refused_when_the_council_has_an_identity_provider));
        var response = await ui.Page.GotoAsync(await world.SignInLinkAsync("sw-anna"));
        response!.Status.Should().Be(400);
        await ui.CheckAsync("link-refused");
        (await ui.MainTextAsync()).Should().Contain("Sign-in links are turned off");
    }
}
