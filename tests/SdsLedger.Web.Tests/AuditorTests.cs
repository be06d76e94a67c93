using Microsoft.Playwright;

namespace SdsLedger.Web.Tests;

/// <summary>The auditor reads the audit trail by person or by who acted, and changes nothing.</summary>
public sealed class AuditorTests(WebWorld world) : IClassFixture<WebWorld>
{
    [Fact]
    public async Task An_auditor_sees_who_read_a_persons_record_from_where_and_cannot_register_anyone()
    {
        await using (var anna = await Ui.OpenAsync(world, nameof(An_auditor_sees_who_read_a_persons_record_from_where_and_cannot_register_anyone) + "-anna"))
        {
            await anna.SignInAsync(world, "sw-anna");
            await anna.GoAsync($"/people/{world.Bruce}", "bruce");
        }

        await using var ui = await Ui.OpenAsync(world, nameof(An_auditor_sees_who_read_a_persons_record_from_where_and_cannot_register_anyone));
        await ui.SignInAsync(world, "aud-ali");
        (await ui.Page.TitleAsync()).Should().StartWith("Audit trail");
        await ui.GoAsync($"/people/{world.Bruce}", "person");
        await ui.Page.GetByRole(AriaRole.Link, new() { Name = "Who has looked at or changed Bruce Test's record" }).ClickAsync();
        await ui.CheckAsync("trail-by-person");
        var rows = ui.Page.Locator("main table tbody tr");
        var read = await rows.Filter(new() { HasText = "Anna Social" }).Filter(new() { HasText = "PersonBudgets" }).First.InnerTextAsync();
        read.Should().Contain("127.0.0.1");

        await ui.GoAsync("/audit", "trail");
        await ui.Page.GetByLabel("Who acted (their name as recorded)").FillAsync("Anna Social");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Show what they did" }).ClickAsync();
        await ui.CheckAsync("trail-by-actor");
        (await ui.MainTextAsync()).Should().Contain("Records of Anna Social").And.Contain("Caseload");

        await ui.GoAsync("/people/register", "register-refused");
        (await ui.Page.TitleAsync()).Should().StartWith("Your role cannot do this");
        (await ui.Page.Locator("nav[aria-label=Main]").InnerTextAsync()).Should().NotContain("Register");
    }
}
