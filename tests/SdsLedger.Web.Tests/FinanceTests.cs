using Microsoft.Playwright;

namespace SdsLedger.Web.Tests;

/// <summary>A finance officer's journeys: a payment run previewed and confirmed once, surplus discussed and reclaimed as agreed.</summary>
public sealed class FinanceTests(WebWorld world) : IClassFixture<WebWorld>
{
    private const string InstalmentsPaid = """
        SELECT coalesce(sum(p.amount), 0)::bigint FROM ledger.entries e JOIN ledger.postings p ON p.entry_id = e.id
         WHERE e.kind = 'instalment' AND p.amount > 0 AND e.council_id = @Council
        """;

    [Fact]
    public async Task A_payment_run_is_previewed_confirmed_and_a_double_submit_pays_nobody_twice_then_surplus_is_reclaimed_as_agreed()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(A_payment_run_is_previewed_confirmed_and_a_double_submit_pays_nobody_twice_then_surplus_is_reclaimed_as_agreed));
        await ui.SignInAsync(world, "fin-nora");
        (await ui.MainTextAsync()).Should().Contain("Payment run");
        await ui.Page.GetByRole(AriaRole.Link, new() { Name = "Payment run" }).First.ClickAsync();
        await ui.CheckAsync("payment-run-preview");

        var paidBefore = await world.Scalar<long>(InstalmentsPaid, new { Council = world.North });
        var southBefore = await world.Scalar<long>(InstalmentsPaid, new { Council = world.South });
        var rows = ui.Page.Locator("main table tbody tr");
        (await rows.CountAsync()).Should().Be(3, "Ailsa's two parts and Bruce's part are due; Cara is another council's");
        (await rows.Filter(new() { HasText = "Ailsa Test" }).Filter(new() { HasText = "Harbour Care" }).CountAsync()).Should().Be(1);
        (await ui.MainTextAsync()).Should().NotContain("Cara Test").And.Contain("3 instalment(s), not paid again", "April's instalment of each part was paid when the world was set up").And.Contain("more than one instalment at once");
        var total = (await ui.Page.Locator("main table tfoot td").InnerTextAsync()).Trim();
        var csv = await ui.Page.APIRequest.GetAsync("/finance/payment-run?handler=csv");
        var csvLines = (await csv.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        csv.Headers["content-type"].Should().StartWith("text/csv");
        csvLines.Should().HaveCount(4, "a header and the three payees").And.Subject.First().Should().Be("reference,name,paid_to,due,amount");
        ("£" + csvLines.Skip(1).Sum(l => decimal.Parse(l[(l.LastIndexOf(',') + 1)..], System.Globalization.CultureInfo.InvariantCulture))
            .ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture)).Should().Be(total, "the download lists the whole preview");

        await ui.Page.GetByLabel("Run date").FillAsync("31/02/2026");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Show what this run would pay" }).ClickAsync();
        await ui.CheckAsync("payment-run-bad-date");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("‘31/02/2026’ is not a date");
        await ui.Page.GetByLabel("Run date").FillAsync("01/01/2030");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Show what this run would pay" }).ClickAsync();
        await ui.CheckAsync("payment-run-too-far");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("is too far ahead");
        await ui.Page.GetByLabel("Run date").FillAsync("");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Show what this run would pay" }).ClickAsync();
        await ui.CheckAsync("payment-run-preview-again");

        var confirm = ui.Page.GetByRole(AriaRole.Button, new() { Name = "Confirm and pay " + total });
        var form = await ui.Page.EvaluateAsync<Dictionary<string, string>>("() => Object.fromEntries(new FormData(document.querySelector('main form[method=post]')))");
        await confirm.ClickAsync();
        await ui.CheckAsync("payment-run-done");
        (await ui.Page.Locator(".ds_notification-message").InnerTextAsync()).Should().Contain($"{total} in all");
        (await ui.MainTextAsync()).Should().Contain("Nothing is due");
        var paid = await world.Scalar<long>(InstalmentsPaid, new { Council = world.North }) - paidBefore;
        ("£" + (paid / 100m).ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture)).Should().Be(total, "the run pays what the preview showed");

        var again = await ui.Page.APIRequest.PostAsync("/finance/payment-run?handler=Confirm", new() { Form = Form(ui.Page.APIRequest, form) });
        again.Ok.Should().BeTrue();
        (await world.Scalar<long>(InstalmentsPaid, new { Council = world.North }) - paidBefore).Should().Be(paid, "the same form sent twice pays nobody twice");
        var fresh = new Dictionary<string, string>(form) { ["FormKey"] = Guid.NewGuid().ToString("N") };
        (await ui.Page.APIRequest.PostAsync("/finance/payment-run?handler=Confirm", new() { Form = Form(ui.Page.APIRequest, fresh) })).Ok.Should().BeTrue();
        (await world.Scalar<long>(InstalmentsPaid, new { Council = world.North }) - paidBefore).Should().Be(paid, "a second run pays no instalment already paid");
        (await world.Scalar<long>(InstalmentsPaid, new { Council = world.South })).Should().Be(southBefore, "another council's budgets are not paid");

        // Surplus: the parts now hold months of funding.
        await ui.GoAsync("/finance/surplus", "surplus");
        var ailsaFirst = ui.Page.Locator("main table tbody tr").Filter(new() { HasText = "Ailsa Test" }).Filter(new() { HasText = "Part 1" });
        var held = (await ailsaFirst.Locator("td[data-label=Held]").InnerTextAsync()).Trim();
        await ailsaFirst.GetByRole(AriaRole.Link, new() { Name = "Ailsa Test" }).ClickAsync();
        await ui.CheckAsync("surplus-part");
        (await ui.MainTextAsync()).Should().Contain(held).And.Contain("None yet").And.NotContain("Reclaim as agreed", "nothing is reclaimed before a discussion");

        await ui.Page.GetByLabel("Day you talked").FillAsync("yesterday");
        await ui.Page.GetByLabel("Amount the person agreed the council may take back").FillAsync("£3.001");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Record the discussion" }).ClickAsync();
        await ui.CheckAsync("surplus-discussion-errors");
        var problems = await ui.Page.Locator(".ds_error-summary").InnerTextAsync();
        problems.Should().Contain("‘yesterday’ is not a date").And.Contain("notes");
        (await world.Scalar<long>("SELECT count(*) FROM sds.surplus_discussions")).Should().Be(0, "invalid input writes nothing");

        await ui.Page.GetByLabel("Day you talked").FillAsync(DateTime.UtcNow.ToString("dd/MM/yyyy"));
        await ui.Page.GetByLabel("What was said and agreed").FillAsync("Ailsa is saving for a swimming course in spring; she agreed £300.00 can go back.");
        await ui.Page.GetByLabel("Amount the person agreed the council may take back").FillAsync("300");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Record the discussion" }).ClickAsync();
        await ui.CheckAsync("surplus-discussed");
        (await ui.Page.Locator(".ds_notification-message").InnerTextAsync()).Should().Contain("reclaim up to £300.00");

        await ui.Page.GetByLabel("Amount to take back").FillAsync("400");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Reclaim" }).ClickAsync();
        await ui.CheckAsync("surplus-reclaim-refused");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("£300.00");
        (await world.Scalar<long>("SELECT count(*) FROM ledger.entries WHERE kind = 'reclaim'")).Should().Be(0, "a refusal writes nothing");

        await ui.Page.GetByLabel("Amount to take back").FillAsync("300");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Reclaim" }).ClickAsync();
        await ui.CheckAsync("surplus-reclaimed");
        (await ui.Page.Locator(".ds_notification-message").InnerTextAsync()).Should().Contain("£300.00 went back to the council");
        (await world.Scalar<long>("SELECT sum(p.amount)::bigint FROM ledger.entries e JOIN ledger.postings p ON p.entry_id = e.id WHERE e.kind = 'reclaim' AND p.amount > 0"))
            .Should().Be(300_00);
        (await world.Scalar<string>("SELECT l.actor FROM sds.audit_log l WHERE l.action = 'ReclaimSurplus' AND l.outcome = 'done'"))
            .Should().Be("Nora Finance");
        (await world.LedgerAuditPasses()).Should().BeTrue();
    }

    [Fact]
    public async Task A_finance_officer_changes_the_councils_rules_and_sees_who_changed_what()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(A_finance_officer_changes_the_councils_rules_and_sees_who_changed_what));
        await ui.SignInAsync(world, "fin-nora");
        await ui.Page.GetByRole(AriaRole.Link, new() { Name = "Council rules" }).ClickAsync();
        await ui.CheckAsync("rules");
        (await ui.MainTextAsync()).Should().Contain("£250.00 to one payee within 7 day(s)").And.Contain("Nobody has changed the rules");

        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Change the rules" }).ClickAsync();
        await ui.CheckAsync("rules-nothing-changed");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("Give at least one rule to change");

        await ui.Page.GetByLabel("Approval threshold, in pounds").FillAsync("-5");
        await ui.Page.GetByLabel("Days to look for possible duplicate spends").FillAsync("40");
        await ui.Page.GetByLabel("Weeks between instalments").FillAsync("four");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Change the rules" }).ClickAsync();
        await ui.CheckAsync("rules-errors");
        var problems = await ui.Page.Locator(".ds_error-summary").InnerTextAsync();
        problems.Should().Contain("‘four’ is not a whole number");
        (await world.Scalar<long>("SELECT approval_threshold FROM sds.council_rules WHERE council_id = @North", new { world.North })).Should().Be(250_00);

        await ui.Page.GetByLabel("Approval threshold, in pounds").FillAsync("300");
        await ui.Page.GetByLabel("Weeks between instalments").FillAsync("4");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Change the rules" }).ClickAsync();
        await ui.CheckAsync("rules-out-of-range");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().Contain("0 (off) to 31 days");

        await ui.Page.GetByLabel("Days to look for possible duplicate spends").FillAsync("5");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Change the rules" }).ClickAsync();
        await ui.CheckAsync("rules-changed");
        (await ui.Page.Locator(".ds_notification-message").InnerTextAsync()).Should().Contain("Rules changed");
        var main = await ui.MainTextAsync();
        main.Should().Contain("£300.00 to one payee").And.Contain("by Nora Finance");
        var change = await ui.Page.Locator("main table tbody tr").First.InnerTextAsync();
        change.Should().Contain("Nora Finance").And.Contain("approval threshold £300.00").And.Contain("duplicate days 5").And.NotContain("instalment weeks", "only the rules changed are sent");
        (await world.Scalar<string>("SELECT approval_threshold || ' ' || duplicate_days FROM sds.council_rules WHERE council_id = @North", new { world.North }))
            .Should().Be("30000 5");
        (await world.Scalar<long>("SELECT approval_threshold FROM sds.council_rules WHERE council_id = @South", new { world.South })).Should().Be(250_00, "another council's rules are its own");
    }

    [Fact]
    public async Task Each_report_downloads_as_pdf_and_csv_and_a_months_statements_download_together()
    {
        await using var ui = await Ui.OpenAsync(world, nameof(Each_report_downloads_as_pdf_and_csv_and_a_months_statements_download_together));
        await ui.SignInAsync(world, "fin-nora");
        await ui.Page.GetByRole(AriaRole.Link, new() { Name = "Reports" }).ClickAsync();
        await ui.CheckAsync("reports");
        foreach (var (title, name) in new[] { ("Caseload", "caseload"), ("Council overview", "overview"), ("Surplus", "surplus"), ("Test budgets", "test-budgets") })
        {
            var pdf = await DownloadAsync(ui, () => ui.Page.GetByRole(AriaRole.Link, new() { Name = $"{title} (PDF)" }).ClickAsync());
            pdf.Name.Should().StartWith(name).And.EndWith(".pdf");
            using (var document = UglyToad.PdfPig.PdfDocument.Open(pdf.Bytes))
                string.Join(" ", document.GetPages().Select(p => p.Text)).Should().Contain("North Test Council");
            var csv = await DownloadAsync(ui, () => ui.Page.GetByRole(AriaRole.Link, new() { Name = $"{title} (CSV)" }).ClickAsync());
            csv.Name.Should().StartWith(name).And.EndWith(".csv");
            if (name == "caseload") System.Text.Encoding.UTF8.GetString(csv.Bytes).Should().Contain("Ailsa Test").And.Contain("Bruce Test").And.NotContain("Cara Test");
        }

        await ui.Page.GetByLabel("Provider's code").FillAsync("no-such-provider");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Download the provider return" }).ClickAsync();
        await ui.CheckAsync("provider-return-unknown");
        (await ui.Page.Locator(".ds_error-summary").InnerTextAsync()).Should().NotBeEmpty();
        await ui.Page.GetByLabel("Provider's code").FillAsync("harbour-care");
        await ui.Page.GetByLabel("Month").SelectOptionAsync("2026-04");
        await ui.Page.GetByText("CSV (for a spreadsheet)").ClickAsync();
        var providerReturn = await DownloadAsync(ui, () => ui.Page.GetByRole(AriaRole.Button, new() { Name = "Download the provider return" }).ClickAsync());
        providerReturn.Name.Should().Be("provider-return-harbour-care-2026-04.csv");
        System.Text.Encoding.UTF8.GetString(providerReturn.Bytes).Should().Contain("AILSA-1");

        await ui.GoAsync("/finance/statements", "statements");
        await ui.Page.GetByLabel("Month").SelectOptionAsync("2026-04");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Show the statements due" }).ClickAsync();
        await ui.CheckAsync("statements-april");
        (await ui.MainTextAsync()).Should().Contain("2 statement(s) due").And.Contain("Ailsa Test").And.Contain("Bruce Test").And.NotContain("Cara Test");
        var zip = await DownloadAsync(ui, () => ui.Page.GetByRole(AriaRole.Link, new() { Name = "Download all 2 statements (ZIP of PDFs)" }).ClickAsync());
        zip.Name.Should().Be("statements-2026-04.zip");
        using (var archive = new System.IO.Compression.ZipArchive(new MemoryStream(zip.Bytes)))
            archive.Entries.Select(e => e.Name).Should().BeEquivalentTo("statement-AILSA-1-2026-04-standard.pdf", "statement-BRUCE-1-2026-04-standard.pdf");
        (await world.Scalar<long>("SELECT count(*) FROM sds.audit_log WHERE action = 'PersonStatement' AND actor = 'Nora Finance' AND outcome = 'done'"))
            .Should().BeGreaterThanOrEqualTo(2, "each statement read is audited");
        (await world.LedgerAuditPasses()).Should().BeTrue();
    }

    private static async Task<(string Name, byte[] Bytes)> DownloadAsync(Ui ui, Func<Task> click)
    {
        var download = await ui.Page.RunAndWaitForDownloadAsync(click);
        var path = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}");
        await download.SaveAsAsync(path);
        var bytes = await File.ReadAllBytesAsync(path);
        File.Delete(path);
        return (download.SuggestedFilename, bytes);
    }

    internal static IFormData Form(IAPIRequestContext request, Dictionary<string, string> fields)
    {
        var data = request.CreateFormData();
        foreach (var (name, value) in fields) data.Set(name, value);
        return data;
    }
}
