using System.Text;
using Dapper;
using Microsoft.Playwright;
using SdsLedger.Domain;
using SdsLedger.Ledger;
using UglyToad.PdfPig;

namespace SdsLedger.Web.Tests;

/// <summary>
/// An option-2 provider's staff (Harbour Care, which holds part of Ailsa's budget and nobody else's): signing in with a
/// one-time link; seeing only the people whose money it holds, in the pages and in the database as the web app's role;
/// recording a spend through every rule; uploading a month's spending file; downloading its return.
/// </summary>
public sealed class ProviderTests(WebWorld world) : IClassFixture<WebWorld>
{
    private const string Provider = "harbour-finance";

    [Fact]
    public async Task A_provider_sees_only_the_people_whose_money_it_holds_in_the_pages_and_in_the_database()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(A_provider_sees_only_the_people_whose_money_it_holds_in_the_pages_and_in_the_database));
        await ui.SignInAsync(world, Provider);
        ui.Page.Url.Should().EndWith("/provider");
        var text = await ui.MainTextAsync();
        text.Should().Contain("Ailsa Test").And.Contain("AILSA-1").And.Contain("Received").And.Contain("Set aside").And.Contain("Balance")
            .And.NotContain("Bruce Test").And.NotContain("Cara Test");
        (await ui.Page.Locator(".ds_site-header").InnerTextAsync()).Should().Contain("North Test Council");

        foreach (var path in new[] { $"/provider/people/{world.Bruce}", $"/provider/people/{world.Cara}", $"/provider/people/{Guid.CreateVersion7()}" })
        {
            (await ui.Page.GotoAsync(path))!.Status.Should().Be(404, path);
            await ui.CheckAsync("not-found");
            (await ui.MainTextAsync()).Should().Contain("not yours to see");
        }
        (await ui.Page.GotoAsync($"/budgets/{world.AilsaBudget}"))!.Url.Should().Contain("/not-allowed", "council staff's pages are not a provider's");

        // The same question put to the database as the web app's own role, with Harbour Care's sealed tenant.
        var harbour = await world.Scalar<Guid>("SELECT id FROM sds.organisations WHERE code = 'harbour-care'");
        await using var source = LedgerDataSource.Create(world.ApiConnectionString, ConnectionScope.PerTenant);
        await using var conn = await source.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var expires = DateTimeOffset.UtcNow.AddMinutes(2).ToUnixTimeSeconds();
        await conn.ExecuteAsync("SELECT sds.act_for(@C, 'provider', NULL, @O, @E, @S)",
            new { C = world.North, O = harbour, E = expires, S = world.Seal.Sign(world.North, Role.Provider, null, harbour, expires) }, tx);
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM sds.people WHERE id = ANY (@Ids)", new { Ids = new[] { world.Bruce, world.Cara } }, tx))
            .Should().Be(0, "a provider finds nobody whose money it does not hold");
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM sds.people WHERE id = @Ailsa", new { world.Ailsa }, tx)).Should().Be(1);
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM sds.budget_parts WHERE budget_id = @AilsaBudget", new { world.AilsaBudget }, tx))
            .Should().Be(1, "of Ailsa's two parts, Harbour Care sees only the one it holds");
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM sds.spends WHERE person_id = @Ailsa", new { world.Ailsa }, tx))
            .Should().Be(await world.Scalar<long>("SELECT count(*) FROM sds.spends s JOIN sds.budget_parts p ON p.id = s.part_id WHERE p.holder_organisation_id = @Harbour",
                new { Harbour = harbour }), "Ailsa's own spending from her direct payment is not Harbour Care's to see");
    }

    [Fact]
    public async Task A_provider_records_a_spend_and_a_refused_one_shows_the_rules_reason_and_records_nothing()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(A_provider_records_a_spend_and_a_refused_one_shows_the_rules_reason_and_records_nothing));
        await ui.SignInAsync(world, Provider);
        await ui.Page.GetByRole(AriaRole.Link, new() { Name = "Ailsa Test" }).ClickAsync();
        await ui.CheckAsync("person");

        await FillSpendAsync(ui, "30", "leisure", "Kirkton Pool", "Swimming lessons, October");
        await ui.Page.GetByLabel("Hours of support delivered (optional)").FillAsync("2.5");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Record the spend" }).ClickAsync();
        await ui.CheckAsync("recorded");
        (await ui.Page.Locator(".ds_notification-message").InnerTextAsync()).Should().Contain("Spend recorded");
        (await world.Scalar<string>("""
            SELECT s.amount || ' ' || s.category || ' ' || s.hours || ' ' || a.name FROM sds.spends s JOIN sds.actors a ON a.id = s.recorded_by_id
             WHERE s.entry_id = ANY(@Ids)
            """, new { Ids = await world.RowsPaying("sds.spends", "entry_id", "Kirkton Pool") })).Should().Be("3000 leisure 2.50 Harbour Finance");

        await FillSpendAsync(ui, "40", "holidays", "Sunny Breaks", "A weekend away");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Record the spend" }).ClickAsync();
        await ui.CheckAsync("refused-outside-plan");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("'holidays' is not in the agreed support plan");

        await FillSpendAsync(ui, "5000", "leisure", "Big Spend Ltd", "Far too much");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Record the spend" }).ClickAsync();
        await ui.CheckAsync("refused-not-enough");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("This would spend £5,000.00 but only");

        await FillSpendAsync(ui, "", "leisure", "Nobody", "Nothing");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Record the spend" }).ClickAsync();
        await ui.CheckAsync("refused-no-amount");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("The amount is empty");

        (await world.RowsPaying("sds.spends", "entry_id", "Sunny Breaks", "Big Spend Ltd", "Nobody")).Should().BeEmpty();
        (await world.LedgerAuditPasses()).Should().BeTrue();
    }

    [Fact]
    public async Task A_spending_file_with_a_bad_line_shows_its_line_and_column_and_records_the_good_lines_once_when_the_provider_chooses()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(A_spending_file_with_a_bad_line_shows_its_line_and_column_and_records_the_good_lines_once_when_the_provider_chooses));
        await ui.SignInAsync(world, Provider);
        const string file = """
            date,person,part,amount,category,payee,description
            2026-11-02,AILSA-1,2,20.00,leisure,Upload Gym,Gym month
            2026-13-40,AILSA-1,2,15.00,leisure,Upload Cafe,Cookery class
            2026-11-09,AILSA-1,2,12.50,personal-care,Upload Barber,Haircut
            2026-11-10,BRUCE-1,1,10.00,leisure,Upload Cinema,Film
            """;
        var upload = new FilePayload { Name = "harbour-november.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(file) };

        await ui.GoAsync("/provider/import", "import");
        await ui.Page.GetByLabel("Spending file (CSV, at most 1 MB)").SetInputFilesAsync(upload);
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Upload and check" }).ClickAsync();
        await ui.CheckAsync("bad-lines");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("2 of 4 line(s) of harbour-november.csv cannot be recorded");
        var rows = await ui.Page.Locator("table tbody tr").AllInnerTextsAsync();
        rows.Should().Contain(r => r.StartsWith("3\tdate\t", StringComparison.Ordinal) && r.Contains("is not a date", StringComparison.Ordinal));
        rows.Should().Contain(r => r.StartsWith("5\tperson\t", StringComparison.Ordinal));
        (await UploadedAsync()).Should().Be(0, "nothing is recorded until the provider chooses");

        var badLines = await ui.Page.RunAndWaitForDownloadAsync(() => ui.Page.GetByRole(AriaRole.Button, new() { Name = "Download the bad lines (CSV)" }).ClickAsync());
        badLines.SuggestedFilename.Should().Be("harbour-november-bad-lines.csv");
        var bad = (await File.ReadAllTextAsync(await badLines.PathAsync())).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        bad[0].Trim().Should().Be("date,person,part,amount,category,payee,description,line,reason");
        bad.Should().HaveCount(3).And.Contain(l => l.StartsWith("2026-13-40,AILSA-1,2,15.00,leisure,Upload Cafe,Cookery class,3,", StringComparison.Ordinal));

        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Record the 2 good line(s) now" }).ClickAsync();
        await ui.CheckAsync("good-lines-recorded");
        (await ui.Page.Locator(".ds_notification-message").InnerTextAsync()).Should().Contain("2 spend(s), £32.50, recorded from harbour-november.csv");
        (await UploadedAsync()).Should().Be(2);

        // The same file again: the lines recorded before are named, and nothing is recorded twice.
        await ui.GoAsync("/provider/import", "import-again");
        await ui.Page.GetByLabel("Spending file (CSV, at most 1 MB)").SetInputFilesAsync(upload);
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Upload and check" }).ClickAsync();
        await ui.CheckAsync("uploaded-again");
        (await ui.MainTextAsync()).Should().Contain("2 line(s) of harbour-november.csv were recorded when this same file was uploaded before");
        (await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Record the 2 good line(s) now" }).CountAsync()).Should().Be(0);
        (await UploadedAsync()).Should().Be(2);

        // The corrected line, uploaded in its own file, is recorded.
        var corrected = new FilePayload
        {
            Name = "harbour-november-fixed.csv", MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes("date,person,part,amount,category,payee,description\n2026-11-04,AILSA-1,2,15.00,leisure,Upload Cafe,Cookery class\n"),
        };
        await ui.Page.GetByLabel("Spending file (CSV, at most 1 MB)").SetInputFilesAsync(corrected);
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Upload and check" }).ClickAsync();
        await ui.CheckAsync("corrected-recorded");
        (await ui.Page.Locator(".ds_notification-message").InnerTextAsync()).Should().Contain("1 spend(s), £15.00, recorded from harbour-november-fixed.csv");
        (await UploadedAsync()).Should().Be(3);
        (await world.LedgerAuditPasses()).Should().BeTrue();
    }

    [Fact]
    public async Task A_provider_downloads_its_return_as_pdf_and_csv()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(A_provider_downloads_its_return_as_pdf_and_csv));
        await ui.SignInAsync(world, Provider);
        await ui.Page.GetByRole(AriaRole.Link, new() { Name = "Provider return" }).First.ClickAsync();
        await ui.CheckAsync("return");
        await ui.Page.GetByLabel("Month").SelectOptionAsync("2026-04");

        var pdf = await ui.Page.RunAndWaitForDownloadAsync(() => ui.Page.GetByRole(AriaRole.Button, new() { Name = "Download the return" }).ClickAsync());
        pdf.SuggestedFilename.Should().Be("provider-return-2026-04.pdf");
        using (var document = PdfDocument.Open(await File.ReadAllBytesAsync(await pdf.PathAsync())))
            string.Concat(document.GetPages().Select(p => p.Text)).Should().Contain("Harbour Care").And.Contain("AILSA-1");

        await ui.Page.Locator("label", new() { HasText = "CSV (for a spreadsheet)" }).ClickAsync();
        var csv = await ui.Page.RunAndWaitForDownloadAsync(() => ui.Page.GetByRole(AriaRole.Button, new() { Name = "Download the return" }).ClickAsync());
        csv.SuggestedFilename.Should().Be("provider-return-2026-04.csv");
        var text = await File.ReadAllTextAsync(await csv.PathAsync());
        text.Should().Contain("AILSA-1").And.NotContain("BRUCE-1").And.NotContain("CARA-1");
    }

    [Fact]
    public async Task A_receipt_attached_to_a_spend_is_checked_by_its_content_and_staff_and_the_person_open_it()
    {
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
        await using (var ui = await Ui.OpenAsync(world, nameof(A_receipt_attached_to_a_spend_is_checked_by_its_content_and_staff_and_the_person_open_it)))
        {
            await ui.SignInAsync(world, Provider);
            await ui.GoAsync($"/provider/people/{world.Ailsa}", "person");

            await FillSpendAsync(ui, "18", "leisure", "Receipt Books", "Two cookery books");
            await ui.Page.GetByLabel("Receipt or invoice (optional)").SetInputFilesAsync(
                new FilePayload { Name = "receipt.pdf", MimeType = "application/pdf", Buffer = Encoding.UTF8.GetBytes("not a pdf at all") });
            await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Record the spend" }).ClickAsync();
            await ui.CheckAsync("not-a-pdf");
            (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("‘receipt.pdf’ is not a PDF, JPEG or PNG file, whatever its name says");
            (await world.RowsPaying("sds.spends", "entry_id", "Receipt Books")).Should().BeEmpty("a bad receipt records nothing");

            await ui.Page.GetByLabel("Receipt or invoice (optional)").SetInputFilesAsync(
                new FilePayload { Name = "books-receipt.png", MimeType = "image/png", Buffer = png });
            await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Record the spend" }).ClickAsync();
            await ui.CheckAsync("recorded-with-receipt");
            (await ui.Page.Locator(".ds_notification-message").InnerTextAsync()).Should().Contain("Spend recorded");
            (await ui.MainTextAsync()).Should().Contain("books-receipt.png (PNG, 1 KB): £18.00 to Receipt Books");
        }
        (await world.Scalar<string>("""
            SELECT e.media_type || ' ' || e.uploaded_by || ' ' || (e.person_id = @Ailsa) || ' ' || (e.council_id = @North)
              FROM sds.spend_evidence e JOIN sds.spends s ON s.entry_id = e.entry_id WHERE s.entry_id = ANY(@Ids)
            """, new { world.Ailsa, world.North, Ids = await world.RowsPaying("sds.spends", "entry_id", "Receipt Books") })).Should().Be("image/png Harbour Finance true true");

        await using (var anna = await Ui.OpenAsync(world, nameof(A_receipt_attached_to_a_spend_is_checked_by_its_content_and_staff_and_the_person_open_it) + "-anna"))
        {
            await anna.SignInAsync(world, "sw-anna");
            await anna.GoAsync($"/budgets/{world.AilsaBudget}", "budget");
            await anna.Page.Locator("a.ds_tabs__tab-link", new() { HasText = "History" }).ClickAsync();
            var download = await anna.Page.RunAndWaitForDownloadAsync(() => anna.Page.GetByRole(AriaRole.Link, new() { Name = "books-receipt.png" }).ClickAsync());
            (await File.ReadAllBytesAsync(await download.PathAsync())).Should().Equal(png);
        }

        await using (var ailsa = await Ui.OpenAsync(world, nameof(A_receipt_attached_to_a_spend_is_checked_by_its_content_and_staff_and_the_person_open_it) + "-ailsa"))
        {
            await ailsa.Page.GotoAsync(await world.PersonSignInLinkAsync("AILSA-1"));
            await ailsa.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await ailsa.CheckAsync("my-budget");
            var download = await ailsa.Page.RunAndWaitForDownloadAsync(() => ailsa.Page.GetByRole(AriaRole.Link, new() { Name = "books-receipt.png" }).ClickAsync());
            (await File.ReadAllBytesAsync(await download.PathAsync())).Should().Equal(png);
        }

        var evidence = await world.Scalar<Guid>("SELECT e.id FROM sds.spend_evidence e WHERE e.entry_id = ANY(@Ids)",
            new { Ids = await world.RowsPaying("sds.spends", "entry_id", "Receipt Books") });
        await using var sol = await Ui.OpenAsync(world, nameof(A_receipt_attached_to_a_spend_is_checked_by_its_content_and_staff_and_the_person_open_it) + "-sol");
        await sol.SignInAsync(world, "sw-sol");
        (await sol.Page.GotoAsync($"/evidence/{evidence}"))!.Status.Should().Be(404, "another council's staff do not find it");
        (await world.LedgerAuditPasses()).Should().BeTrue();
    }

    [Fact]
    public async Task A_provider_sets_money_aside_spends_it_or_releases_it_and_the_ledger_shows_each_step()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(A_provider_sets_money_aside_spends_it_or_releases_it_and_the_ledger_shows_each_step));
        await ui.SignInAsync(world, Provider);
        await ui.GoAsync($"/provider/people/{world.Ailsa}", "person");
        await ui.Page.GetByRole(AriaRole.Link, new() { Name = "Set money aside for a planned purchase" }).ClickAsync();
        await ui.CheckAsync("set-aside");

        await FillSetAsideAsync(ui, "24", "holidays", "Aside Gym", "the gym membership");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Set the money aside" }).ClickAsync();
        await ui.CheckAsync("set-aside-refused");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("'holidays' is not in the agreed support plan");
        (await world.RowsPaying("sds.commitments", "hold_id", "Aside Gym")).Should().BeEmpty("a refusal sets nothing aside");

        await FillSetAsideAsync(ui, "24", "leisure", "Aside Gym", "the gym membership");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Set the money aside" }).ClickAsync();
        await ui.CheckAsync("set-aside-done");
        (await ui.Page.Locator(".ds_notification-message").InnerTextAsync()).Should().Contain("Money set aside");
        var setAside = await ui.Page.Locator("table", new() { Has = ui.Page.Locator("caption", new() { HasText = "Money set aside now" }) }).InnerTextAsync();
        setAside.Should().Contain("the gym membership").And.Contain("Aside Gym").And.Contain("£24.00");
        (await world.Scalar<string>("""
            SELECT h.status || ' ' || h.amount FROM sds.commitments c JOIN ledger.holds h ON h.id = c.hold_id WHERE c.hold_id = ANY(@Ids)
            """, new { Ids = await world.RowsPaying("sds.commitments", "hold_id", "Aside Gym") })).Should().Be("open 2400");

        await ui.Page.GetByRole(AriaRole.Link, new() { Name = "Spend or release the money set aside for the gym membership" }).ClickAsync();
        await ui.CheckAsync("commitment");
        await ui.Page.GetByLabel("Amount spent, in pounds").FillAsync("30");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Record the spend" }).ClickAsync();
        await ui.CheckAsync("capture-refused");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync())
            .Should().Contain("£24.00 was set aside for the gym membership, so at most £24.00 can be spent from it, not £30.00");

        await ui.Page.GetByLabel("Amount spent, in pounds").FillAsync("21");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Record the spend" }).ClickAsync();
        await ui.CheckAsync("captured");
        (await ui.Page.Locator(".ds_notification-message").InnerTextAsync()).Should().Contain("Spend recorded");
        (await ui.MainTextAsync()).Should().NotContain("Spend or release");
        (await world.Scalar<string>("""
            SELECT h.status || ' ' || h.captured_amount || ' ' || s.amount || ' ' || e.kind
              FROM sds.commitments c JOIN ledger.holds h ON h.id = c.hold_id
              JOIN sds.spends s ON s.entry_id = h.capture_entry JOIN ledger.entries e ON e.id = s.entry_id
             WHERE c.hold_id = ANY(@Ids)
            """, new { Ids = await world.RowsPaying("sds.commitments", "hold_id", "Aside Gym") })).Should().Be("captured 2100 2100 capture");

        // Money set aside for a purchase that will not happen is released, with a reason.
        await ui.GoAsync($"/provider/people/{world.Ailsa}/set-aside", "set-aside-again");
        await FillSetAsideAsync(ui, "8", "leisure", "Aside Cafe", "the cookery class");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Set the money aside" }).ClickAsync();
        await ui.Page.GetByRole(AriaRole.Link, new() { Name = "Spend or release the money set aside for the cookery class" }).ClickAsync();
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Release the money" }).ClickAsync();
        await ui.CheckAsync("release-refused");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("reason the money is no longer needed");
        await ui.Page.GetByLabel("Why the money is no longer needed").FillAsync("The class was cancelled");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Release the money" }).ClickAsync();
        await ui.CheckAsync("released");
        (await ui.Page.Locator(".ds_notification-message").InnerTextAsync()).Should().Contain("Money released");
        (await world.Scalar<string>("SELECT h.status FROM sds.commitments c JOIN ledger.holds h ON h.id = c.hold_id WHERE c.hold_id = ANY(@Ids)",
            new { Ids = await world.RowsPaying("sds.commitments", "hold_id", "Aside Cafe") })).Should().Be("released");
        (await world.LedgerAuditPasses()).Should().BeTrue();
    }

    [Fact]
    public async Task A_receipt_is_attached_afterwards_to_an_imported_spend_by_the_provider_and_by_staff()
    {
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
        await using var ui = await Ui.OpenAsync(world, nameof(A_receipt_is_attached_afterwards_to_an_imported_spend_by_the_provider_and_by_staff));
        await ui.SignInAsync(world, Provider);
        await ui.GoAsync("/provider/import", "import");
        await ui.Page.GetByLabel("Spending file (CSV, at most 1 MB)").SetInputFilesAsync(new FilePayload
        {
            Name = "harbour-receipts.csv", MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes("date,person,part,amount,category,payee,description\n2026-11-05,AILSA-1,2,9.00,leisure,Later Receipt Shop,Art pens\n"),
        });
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Upload and check" }).ClickAsync();
        await ui.CheckAsync("imported");

        await ui.GoAsync($"/provider/people/{world.Ailsa}", "person");
        await ui.Page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("Attach a receipt to £9.00 to Later Receipt Shop") }).ClickAsync();
        await ui.CheckAsync("attach");
        (await ui.MainTextAsync()).Should().Contain("Art pens");

        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Attach the receipt" }).ClickAsync();
        await ui.CheckAsync("attach-nothing-chosen");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("Choose the receipt or invoice to attach");
        await ui.Page.GetByLabel("Receipt or invoice").SetInputFilesAsync(
            new FilePayload { Name = "pens.pdf", MimeType = "application/pdf", Buffer = Encoding.UTF8.GetBytes("not a pdf at all") });
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Attach the receipt" }).ClickAsync();
        await ui.CheckAsync("attach-not-a-pdf");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("‘pens.pdf’ is not a PDF, JPEG or PNG file, whatever its name says");

        await ui.Page.GetByLabel("Receipt or invoice").SetInputFilesAsync(new FilePayload { Name = "pens-receipt.png", MimeType = "image/png", Buffer = png });
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Attach the receipt" }).ClickAsync();
        await ui.CheckAsync("attached");
        (await ui.Page.Locator(".ds_notification-message").InnerTextAsync()).Should().Contain("Receipt attached");
        (await ui.MainTextAsync()).Should().Contain("pens-receipt.png (PNG, 1 KB)");

        var entry = (await world.RowsPaying("sds.spends", "entry_id", "Later Receipt Shop")).Single();
        await using (var anna = await Ui.OpenAsync(world, nameof(A_receipt_is_attached_afterwards_to_an_imported_spend_by_the_provider_and_by_staff) + "-anna"))
        {
            await anna.SignInAsync(world, "sw-anna");
            await anna.GoAsync($"/budgets/{world.AilsaBudget}", "budget");
            await anna.Page.Locator("a.ds_tabs__tab-link", new() { HasText = "History" }).ClickAsync();
            await anna.CheckAsync("budget-history");
            await anna.Page.GetByRole(AriaRole.Link, new() { Name = "£9.00 to Later Receipt Shop on 5 November 2026" }).ClickAsync();
            await anna.CheckAsync("staff-attach");
            anna.Page.Url.Should().EndWith($"/budgets/{world.AilsaBudget}/spends/{entry}/receipt");
            await anna.Page.GetByLabel("Receipt or invoice").SetInputFilesAsync(
                new FilePayload { Name = "pens-invoice.pdf", MimeType = "application/pdf", Buffer = Encoding.UTF8.GetBytes("%PDF-1.4\n%%EOF\n") });
            await anna.Page.GetByRole(AriaRole.Button, new() { Name = "Attach the receipt" }).ClickAsync();
            await anna.CheckAsync("staff-attached");
            (await anna.Page.Locator(".ds_notification-message").InnerTextAsync()).Should().Contain("Receipt attached");
        }
        await using (var sol = await Ui.OpenAsync(world, nameof(A_receipt_is_attached_afterwards_to_an_imported_spend_by_the_provider_and_by_staff) + "-sol"))
        {
            await sol.SignInAsync(world, "sw-sol");
            (await sol.Page.GotoAsync($"/budgets/{world.AilsaBudget}/spends/{entry}/receipt"))!.Status.Should().Be(404, "another council's staff do not find it");
        }

        (await world.Scalar<string>("""
            SELECT string_agg(e.media_type || ' ' || e.uploaded_by, ', ' ORDER BY e.uploaded_at) FROM sds.spend_evidence e WHERE e.entry_id = @entry
            """, new { entry })).Should().Be("image/png Harbour Finance, application/pdf Anna Social");
        (await world.LedgerAuditPasses()).Should().BeTrue();
    }

    private static async Task FillSetAsideAsync(Ui ui, string amount, string category, string payee, string description)
    {
        await ui.Page.GetByLabel("Amount to set aside, in pounds").FillAsync(amount);
        await ui.Page.GetByLabel("Spending category, as in the support plan").FillAsync(category);
        await ui.Page.GetByLabel("Who will be paid").FillAsync(payee);
        await ui.Page.GetByLabel("What the money is for").FillAsync(description);
    }

    private async Task<long> UploadedAsync() => (await world.RowsPaying("sds.spends", "entry_id", p => p.StartsWith("Upload ", StringComparison.Ordinal))).Length;

    private static async Task FillSpendAsync(Ui ui, string amount, string category, string payee, string description)
    {
        await ui.Page.GetByLabel("Amount, in pounds").FillAsync(amount);
        await ui.Page.GetByLabel("Spending category, as in the support plan").FillAsync(category);
        await ui.Page.GetByLabel("Who was paid").FillAsync(payee);
        await ui.Page.GetByLabel("What was bought").FillAsync(description);
    }
}
