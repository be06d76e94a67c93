using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;
using SdsLedger.Documents;
using SdsLedger.Documents.Statements;
using SdsLedger.Domain;
using SdsLedger.Features.Commitments;
using SdsLedger.Features.Corrections;
using SdsLedger.Features.Statements;
using SdsLedger.Features.TestBudgets;
using SdsLedger.Tests.Budgets;
using static SdsLedger.Tests.Documents.DocumentSteps;

namespace SdsLedger.Tests.Documents;

/// <summary>
/// The three printed formats and the HTML copy of a statement: the same figures as the ledger in each, short sentences,
/// Easy Read's size and pictures, HTML that axe-core finds nothing wrong with, and a batch that writes each person's format.
/// </summary>
public sealed partial class StatementFormatTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    private static readonly StatementFormat[] Printed = [StatementFormat.Standard, StatementFormat.LargePrint, StatementFormat.EasyRead];

    [Fact]
    public async Task Every_format_shows_the_ledgers_figures_and_the_html_shows_the_same_figures_as_the_pdf()
    {
        var statements = await StatementsAsync();

        foreach (var statement in statements)
        foreach (var format in Printed)
        {
            using var pdf = Pdf(statement, format);
            var html = Html(statement, format);
            var because = $"{format} statement of {statement.PersonName}";
            var end = statement.To.ToString("d MMMM", CultureInfo.InvariantCulture);
            if (format == StatementFormat.EasyRead)
            {
                pdf.Text.Should().Contain($"You had {statement.Opening} on 1 October.", because)
                    .And.Contain($"You had {statement.Closing} left on {end}.", because);
                if (statement.MoneyIn.IsPositive) pdf.Text.Should().Contain($"{statement.MoneyIn} was paid in.", because);
                if (statement.Spent.IsPositive) pdf.Text.Should().Contain($"{statement.Spent} was spent on your support.", because);
            }
            else
            {
                pdf.Figure("Money at the start, on 1 October").Should().Be(statement.Opening, because);
                pdf.Figure("Plus money paid in").Should().Be(statement.MoneyIn, because);
                pdf.Figure("Minus money spent on your support").Should().Be(statement.Spent, because);
                pdf.Figure($"Money left at the end, on {end}").Should().Be(statement.Closing, because);
            }
            // Every amount printed (the page furniture has none) is in the HTML, as often, and no other.
            ReadPdf.Amounts(pdf.Text).Select(a => a.Pence).Order().Should().Equal(
                ReadPdf.Amounts(HtmlText(html)).Select(a => a.Pence).Order(), because);
            HtmlText(html).Should().Contain(statement.PersonName).And.Contain(statement.CouncilContact);
        }
    }

    [Fact]
    public async Task Html_statements_in_every_format_have_no_axe_core_violations_in_chromium()
    {
        var statements = await StatementsAsync();
        await using var chromium = await HeadlessChromium.StartAsync();

        foreach (var statement in statements)
        foreach (var format in Printed)
        {
            var html = Html(statement, format);
            var (axe, page) = await chromium.OpenAndCheckAsync(html);

            var because = $"the {format} HTML statement of {statement.PersonName}";
            axe.Violations.Should().BeEmpty(because + ": " + string.Join("; ", axe.Violations.Select(v => $"{v.Id}: {v.Help} ({v.Nodes.Length})")));
            axe.Passes.Should().Contain(r => r.Id == "html-has-lang").And.Contain(r => r.Id == "document-title", because);
            (await page.GetAttributeAsync("html", "lang")).Should().Be("en-GB");
            (await page.Locator("h1").CountAsync()).Should().Be(1, because);
            (await page.Locator("script").CountAsync()).Should().Be(0, "the file is to be emailed or shown as it is");
            (await page.Locator("link, img[src], [href^=http]").CountAsync()).Should().Be(0, "it stands alone: style and pictures are inline");
            if (format == StatementFormat.EasyRead)
                (await page.Locator("table").CountAsync()).Should().Be(0, "Easy Read has no tables");
            else
            {
                var tables = await page.Locator("table").CountAsync();
                tables.Should().BeGreaterThan(0);
                (await page.Locator("table > caption").CountAsync()).Should().Be(tables, "every table has a caption");
                (await page.Locator("table thead th[scope=col]").CountAsync()).Should().BeGreaterThan(tables, "every table has header cells");
            }
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task Sentences_are_short_in_every_format_and_easy_read_keeps_to_fifteen_words()
    {
        var statements = await StatementsAsync();

        foreach (var statement in statements)
        foreach (var format in Printed)
        {
            using var pdf = Pdf(statement, format);
            var sentences = pdf.Sentences(StatementDocument.Style(format));
            var words = sentences.Select(ReadPdf.WordCount).ToList();
            var because = $"the {format} statement of {statement.PersonName}: {string.Join(" / ", sentences)}";

            sentences.Should().HaveCountGreaterThan(8, because);
            words.Average().Should().BeLessThanOrEqualTo(format == StatementFormat.EasyRead ? 10 : 20, because);
            words.Max().Should().BeLessThanOrEqualTo(format == StatementFormat.EasyRead ? 15 : 30, because);
        }
    }

    [Fact]
    public async Task Finance_words_are_plain_or_explained_where_they_first_appear()
    {
        var statements = await StatementsAsync();

        foreach (var statement in statements)
        foreach (var format in Printed)
        {
            using var pdf = Pdf(statement, format);
            var text = pdf.Text;
            foreach (var jargon in new[] { "instalment", "allocation", "balance", "surplus", "commitment", "debit", "credit", "option " })
                text.Should().NotContainEquivalentOf(jargon, $"the {format} statement says it plainly");
            ExplainedWhereFirstUsed(text, "direct payment", "the council pays it to you", "The council pays the money to you");
            ExplainedWhereFirstUsed(text, "set aside", "This means it is kept for things already planned");
            ExplainedWhereFirstUsed(text, "Correction", "A correction puts a mistake right");
            text.Split("No money was paid back").Length.Should().BeLessThanOrEqualTo(2, "what did not happen is said once");
        }
    }

    [Fact]
    public async Task Easy_read_is_16_pt_or_larger_with_a_picture_beside_each_section_and_money_as_lines()
    {
        var statements = await StatementsAsync();

        foreach (var statement in statements)
        {
            using var pdf = Pdf(statement, StatementFormat.EasyRead);
            var html = Html(statement, StatementFormat.EasyRead);

            pdf.IsAccessibleA4(DocumentStyle.EasyRead);
            pdf.AllLines.SelectMany(l => l.Letters).Min(l => l.PointSize).Should().BeGreaterThanOrEqualTo(16);
            var sections = Regex.Count(html, "class=\"pictured\"");
            sections.Should().BeGreaterThan(5);
            pdf.PicturesInLeftColumn(DocumentStyle.EasyRead.BodyLine * 2).Should().Be(sections, "each section has its picture in the PDF");
            pdf.AllLines.Should().NotContain(l => l.Cells.Count > 2, "no table or line is wider than two columns");
            foreach (var purchase in statement.Parts.SelectMany(p => p.Purchases).Where(p => !p.Correction))
                pdf.Text.Should().Contain($"{purchase.Amount} for ", "money is a line such as '£45.00 for swimming'");
        }
    }

    [Fact]
    public async Task The_batch_writes_each_persons_format_and_html_for_everyone_and_indexes_the_files()
    {
        var people = new List<(StatementFormat Format, Guid BudgetId)>();
        foreach (var format in Printed)
        {
            var (personId, budget) = await s.Budget(format, [SdsScenario.DirectPayment(1300)], "leisure");
            people.Add((format, budget.BudgetId));
            SdsScenario.Ok(await s.PaymentRun(new LocalDate(2026, 10, 1)));
            SdsScenario.Ok(await s.App.SendAsync(s.Spend(s.PersonActor(personId), budget.PartIds[0], 12.5m, "leisure", "Kirkton Pool", new LocalDate(2026, 10, 9))));
        }
        var due = SdsScenario.Ok(await s.App.SendAsync(new StatementRun.Query(s.Finance, October, EndOfOctober)))
            .Where(d => people.Any(p => p.BudgetId == d.BudgetId)).ToList();
        var folder = Directory.CreateTempSubdirectory("sdsledger-statements-").FullName;
        try
        {
            var result = await new StatementBatch(s.App, s.Finance, folder, forEveryone: null, workers: 3).RunAsync(due, October, EndOfOctober, null, default);
            var everyoneLarge = await new StatementBatch(s.App, s.Finance, Path.Combine(folder, "large"), StatementFormat.LargePrint, workers: 3)
                .RunAsync(due, October, EndOfOctober, null, default);

            result.Failed.Should().BeEmpty();
            result.Written.Should().Be(3);
            result.HtmlFiles.Should().Be(3);
            result.ByFormat.Should().Equal(new Dictionary<StatementFormat, int>
            {
                [StatementFormat.Standard] = 1, [StatementFormat.LargePrint] = 1, [StatementFormat.EasyRead] = 1,
            });
            var index = ReadCsv.Rows(await File.ReadAllTextAsync(result.IndexFile));
            index.Should().HaveCount(3);
            foreach (var (format, budgetId) in people)
            {
                var row = index.Single(r => r["budget_id"] == budgetId.ToString());
                row["format"].Should().Be(format.Code());
                row["pdf_file"].Should().EndWith($"-{format.Code()}.pdf");
                row["html_file"].Should().EndWith($"-{format.Code()}.html");
                using var pdf = ReadPdf.Of(await File.ReadAllBytesAsync(Path.Combine(folder, row["pdf_file"])));
                pdf.IsAccessibleA4(StatementDocument.Style(format));
                pdf.Pages.Count.Should().Be(int.Parse(row["pages"], CultureInfo.InvariantCulture));
                (await File.ReadAllTextAsync(Path.Combine(folder, row["html_file"]))).Should().StartWith("<!DOCTYPE html>");
                ReadCsv.Amount(row["spent"]).Should().Be(Money.FromPounds(12.5m));
            }
            everyoneLarge.ByFormat[StatementFormat.LargePrint].Should().Be(3, "a run may print everyone large");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_batch_read_gives_each_budget_the_same_statement_as_the_single_read_refuses_as_it_does_and_audits_each_person()
    {
        var october = (await StatementsAsync()).Where(v => v.To == EndOfOctober).ToList();
        var (_, plain) = await s.Budget(StatementFormat.EasyRead, [SdsScenario.DirectPayment(1300)], "leisure");
        october.Add(await s.Statement(plain.BudgetId, October, EndOfOctober));
        var nobody = Guid.NewGuid();
        var ids = october.Select(v => v.BudgetId).Append(nobody).ToList();
        const string AuditSql = """
            SELECT count(*) FROM sds.audit_log
             WHERE action = 'PersonStatement' AND actor_id = @Actor AND budget_id = ANY(@Ids) AND outcome = 'done' AND detail = 'statement 2026-10-01 to 2026-10-31'
            """;
        var auditedBefore = await s.Scalar<long>(AuditSql, new { Actor = s.Finance.Id, Ids = ids.ToArray() });

        var batch = SdsScenario.Ok(await s.App.SendAsync(new PersonStatement.Batch(s.Finance, ids, October, EndOfOctober)));

        batch.Select(r => r.BudgetId).Should().Equal(ids, "each budget's read is answered in the order asked");
        foreach (var single in october)
            Json(batch.Single(r => r.BudgetId == single.BudgetId).Statement).Should().Be(Json(single), "the batch and the single read build the same statement");
        var missing = batch.Single(r => r.BudgetId == nobody);
        missing.Statement.Should().BeNull();
        missing.Refusal!.Code.Should().Be((await s.App.SendAsync(new PersonStatement.Query(s.Finance, nobody, October, EndOfOctober))).Refusal!.Code);
        (await s.Scalar<long>(AuditSql, new { Actor = s.Finance.Id, Ids = ids.ToArray() })).Should().Be(auditedBefore + october.Count,
            "each person's statement read in a batch is recorded for them");

        // A social worker who is not Morven's named social worker is asked for a reason, in a batch as on their own.
        var notTheirs = SdsScenario.Ok(await s.App.SendAsync(new PersonStatement.Batch(s.SecondSocialWorker, [plain.BudgetId], October, EndOfOctober)));
        var alone = await s.App.SendAsync(new PersonStatement.Query(s.SecondSocialWorker, plain.BudgetId, October, EndOfOctober));
        notTheirs.Single().Refusal!.Code.Should().Be(alone.Refusal!.Code).And.Be("reason-needed");
        notTheirs.Single().Statement.Should().BeNull();
        var theirs = SdsScenario.Ok(await s.App.SendAsync(new PersonStatement.Batch(s.SocialWorker, [plain.BudgetId], October, EndOfOctober)));
        Json(theirs.Single().Statement).Should().Be(Json(october[^1]));

        (await s.App.SendAsync(new PersonStatement.Batch(s.Provider, [plain.BudgetId], October, EndOfOctober))).Refusal!.Code.Should().Be("not-authorised");
        (await s.App.SendAsync(new PersonStatement.Batch(s.Finance, [plain.BudgetId, plain.BudgetId], October, EndOfOctober))).Errors
            .Should().ContainSingle(e => e.Field == "BudgetIds");
    }

    private static string Json(StatementView? statement) => System.Text.Json.JsonSerializer.Serialize(statement, SdsLedger.Pipeline.SdsJson.Options);

    // A budget of two parts with a correction and money set aside, and a test budget with progress, read for October.
    private async Task<IReadOnlyList<StatementView>> StatementsAsync()
    {
        var (personId, budget) = await s.Budget(StatementFormat.Standard, [SdsScenario.DirectPayment(2600), s.ProviderHeld(2600)],
            "personal-care", "leisure");
        var person = s.PersonActor(personId);
        SdsScenario.Ok(await s.PaymentRun(new LocalDate(2026, 10, 29)));
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(person, budget.PartIds[0], 45.50m, "personal-care", "Glen Care Agency", new LocalDate(2026, 10, 3))));
        var wrong = SdsScenario.Ok(await s.App.SendAsync(s.Spend(person, budget.PartIds[0], 30.25m, "leisure", "Art Club", new LocalDate(2026, 10, 5))));
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(s.Provider, budget.PartIds[1], 86, "personal-care", "Harbour Care", new LocalDate(2026, 10, 8)) with { Hours = 4 }));
        SdsScenario.Ok(await s.App.SendAsync(new ReverseEntry.Command(s.Finance, s.Key(), budget.BudgetId, wrong, new LocalDate(2026, 10, 12), "Recorded twice")));
        SdsScenario.Ok(await s.App.SendAsync(new CommitFunds.Command(person, s.Key(), budget.PartIds[0], Money.FromPounds(40), "leisure", "Kirkton Gym",
            new LocalDate(2026, 11, 30), "the gym membership")));
        // Money set aside is stamped with the database's clock, so the statement that shows it runs to today at least.
        var end = LocalDate.Max(EndOfOctober, LocalDate.FromDateTime(DateTime.UtcNow).PlusDays(1));
        var twoParts = await s.Statement(budget.BudgetId, October, EndOfOctober);
        var withSetAside = end == EndOfOctober ? twoParts : await s.Statement(budget.BudgetId, October, end);

        var testPerson = await s.Person();
        var worker = await s.RecoveryWorkerOf(s.ProviderId);
        await s.Consent(testPerson, worker);
        var test = SdsScenario.Ok(await s.App.SendAsync(s.TestBudget(worker, testPerson, 200, s.ProviderId)));
        SdsScenario.Ok(await s.PaymentRun(TestBudgetSteps.TestStart));
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(worker, test.PartId, 45, "leisure", "Leisure Centre", new LocalDate(2026, 10, 6))));
        SdsScenario.Ok(await s.App.SendAsync(new RecordProgress.Command(worker, s.Key(), test.BudgetId, new LocalDate(2026, 10, 20),
            "Jo has been swimming twice a week", "I forgot how much I love the water.", Completed: true, OutcomeId: test.OutcomeIds[0])));
        var testBudget = await s.Statement(test.BudgetId, October, EndOfOctober);

        withSetAside.SetAside.Should().Be(Money.FromPounds(40), "the scenario has money set aside");
        return end == EndOfOctober ? [twoParts, testBudget] : [twoParts, withSetAside, testBudget];
    }

    // The term is explained beside where it is first used (or it is not used at all): in its sentence, or in the one before a table that uses it.
    private static void ExplainedWhereFirstUsed(string text, string term, params string[] explanations)
    {
        var at = text.IndexOf(term, StringComparison.Ordinal);
        if (at < 0) return;
        var window = text[Math.Max(0, at - 400)..Math.Min(text.Length, at + 200)];
        explanations.Should().Contain(e => window.Contains(e, StringComparison.Ordinal), $"'{term}' is explained where it first appears: {window}");
    }

    private static string HtmlText(string html) => System.Net.WebUtility.HtmlDecode(Tags().Replace(html.Split("</style>")[^1], " "));

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
