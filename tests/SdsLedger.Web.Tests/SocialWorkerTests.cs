using Microsoft.Playwright;
using UglyToad.PdfPig;

namespace SdsLedger.Web.Tests;

/// <summary>A social worker's first journeys: caseload, find and register a person, a person's and a budget's page, a statement.</summary>
public sealed class SocialWorkerTests(WebWorld world) : IClassFixture<WebWorld>
{
    [Fact]
    public async Task The_caseload_shows_each_budget_with_its_spending_against_time_and_flags()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(The_caseload_shows_each_budget_with_its_spending_against_time_and_flags));
        await ui.SignInAsync(world, "sw-anna");
        var rows = ui.Page.Locator("main table tbody tr");
        (await rows.CountAsync()).Should().Be(2);
        var ailsa = await rows.Filter(new() { HasText = "Ailsa Test" }).InnerTextAsync();
        ailsa.Should().Contain("Option 4: a mix").And.Contain("£5,200.00").And.Contain("£45.00").And.Contain("1% spent");
        (await ui.MainTextAsync()).Should().NotContain("Cara Test", "Cara is another council's");
    }

    [Fact]
    public async Task Finding_a_person_lists_only_this_councils_people_and_opens_their_budgets()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(Finding_a_person_lists_only_this_councils_people_and_opens_their_budgets));
        await ui.SignInAsync(world, "sw-anna");
        await ui.GoAsync("/people", "find");
        await ui.Page.GetByLabel("Name or reference").FillAsync("x");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await ui.CheckAsync("find-too-short");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("at least 2 letters");

        await ui.Page.GetByLabel("Name or reference").FillAsync("test");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await ui.CheckAsync("found");
        var found = await ui.MainTextAsync();
        found.Should().Contain("Ailsa Test").And.Contain("Bruce Test").And.NotContain("Cara Test");

        await ui.Page.GetByRole(AriaRole.Link, new() { Name = "Ailsa Test" }).ClickAsync();
        await ui.CheckAsync("person");
        (await ui.Page.TitleAsync()).Should().StartWith("Ailsa Test");
        (await ui.MainTextAsync()).Should().Contain("1 April 2026 to 31 March 2027");
    }

    [Fact]
    public async Task A_social_worker_records_where_a_persons_codes_go_is_told_when_another_has_that_number_and_the_person_signs_in_with_it()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(A_social_worker_records_where_a_persons_codes_go_is_told_when_another_has_that_number_and_the_person_signs_in_with_it));
        await ui.SignInAsync(world, "sw-anna");
        await ui.GoAsync($"/people/{world.Ailsa}", "person");
        await ui.Page.GetByRole(AriaRole.Link, new() { Name = "How Ailsa Test signs in" }).ClickAsync();
        await ui.CheckAsync("sign-in-addresses");
        (await ui.Page.GetByLabel("Email address (optional)").InputValueAsync()).Should().Be("ailsa@people.test", "what is recorded now is shown, opened");
        (await ui.Page.GetByLabel("UK mobile phone number (optional)").InputValueAsync()).Should().BeEmpty();

        await ui.Page.GetByLabel("UK mobile phone number (optional)").FillAsync("07700 900002");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await ui.CheckAsync("number-taken");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("Another person here signs in with that mobile number");
        (await ui.Page.Locator(".ds_question__error-message").InnerTextAsync()).Should().Contain("that mobile number", "the problem stands beside the mobile number");
        (await world.Scalar<bool>("SELECT mobile IS NULL FROM sds.people WHERE id = @Id", new { Id = world.Ailsa })).Should().BeTrue("nothing was written");

        await ui.Page.GetByLabel("UK mobile phone number (optional)").FillAsync("07700 900345");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await ui.CheckAsync("saved");
        (await ui.MainTextAsync()).Should().Contain("Ailsa Test's sign-in codes now go where they chose.");
        var sealedMobile = await world.Scalar<string>("SELECT mobile FROM sds.people WHERE id = @Id", new { Id = world.Ailsa });
        sealedMobile.Should().StartWith("enc1:", "the number is kept sealed with Ailsa's key");
        (await world.OpenedScalar("SELECT mobile FROM sds.people WHERE id = @Id", new { Id = world.Ailsa })).Should().Be("07700900345");

        await using var ailsa = await Ui.OpenAsync(world, nameof(A_social_worker_records_where_a_persons_codes_go_is_told_when_another_has_that_number_and_the_person_signs_in_with_it) + "-ailsa");
        await ailsa.Page.GotoAsync("/my/sign-in");
        await ailsa.Page.GetByLabel("Your email address or mobile phone number").FillAsync("+44 7700 900345");
        await ailsa.Page.GetByRole(AriaRole.Button, new() { Name = "Send me a code" }).ClickAsync();
        await ailsa.WaitForAddressAsync(url => url.Contains("/my/sign-in/code?", StringComparison.Ordinal));
        var code = world.Outbox.LastCodeTo("07700900345");
        code.Should().MatchRegex("^[0-9]{6}$", "the code went to the number recorded");
        await ailsa.Page.GetByLabel("Code", new() { Exact = true }).FillAsync(code!);
        await ailsa.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await ailsa.CheckAsync("signed-in");
        (await ailsa.MainTextAsync()).Should().Contain("Left to spend");
    }

    [Fact]
    public async Task Another_councils_person_and_budget_are_not_found()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(Another_councils_person_and_budget_are_not_found));
        await ui.SignInAsync(world, "sw-anna");
        var person = await ui.Page.GotoAsync($"/people/{world.Cara}");
        person!.Status.Should().Be(404);
        await ui.CheckAsync("not-found");
        (await ui.MainTextAsync()).Should().Contain("not yours to see");
        (await ui.Page.GotoAsync($"/budgets/{world.CaraBudget}"))!.Status.Should().Be(404);
        (await ui.Page.GotoAsync($"/budgets/{world.CaraBudget}/statement?month=2026-04"))!.Status.Should().Be(404);
    }

    [Fact]
    public async Task Registering_a_person_names_every_bad_field_writes_nothing_then_registers_them_once()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(Registering_a_person_names_every_bad_field_writes_nothing_then_registers_them_once));
        await ui.SignInAsync(world, "sw-anna");
        await ui.GoAsync("/people/register", "register");
        var before = await world.Scalar<long>("SELECT count(*) FROM sds.people");

        await ui.Page.GetByLabel("Reference").FillAsync("NT 1");
        await ui.Page.GetByLabel("Date of birth").FillAsync("31/02/1990");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await ui.CheckAsync("register-errors");
        var summary = ui.Page.Locator(".ds_error-summary");
        (await summary.InnerTextAsync()).Should().Contain("2 to 32 letters").And.Contain("Give the person's name").And.Contain("is not a date");
        (await ui.Page.EvaluateAsync<string>("() => document.activeElement.id")).Should().Be("error-summary", "the error summary takes focus");
        (await ui.Page.TitleAsync()).Should().StartWith("Error:");
        await summary.GetByRole(AriaRole.Link, new() { Name = "is not a date", Exact = false }).ClickAsync();
        (await ui.Page.EvaluateAsync<string>("() => document.activeElement.id")).Should().Be("DateOfBirth");
        (await world.Scalar<long>("SELECT count(*) FROM sds.people")).Should().Be(before, "invalid input writes nothing");

        await ui.Page.GetByLabel("Reference").FillAsync("NT-20001");
        await ui.Page.GetByLabel("Full name").FillAsync("Dana Example");
        await ui.Page.GetByLabel("Date of birth").FillAsync("02/03/1984");
        await ui.Page.GetByText("Large print (18 point)").ClickAsync();
        var form = await ui.Page.EvaluateAsync<Dictionary<string, string>>("() => Object.fromEntries(new FormData(document.querySelector('main form')))");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await ui.CheckAsync("registered");
        (await ui.Page.Locator(".ds_notification-message").InnerTextAsync()).Should().Contain("Dana Example is registered with the reference NT-20001");

        (await world.Scalar<string>("SELECT statement_format || ' ' || date_of_birth::text FROM sds.people WHERE reference = 'NT-20001'"))
            .Should().Be("large-print 1984-03-02");
        (await world.Scalar<long>("SELECT count(*) FROM sds.people p JOIN sds.workers w ON w.id = p.social_worker_id WHERE p.reference = 'NT-20001' AND w.code = 'sw-anna'"))
            .Should().Be(1, "the social worker who registers someone is their social worker");
        (await world.Scalar<string>("SELECT client_address FROM sds.audit_log WHERE action = 'RegisterPerson' AND outcome = 'done' ORDER BY id DESC LIMIT 1"))
            .Should().Be("127.0.0.1", "the audit trail records where the request came from");

        var again = await ui.Page.APIRequest.PostAsync("/people/register", new() { Form = Form(ui.Page.APIRequest, form) });
        again.Url.Should().Be(ui.Page.Url.Split('#')[0], "the same form sent twice gets the first answer");
        (await world.Scalar<long>("SELECT count(*) FROM sds.people WHERE reference = 'NT-20001'")).Should().Be(1, "submitting the same form again records nothing twice");
    }

    [Fact]
    public async Task A_budgets_page_shows_its_figures_parts_and_history_and_gives_the_statement_in_the_persons_print()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(A_budgets_page_shows_its_figures_parts_and_history_and_gives_the_statement_in_the_persons_print));
        await ui.SignInAsync(world, "sw-anna");
        await ui.GoAsync($"/budgets/{world.AilsaBudget}", "budget");
        (await ui.MainTextAsync()).Should().Contain("Available to spend").And.Contain("£5,200.00").And.NotContain("Harbour Care", "only the figures tab shows");
        await ui.Page.Locator(".ds_tabs__tab-link", new() { HasText = "Parts" }).ClickAsync();
        await ui.CheckAsync("budget-parts-tab");
        (await ui.MainTextAsync()).Should().Contain("Harbour Care");
        await ui.Page.Locator(".ds_tabs__tab-link", new() { HasText = "History" }).ClickAsync();
        await ui.CheckAsync("budget-history-tab");
        (await ui.MainTextAsync()).Should().Contain("Swimming, ten sessions");

        await ui.Page.Locator(".ds_tabs__tab-link", new() { HasText = "Statement" }).ClickAsync();
        await ui.Page.GetByLabel("Month").SelectOptionAsync("2026-04");
        var download = await ui.Page.RunAndWaitForDownloadAsync(() => ui.Page.GetByRole(AriaRole.Button, new() { Name = "Download statement (PDF)" }).ClickAsync());
        download.SuggestedFilename.Should().Be("statement-AILSA-1-2026-04-standard.pdf", "the statement is in the format Ailsa asked for");
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(path);
        using (var pdf = PdfDocument.Open(path))
        {
            var words = string.Join(" ", pdf.GetPages().Select(p => p.Text));
            words.Should().Contain("Ailsa").And.Contain("Kirkton Leisure Centre");
        }
        File.Delete(path);
    }

    [Fact]
    public async Task A_social_worker_cannot_open_the_audit_trail()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(A_social_worker_cannot_open_the_audit_trail));
        await ui.SignInAsync(world, "sw-anna");
        await ui.GoAsync("/audit", "not-allowed");
        (await ui.Page.TitleAsync()).Should().StartWith("Your role cannot do this");
    }

    private static IFormData Form(IAPIRequestContext request, Dictionary<string, string> fields)
    {
        var data = request.CreateFormData();
        foreach (var (name, value) in fields) data.Set(name, value);
        return data;
    }
}
