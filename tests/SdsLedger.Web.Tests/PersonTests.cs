using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Plans;
using SdsLedger.Features.TestBudgets;
using UglyToad.PdfPig;

namespace SdsLedger.Web.Tests;

/// <summary>
/// The person with a budget: signing in with a one-time code (and the code's limits), or a one-time link on a local
/// installation; their budget in plain English, their statement and its format, asking for a change, and who has looked.
/// </summary>
public sealed partial class PersonTests(WebWorld world) : IClassFixture<WebWorld>
{
    private const string AilsaEmail = "ailsa@people.test";
    private const string BruceMobile = "07700900002";

    /// <summary>The words a person may not meet without their plain explanation beside them.</summary>
    private static readonly string[] FinanceWords = ["allocation", "instalment", "option 2", "option 3", "direct payment", "commitment", "ledger"];

    [Fact]
    public async Task A_person_signs_in_with_a_code_by_email_and_reads_their_budget_in_plain_english()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(A_person_signs_in_with_a_code_by_email_and_reads_their_budget_in_plain_english));
        await ui.Page.GotoAsync("/my/budget");
        ui.Page.Url.Should().EndWith("/my/sign-in", "a person's pages send them to their own sign-in");
        await ui.CheckAsync("sign-in");
        await SignInWithCodeAsync(ui, AilsaEmail);
        ui.Page.Url.Should().EndWith("/my/budget");
        await ui.CheckAsync("my-budget");

        var text = await ui.MainTextAsync();
        text.Should().Contain("Left to spend").And.Contain("Set aside").And.Contain("Next payment").And.Contain("What was bought")
            .And.Contain("Swimming, ten sessions").And.Contain("Kirkton Leisure Centre").And.Contain("10 April 2026").And.Contain("£45.00")
            .And.Contain("Harbour Care looks after £2,600.00 of it for you")
            .And.Contain("You look after £2,600.00 of it yourself");
        EveryFinanceWordIsExplained(text);
        (await ui.Page.Locator(".ds_site-header").InnerTextAsync()).Should().Contain("North Test Council");

        var download = await ui.Page.RunAndWaitForDownloadAsync(() =>
            ui.Page.GetByRole(AriaRole.Button, new() { Name = "Download my statement" }).First.ClickAsync());
        download.SuggestedFilename.Should().EndWith("-standard.pdf");
        var pdf = await File.ReadAllBytesAsync(await download.PathAsync());
        using (var document = PdfDocument.Open(pdf))
            string.Concat(document.GetPages().Select(p => p.Text)).Should().Contain("Ailsa Test");

        await ui.Page.GetByRole(AriaRole.Link, new() { Name = "Change how your statements look" }).ClickAsync();
        await ui.CheckAsync("statement-format");
        (await ui.MainTextAsync()).Should().NotContain("What your statements say", "Ailsa has no test budget here, so there is nothing to name");
        await ui.Page.Locator("label", new() { HasText = "Large print" }).ClickAsync();
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Save how they look" }).ClickAsync();
        await ui.CheckAsync("statement-format-saved");
        (await ui.MainTextAsync()).Should().Contain("Your statements now come in large print");
        (await world.Scalar<string>("SELECT statement_format FROM sds.people WHERE id = @Id", new { Id = world.Ailsa })).Should().Be("large-print");

        await ui.GoAsync("/my/budget", "my-budget-large-print");
        download = await ui.Page.RunAndWaitForDownloadAsync(() =>
            ui.Page.GetByRole(AriaRole.Button, new() { Name = "Download my statement" }).First.ClickAsync());
        download.SuggestedFilename.Should().EndWith("-large-print.pdf");
        (await world.LedgerAuditPasses()).Should().BeTrue();
    }

    [Fact]
    public async Task A_code_works_once_and_not_after_ten_minutes()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(A_code_works_once_and_not_after_ten_minutes));
        var ticket = await AskForCodeAsync(ui, AilsaEmail);
        var code = world.Outbox.LastCodeTo(AilsaEmail)!;
        await TypeCodeAsync(ui, code);
        ui.Page.Url.Should().EndWith("/my/budget");

        await using var again = await Ui.OpenAsync(world, nameof(A_code_works_once_and_not_after_ten_minutes) + "-again");
        await again.Page.GotoAsync(ticket);
        await TypeCodeAsync(again, code);
        await again.CheckAsync("used-code");
        (await again.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("has expired or has been used already");

        await AskForCodeAsync(again, AilsaEmail);
        var late = world.Outbox.LastCodeTo(AilsaEmail)!;
        await world.Execute("UPDATE sds.person_sign_in_codes SET expires_at = now() - interval '1 second' WHERE person_id = @Id AND used_at IS NULL",
            new { Id = world.Ailsa });
        await TypeCodeAsync(again, late);
        await again.CheckAsync("expired-code");
        (await again.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("has expired");
        again.Page.Url.Should().Contain("/my/sign-in/code");
        (await world.Scalar<long>("SELECT count(*) FROM sds.person_sign_in_codes WHERE person_id = @Id AND code_hash = sha256(convert_to(@Code, 'UTF8'))",
            new { Id = world.Ailsa, Code = late })).Should().Be(0, "codes are kept only as an HMAC under a key the database does not hold");
    }

    [Fact]
    public async Task Five_wrong_codes_lock_sign_in_for_fifteen_minutes_even_with_the_right_code()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(Five_wrong_codes_lock_sign_in_for_fifteen_minutes_even_with_the_right_code));
        await AskForCodeAsync(ui, "07700 900002");
        var code = world.Outbox.LastCodeTo(BruceMobile)!;
        world.Outbox.Sent.Last().To.Channel.Should().Be("sms");
        var wrong = code == "000000" ? "111111" : "000000";
        for (var i = 1; i <= 4; i++)
        {
            await TypeCodeAsync(ui, wrong);
            (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain($"You have {5 - i} more tr");
        }
        await ui.CheckAsync("one-try-left");
        await TypeCodeAsync(ui, wrong);
        await ui.CheckAsync("locked");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("signing in is locked until");

        await TypeCodeAsync(ui, code);
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("locked", "the right code does not open a locked sign-in");
        ui.Page.Url.Should().Contain("/my/sign-in/code");
        var locked = await world.Scalar<DateTime>("SELECT locked_until FROM sds.person_sign_in_locks WHERE person_id = @Id", new { Id = world.Bruce });
        (locked - DateTime.UtcNow).TotalMinutes.Should().BeInRange(13, 15.1);

        var sent = world.Outbox.CountTo(BruceMobile);
        await AskForCodeAsync(ui, BruceMobile);
        world.Outbox.CountTo(BruceMobile).Should().Be(sent, "no code is sent while sign-in is locked");

        await world.Execute("UPDATE sds.person_sign_in_locks SET locked_until = now() - interval '1 second' WHERE person_id = @Id", new { Id = world.Bruce });
        await AskForCodeAsync(ui, BruceMobile);
        await TypeCodeAsync(ui, world.Outbox.LastCodeTo(BruceMobile)!);
        ui.Page.Url.Should().EndWith("/my/budget", "after the lock a new code works");
    }

    [Fact]
    public async Task An_unknown_address_gets_the_same_page_and_no_message()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(An_unknown_address_gets_the_same_page_and_no_message));
        var before = world.Outbox.Sent.Count;
        await AskForCodeAsync(ui, "nobody@people.test");
        await ui.CheckAsync("code-page");
        (await ui.MainTextAsync()).Should().Contain("If we have your email address or mobile number, we have sent you a message");
        world.Outbox.Sent.Count.Should().Be(before);

        await ui.GoAsync("/my/sign-in", "sign-in");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Send me a code" }).ClickAsync();
        await ui.CheckAsync("empty-address");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("Enter your email address or mobile phone number");
    }

    [Fact]
    public async Task A_sign_in_link_signs_the_person_in_once()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(A_sign_in_link_signs_the_person_in_once));
        var link = await world.PersonSignInLinkAsync("BRUCE-1");
        await ui.Page.GotoAsync(link);
        await ui.CheckAsync("link");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await ui.CheckAsync("my-budget");
        (await ui.Page.TitleAsync()).Should().StartWith("My budget");
        (await ui.Page.Locator(".sds_signed-in").InnerTextAsync()).Should().Contain("Bruce Test");

        await using var other = await Ui.OpenAsync(world, nameof(A_sign_in_link_signs_the_person_in_once) + "-again");
        await other.Page.GotoAsync(link);
        await other.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        (await other.MainTextAsync()).Should().Contain("has been used already");

        var staffLink = await world.SignInLinkAsync("sw-anna");
        (await other.Page.GotoAsync(staffLink.Replace("/sign-in/link", "/my/sign-in/link", StringComparison.Ordinal)))!.Status.Should().Be(400,
            "a worker's link is not a person's");
    }

    [Fact]
    public async Task Asking_for_a_change_lands_in_the_social_workers_queue()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(Asking_for_a_change_lands_in_the_social_workers_queue));
        await SignInByLinkAsync(ui, "AILSA-1");
        await ui.GoAsync("/my/ask", "ask");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await ui.CheckAsync("ask-errors");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("Choose what you would like").And.Contain("in your own words");
        (await world.Scalar<long>("SELECT count(*) FROM sds.change_requests")).Should().Be(0);

        await ui.Page.Locator("label", new() { HasText = "Something new to buy" }).ClickAsync();
        await ui.Page.GetByLabel("Tell us more, in your own words").FillAsync("A bike so I can get to the pool on my own");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await ui.CheckAsync("asked");
        (await ui.MainTextAsync()).Should().Contain("Your social worker will see your request").And.Contain("waiting for an answer");
        (await world.Scalar<Guid>("SELECT social_worker_id FROM sds.change_requests WHERE person_id = @Id AND kind = 'purchase'", new { Id = world.Ailsa }))
            .Should().Be(world.AnnaId);

        await using var anna = await Ui.OpenAsync(world, nameof(Asking_for_a_change_lands_in_the_social_workers_queue) + "-anna");
        await anna.SignInAsync(world, "sw-anna");
        await anna.GoAsync("/requests", "requests");
        (await anna.MainTextAsync()).Should().Contain("Ailsa Test").And.Contain("A bike so I can get to the pool on my own");
    }

    [Fact]
    public async Task Who_has_looked_lists_the_social_workers_read_by_role_and_council_with_the_date()
    {
        await using var anna = await Ui.OpenAsync(world, nameof(Who_has_looked_lists_the_social_workers_read_by_role_and_council_with_the_date) + "-anna");
        await anna.SignInAsync(world, "sw-anna");
        await anna.GoAsync($"/budgets/{world.AilsaBudget}", "ailsa-budget");

        await using var ui = await Ui.OpenAsync(world, nameof(Who_has_looked_lists_the_social_workers_read_by_role_and_council_with_the_date));
        await SignInByLinkAsync(ui, "AILSA-1");
        await ui.GoAsync("/my/budget", "my-budget");
        await ui.GoAsync("/my/looked", "looked");
        var first = await ui.Page.Locator("main ul.ds_no-bullets li").First.InnerTextAsync();
        first.Should().Contain("A social worker").And.Contain("North Test Council").And.Contain("Looked at");
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
        first.Should().Contain(today.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture));
        (await ui.MainTextAsync()).Should().NotContain("Ailsa Test", "the person's own looks are left out").And.NotContain("Anna Social", "staff are named by role");
    }

    [Fact]
    public async Task A_person_and_council_staff_cannot_open_each_others_pages()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(A_person_and_council_staff_cannot_open_each_others_pages));
        await SignInByLinkAsync(ui, "BRUCE-1");
        (await ui.Page.GotoAsync("/caseload"))!.Status.Should().Be(403);
        (await ui.Page.GotoAsync($"/budgets/{world.AilsaBudget}"))!.Status.Should().Be(403);
        (await ui.Page.GotoAsync($"/my/statement?budget={world.AilsaBudget}&month=2026-04"))!.Status.Should().Be(404, "Ailsa's budget is not Bruce's");
        await ui.Page.GotoAsync("/");
        ui.Page.Url.Should().EndWith("/my/budget");

        await using var anna = await Ui.OpenAsync(world, nameof(A_person_and_council_staff_cannot_open_each_others_pages) + "-anna");
        await anna.SignInAsync(world, "sw-anna");
        (await anna.Page.GotoAsync("/my/budget"))!.Status.Should().Be(403);
    }

    [Theory]
    [InlineData("/my/sign-in")]
    [InlineData("/my/budget")]
    [InlineData("/my/statement-format")]
    [InlineData("/my/ask")]
    [InlineData("/my/looked")]
    public async Task The_persons_pages_reflow_at_320_css_pixels(string path)
    {
        await using var ui = await Ui.OpenAsync(world, "Reflow-person-" + path.Trim('/').Replace('/', '-'), width: 320);
        if (path != "/my/sign-in") await SignInByLinkAsync(ui, "AILSA-1");
        await ui.GoAsync(path, "page");
        (await ui.FitsWidthAsync()).Should().BeTrue($"{path} should fit 320 CSS pixels");
    }

    private async Task SignInByLinkAsync(Ui ui, string reference)
    {
        await ui.Page.GotoAsync(await world.PersonSignInLinkAsync(reference));
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await ui.CheckAsync("signed-in");
    }

    private async Task SignInWithCodeAsync(Ui ui, string address)
    {
        await AskForCodeAsync(ui, address);
        await ui.CheckAsync("code");
        var code = world.Outbox.LastCodeTo(address);
        code.Should().MatchRegex("^[0-9]{6}$");
        await TypeCodeAsync(ui, code!);
    }

    /// <summary>Asks for a code for the address; the code page's address.</summary>
    private static async Task<string> AskForCodeAsync(Ui ui, string address)
    {
        await ui.Page.GotoAsync("/my/sign-in");
        await ui.Page.GetByLabel("Your email address or mobile phone number").FillAsync(address);
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Send me a code" }).ClickAsync();
        await ui.WaitForAddressAsync(url => url.Contains("/my/sign-in/code?", StringComparison.Ordinal));
        return ui.Page.Url;
    }

    private static async Task TypeCodeAsync(Ui ui, string code)
    {
        await ui.Page.GetByLabel("Code", new() { Exact = true }).FillAsync(code);
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await ui.WaitUntilLoadedAsync();
    }

    /// <summary>Each sentence with a finance word also says what it is called, so its plain meaning stands beside it.</summary>
    private static void EveryFinanceWordIsExplained(string text)
    {
        foreach (var sentence in Sentence().Split(text))
        {
            foreach (var word in FinanceWords.Where(w => sentence.Contains(w, StringComparison.OrdinalIgnoreCase)))
                sentence.Should().MatchRegex("(?i)call", $"'{word}' should come with its plain explanation in: {sentence}");
        }
    }

    [GeneratedRegex(@"(?<=[.!?\n])")]
    private static partial Regex Sentence();
}

/// <summary>The person's test budget: the outcome they chose, a purchase planned for it and a note in their own words.</summary>
public sealed class PersonTestBudgetTests(WebWorld world) : IClassFixture<WebWorld>
{
    [Fact]
    public async Task A_person_chooses_that_their_test_budget_statements_say_it_is_for_their_recovery()
    {
        var anna = new Actor(world.AnnaId, "Anna Social", Role.SocialWorker, world.North);
        var testBudget = await world.OnLocalPathAsync(async app => (await app.SendAsync(new CreateTestBudget.Command(anna, "wording-test-budget", world.Bruce,
            WebWorld.Start, Money.FromPounds(120), HolderKind.Council, null, [new Outcome("Get back into swimming")], [new PlanCategory("leisure")]))).Value!.BudgetId);
        await using var ui = await Ui.OpenAsync(world, nameof(A_person_chooses_that_their_test_budget_statements_say_it_is_for_their_recovery));
        await ui.Page.GotoAsync(await world.PersonSignInLinkAsync("BRUCE-1"));
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var statement = $"/my/statement?budget={testBudget}&month=2026-04";
        (await FirstPageAsync(ui, statement)).Should().Contain("Get back into swimming: your statement for April 2026").And.NotContainAny("ecovery", "rug");

        await ui.GoAsync("/my/statement-format", "wording");
        (await ui.MainTextAsync()).Should().Contain("Your statements do not say what your test budget is for, in case someone else opens your post.");
        // An answer the page never offers (sent by hand) is refused, naming the question, and changes nothing.
        await ui.Page.Locator("input[name=Recovery][value=names-recovery]").EvaluateAsync("e => { e.value = 'shout-it'; e.checked = true; }");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Save what my statements say" }).ClickAsync();
        await ui.CheckAsync("wording-refused");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("Choose whether your statements may say your test budget is for your recovery.");
        (await world.Scalar<bool>("SELECT names_recovery FROM sds.people WHERE id = @Id", new { Id = world.Bruce })).Should().BeFalse();
        await ui.Page.Locator("label", new() { HasText = "Yes, say it is for my recovery" }).ClickAsync();
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Save what my statements say" }).ClickAsync();
        await ui.CheckAsync("wording-saved");
        (await ui.MainTextAsync()).Should().Contain("Your test budget statements will say the budget is for your recovery.")
            .And.Contain("Anyone who opens your post could read it.");
        (await world.Scalar<bool>("SELECT names_recovery FROM sds.people WHERE id = @Id", new { Id = world.Bruce })).Should().BeTrue();
        (await ui.Page.Locator("input[name=Recovery][value=names-recovery]").IsCheckedAsync()).Should().BeTrue();
        (await FirstPageAsync(ui, statement)).Should().Contain("Your recovery test budget statement for April 2026");

        await ui.Page.SetViewportSizeAsync(320, 800);
        (await ui.FitsWidthAsync()).Should().BeTrue();
        await ui.Page.Locator("label", new() { HasText = "No, keep it private" }).ClickAsync();
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Save what my statements say" }).ClickAsync();
        (await ui.MainTextAsync()).Should().Contain("Your statements will not say what your test budget is for.");
        (await FirstPageAsync(ui, statement)).Should().NotContainAny("ecovery", "rug");
    }

    private static async Task<string> FirstPageAsync(Ui ui, string statement)
    {
        var response = await ui.Page.APIRequest.GetAsync(statement);
        response.Status.Should().Be(200);
        using var pdf = PdfDocument.Open(await response.BodyAsync());
        return string.Join(" ", pdf.GetPage(1).GetWords().Select(w => w.Text));
    }

    [Fact]
    public async Task A_person_plans_a_purchase_for_their_outcome_and_notes_progress_in_their_own_words()
    {
        var anna = new Actor(world.AnnaId, "Anna Social", Role.SocialWorker, world.North);
        var testBudget = await world.OnLocalPathAsync(async app => (await app.SendAsync(new CreateTestBudget.Command(anna, "person-test-budget", world.Ailsa,
            WebWorld.Start, Money.FromPounds(150), HolderKind.Council, null, [new Outcome("Learn to cook on a budget")], [new PlanCategory("leisure")]))).Value!.BudgetId);
        await using var ui = await Ui.OpenAsync(world, nameof(A_person_plans_a_purchase_for_their_outcome_and_notes_progress_in_their_own_words));
        await ui.Page.GotoAsync(await world.PersonSignInLinkAsync("AILSA-1"));
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await ui.GoAsync("/my/test-budgets", "test-budgets");
        (await ui.MainTextAsync()).Should().Contain("Learn to cook on a budget").And.Contain("£150.00");

        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Save my plan" }).ClickAsync();
        await ui.CheckAsync("plan-errors");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("Choose which of your outcomes").And.Contain("Say what you plan to buy");
        (await world.Scalar<long>("SELECT count(*) FROM sds.planned_purchases")).Should().Be(0);

        await ui.Page.Locator("form[action$='handler=Plan'] label", new() { HasText = "Learn to cook on a budget" }).ClickAsync();
        await ui.Page.GetByLabel("What do you plan to buy?").FillAsync("A slow cooker");
        await ui.Page.GetByLabel("How much, in pounds").FillAsync("35.00");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Save my plan" }).ClickAsync();
        await ui.CheckAsync("planned");
        (await ui.MainTextAsync()).Should().Contain("A slow cooker, £35.00").And.Contain("£115.00 is not planned yet");

        await ui.Page.GetByLabel("How is it going, in your own words?").FillAsync("Made soup twice this week, felt proud");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Save my note" }).ClickAsync();
        await ui.CheckAsync("noted");
        (await ui.MainTextAsync()).Should().Contain("Made soup twice this week, felt proud");
        (await world.OpenedScalar("SELECT in_own_words FROM sds.progress_notes WHERE budget_id = @Id", new { Id = testBudget }))
            .Should().Be("Made soup twice this week, felt proud");
        (await world.Scalar<Guid>("SELECT recorded_by_id FROM sds.progress_notes WHERE budget_id = @Id", new { Id = testBudget }))
            .Should().Be(world.Ailsa);
        (await ui.FitsWidthAsync()).Should().BeTrue();
        (await world.LedgerAuditPasses()).Should().BeTrue();
    }
}
