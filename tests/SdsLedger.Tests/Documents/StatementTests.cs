using System.Text.RegularExpressions;
using NodaTime;
using SdsLedger.Documents;
using SdsLedger.Documents.Statements;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Commitments;
using SdsLedger.Features.Corrections;
using SdsLedger.Features.Councils;
using SdsLedger.Features.People;
using SdsLedger.Features.Statements;
using SdsLedger.Features.TestBudgets;
using SdsLedger.Tests.Budgets;
using UglyToad.PdfPig.Tokens;
using static SdsLedger.Tests.Documents.DocumentSteps;

namespace SdsLedger.Tests.Documents;

public sealed partial class StatementTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    [Fact]
    public async Task A_statement_shows_the_ledgers_figures_and_the_money_left_is_the_start_plus_in_less_out()
    {
        var (_, budget) = await s.Budget(StatementFormat.Standard, [SdsScenario.DirectPayment(2600)], "personal-care", "leisure");
        var part = budget.PartIds[0];
        var person = s.PersonActor((await s.Summary(budget.BudgetId)).PersonId);
        SdsScenario.Ok(await s.PaymentRun(new LocalDate(2026, 11, 23)));
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(person, part, 45.50m, "personal-care", "Glen Care Agency", new LocalDate(2026, 10, 3))));
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(person, part, 12.00m, "leisure", "Kirkton Pool", new LocalDate(2026, 10, 10))));
        var toReverse = SdsScenario.Ok(await s.App.SendAsync(s.Spend(person, part, 30.25m, "leisure", "Art Club", new LocalDate(2026, 10, 20))));
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(person, part, 60.00m, "personal-care", "Glen Care Agency", new LocalDate(2026, 11, 5))));
        SdsScenario.Ok(await s.App.SendAsync(new ReverseEntry.Command(s.Finance, s.Key(), budget.BudgetId, toReverse, new LocalDate(2026, 11, 2), "Recorded twice")));
        SdsScenario.Ok(await s.App.SendAsync(new CommitFunds.Command(person, s.Key(), part, Money.FromPounds(40), "leisure", "Kirkton Gym",
            new LocalDate(2026, 11, 30), "the gym membership")));
        // Money set aside is stamped with the database's clock, so the statement that shows it runs to today at least.
        var endOfSecond = LocalDate.Max(EndOfNovember, LocalDate.FromDateTime(DateTime.UtcNow).PlusDays(1));

        var october = await s.Statement(budget.BudgetId, October, EndOfOctober);
        var november = await s.Statement(budget.BudgetId, November, endOfSecond);

        var held = await s.SourceAccount(part);
        foreach (var (statement, from, to) in new[] { (october, October, EndOfOctober), (november, November, endOfSecond) })
        {
            var ledger = await s.Ledger().StatementAsync(held, from, to);
            statement.Opening.Should().Be(ledger.Opening);
            statement.Closing.Should().Be(ledger.Closing);
            (statement.MoneyIn - statement.MoneyOut).Should().Be(ledger.Lines.Aggregate(Money.Zero, (sum, l) => sum + l.Amount));
            (statement.Opening + statement.MoneyIn - statement.MoneyOut).Should().Be(statement.Closing);
            statement.Balances.Should().BeTrue();
        }
        october.Opening.Should().Be(Money.Zero);
        october.MoneyIn.Should().Be(Money.FromPounds(800), "two 4-weekly instalments of £400 fell in October");
        october.Spent.Should().Be(Money.FromPounds(87.75m));
        october.Closing.Should().Be(Money.FromPounds(712.25m));
        november.Opening.Should().Be(october.Closing);
        november.Spent.Should().Be(Money.FromPounds(29.75m), "£60.00 bought, less the £30.25 put right");
        november.Parts[0].Purchases.Should().Contain(p => p.Correction && p.Amount == Money.FromPounds(-30.25m) && p.Category == "leisure");
        november.SetAside.Should().Be(Money.FromPounds(40));
        (await s.Summary(budget.BudgetId)).Spent.Should().Be(october.Spent + november.Spent, "the spending categories' balances agree");

        using var pdf = Pdf(october);
        pdf.Figure("Money at the start, on 1 October").Should().Be(october.Opening);
        pdf.Figure("Plus money paid in").Should().Be(october.MoneyIn);
        pdf.Figure("Minus money spent on your support").Should().Be(october.Spent);
        pdf.Figure("Money left at the end, on 31 October").Should().Be(october.Closing);
        pdf.AllLines.Should().NotContain(l => l.Text.StartsWith("Minus money paid back", StringComparison.Ordinal), "nothing was paid back");
        pdf.Text.Should().Contain("No money was paid back to the council in October 2026.");
        pdf.AllLines.Should().Contain(l => l.Text.StartsWith("1 October | Paid to you by the council", StringComparison.Ordinal)
                                           && ReadPdf.Amounts(l.Text).SequenceEqual(new[] { Money.FromPounds(400) }));
        pdf.AllLines.Should().Contain(l => l.Text.StartsWith("3 October | Glen Care Agency | Swimming sessions", StringComparison.Ordinal)
                                           && ReadPdf.Amounts(l.Text).SequenceEqual(new[] { Money.FromPounds(45.50m) }));
        pdf.AllLines.Should().Contain(l => l.Text == "Personal care").And.Contain(l => l.Text == "Leisure");
        pdf.Figure("Total for leisure").Should().Be(Money.FromPounds(42.25m));
        pdf.Figure("Total paid in").Should().Be(october.MoneyIn);
        pdf.Text.Should().Contain("Get out to the shops on my own").And.Contain(s.SocialWorker.Name)
            .And.Contain("Self-directed support team, 01234 567890", "who to contact is the council's contact");

        using var second = Pdf(november);
        second.AllLines.Should().Contain(l => l.Text.StartsWith("2 November | Art Club | Correction: Swimming", StringComparison.Ordinal)
                                              && ReadPdf.Amounts(l.Text).SequenceEqual(new[] { Money.FromPounds(-30.25m) }));
        second.Text.Should().Contain("Money set aside").And.Contain("the gym membership");
        // The second statement runs past November when today is later (see endOfSecond), and then names its days.
        var paidInPeriod = endOfSecond == EndOfNovember ? "in November 2026" : $"between 1 November( 2026)? and {endOfSecond.Day} [A-Z][a-z]+ {endOfSecond.Year}";
        second.Text.Should().MatchRegex($"No money was paid into your budget {paidInPeriod}\\.");
        second.Text.Should().Contain($"£40.00 of the money left is set aside. This means it is kept for things already planned. " +
                                     $"So {november.Closing - Money.FromPounds(40)} is free to spend.");
        second.Text.Should().Contain("A correction puts a mistake right.", "the word is explained where it first appears");
        Summary(second).Should().Be((november.Opening, november.MoneyIn, november.Spent, november.Closing));
        await s.AuditPasses();
    }

    [Fact]
    public async Task Statements_are_A4_numbered_and_never_smaller_than_14_pt_or_18_pt_in_large_print()
    {
        var (_, standard) = await s.Budget(StatementFormat.Standard, [SdsScenario.DirectPayment(1300)], "leisure");
        var (largeId, large) = await s.Budget(StatementFormat.LargePrint, [SdsScenario.DirectPayment(1300)], "leisure");
        SdsScenario.Ok(await s.PaymentRun(new LocalDate(2026, 10, 1)));
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(s.PersonActor(largeId), large.PartIds[0], 19.99m, "leisure", "Kirkton Pool", new LocalDate(2026, 10, 12))));

        var standardStatement = await s.Statement(standard.BudgetId, October, EndOfOctober);
        var largeStatement = await s.Statement(large.BudgetId, October, EndOfOctober);

        largeStatement.Format.Should().Be(StatementFormat.LargePrint);
        StatementDocument.FormatFor(largeStatement, null).Should().Be(StatementFormat.LargePrint, "the person asked for large print");
        StatementDocument.FormatFor(standardStatement, null).Should().Be(StatementFormat.Standard);
        StatementDocument.FormatFor(standardStatement, StatementFormat.LargePrint).Should().Be(StatementFormat.LargePrint, "--format large-print prints every statement large");
        using var standardPdf = Pdf(standardStatement);
        using var largePdf = Pdf(largeStatement);
        using var forcedLarge = Pdf(standardStatement, StatementFormat.LargePrint);
        standardPdf.IsAccessibleA4(DocumentStyle.Standard);
        largePdf.IsAccessibleA4(DocumentStyle.LargePrint);
        forcedLarge.IsAccessibleA4(DocumentStyle.LargePrint);
        standardPdf.AllLines.Where(l => l.Letters.Count > 5).Min(l => l.Size).Should().Be(14);
        largePdf.AllLines.Where(l => l.Letters.Count > 5).Min(l => l.Size).Should().Be(18);
        forcedLarge.AllLines.Where(l => l.Letters.Count > 5).Min(l => l.Size).Should().Be(18);
        largePdf.Figure("Minus money spent on your support").Should().Be(Money.FromPounds(19.99m));

        var info = standardPdf.Document.Information;
        info.Title.Should().Be($"Budget statement for Morven Example, October 2026");
        info.Author.Should().Be("North Test Council");
        standardPdf.Document.Structure.Catalog.CatalogDictionary.TryGet(NameToken.Create("Lang"), out StringToken language).Should().BeTrue();
        language.Data.Should().Be("en-GB");
        standardPdf.Lines[0][0].Text.Should().Be(info.Title, "the title heads every page");
    }

    [Fact]
    public async Task A_statement_with_200_purchases_runs_over_several_pages_repeating_its_table_header()
    {
        var (personId, budget) = await s.Budget(StatementFormat.Standard, [SdsScenario.DirectPayment(52_000)], "personal-care", "leisure", "transport");
        var part = budget.PartIds[0];
        SdsScenario.Ok(await s.PaymentRun(new LocalDate(2026, 10, 1)));
        string[] categories = ["personal-care", "leisure", "transport"];
        var spent = Money.Zero;
        for (var i = 1; i <= 200; i++)
        {
            var amount = Money.FromPence(500 + i * 7);
            spent += amount;
            SdsScenario.Ok(await s.App.SendAsync(s.Spend(s.PersonActor(personId), part, amount.Pounds, categories[i % 3], $"Payee {i}",
                new LocalDate(2026, 10, 1 + i % 31))));
        }

        var statement = await s.Statement(budget.BudgetId, October, EndOfOctober);
        using var pdf = Pdf(statement);

        statement.Parts[0].Purchases.Should().HaveCount(200);
        statement.Spent.Should().Be(spent);
        pdf.Pages.Count.Should().BeGreaterThan(4);
        pdf.IsAccessibleA4(DocumentStyle.Standard);
        var rows = new List<string>();
        var pagesWithPurchases = 0;
        foreach (var page in pdf.Lines)
        {
            var lines = page.ToList();
            var purchases = lines.Where(l => PayeeRow().IsMatch(l.Text)).ToList();
            if (purchases.Count == 0) continue;
            pagesWithPurchases++;
            var header = lines.FindIndex(l => l.Cells.SequenceEqual(["Date", "Paid to", "What it was for", "Amount"]));
            header.Should().BeGreaterThanOrEqualTo(0, $"page {purchases[0].Page} has purchases, so it repeats the table's header row");
            purchases.Should().OnlyContain(p => p.Letters[0].StartBaseLine.Y < lines[header].Letters[0].StartBaseLine.Y, "the header comes first");
            rows.AddRange(purchases.Select(p => PayeeRow().Match(p.Text).Groups[1].Value));
        }
        pagesWithPurchases.Should().BeGreaterThan(3);
        rows.Should().HaveCount(200).And.OnlyHaveUniqueItems("every purchase is printed once");
        rows.Select(r => ReadPdf.Amounts(r).Single()).Aggregate(Money.Zero, (sum, m) => sum + m).Should().Be(spent);
        pdf.Figure("Total spent").Should().Be(spent);
        Summary(pdf).Should().Be((statement.Opening, statement.MoneyIn, statement.Spent, statement.Closing));
    }

    [Fact]
    public async Task A_budget_of_several_parts_shows_each_part_adding_up_and_the_whole_adding_up()
    {
        var (personId, budget) = await s.Budget(StatementFormat.Standard,
            [SdsScenario.DirectPayment(1300), s.ProviderHeld(2600), SdsScenario.CouncilArranged(5200)], "personal-care", "leisure", "home-care");
        SdsScenario.Ok(await s.PaymentRun(new LocalDate(2026, 10, 29)));
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(s.PersonActor(personId), budget.PartIds[0], 25, "leisure", "Kirkton Pool", new LocalDate(2026, 10, 4))));
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(s.Provider, budget.PartIds[1], 86, "personal-care", "Harbour Care", new LocalDate(2026, 10, 8)) with { Hours = 4 }));
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(s.Finance, budget.PartIds[2], 210.40m, "home-care", "Council home care team", new LocalDate(2026, 10, 9))));

        var statement = await s.Statement(budget.BudgetId, October, EndOfOctober);
        using var pdf = Pdf(statement);

        statement.Parts.Should().HaveCount(3).And.OnlyContain(p => p.Balances);
        statement.Parts[2].MoneyIn.Should().ContainSingle().Which.Amount.Should().Be(Money.FromPounds(5200), "the council's allocation is what option 3 spends from");
        Summary(pdf).Should().Be((statement.Opening, statement.MoneyIn, statement.Spent, statement.Closing));
        var parts = PartFigures(pdf);
        parts.Should().HaveCount(3, "each part shows its own figures in a row").And.OnlyContain(x => x.Opening + x.In - x.Spent == x.Closing);
        parts.Should().Equal(statement.Parts.Select(p => (p.Opening, p.MoneyInTotal, p.SpentTotal, p.Closing)));
        pdf.Text.Should().Contain("Part 2: held by Harbour Care").And.Contain("Paid by the council to Harbour Care, to hold for")
            .And.Contain("Swimming sessions (4").And.Contain("Part 3: support the council arranges")
            .And.Contain("Harbour Care holds money for you. It can answer questions about what it paid for: 0141 000 0000.");
    }

    [Fact]
    public async Task A_test_budget_statement_shows_the_outcomes_in_the_persons_words_and_the_progress_recorded()
    {
        var personId = await s.Person();
        var worker = await s.RecoveryWorkerOf(s.ProviderId);
        await s.Consent(personId, worker);
        var created = SdsScenario.Ok(await s.App.SendAsync(s.TestBudget(worker, personId, 200, s.ProviderId)));
        SdsScenario.Ok(await s.PaymentRun(TestBudgetSteps.TestStart));
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(worker, created.PartId, 45, "leisure", "Leisure Centre", new LocalDate(2026, 10, 6))));
        SdsScenario.Ok(await s.App.SendAsync(new RecordProgress.Command(worker, s.Key(), created.BudgetId, new LocalDate(2026, 10, 20),
            "Jo has been swimming twice a week", "I forgot how much I love the water.", Completed: true, OutcomeId: created.OutcomeIds[0])));

        var statement = await s.Statement(created.BudgetId, October, EndOfOctober);
        using var pdf = Pdf(statement);

        statement.IsTest.Should().BeTrue();
        statement.Outcomes.Select(o => o.Text).Should().Equal("Get back into swimming", "Reconnect with my daughter");
        statement.Outcomes[0].Completed.Should().BeTrue();
        pdf.Text.Should().Contain("Get back into swimming: your statement for October 2026")
            .And.Contain("What your test budget is for")
            .And.Contain("20 October 2026: Jo has been swimming twice a week. You said: \u201CI forgot how much I love the water.\u201D You said this goal is done.")
            .And.Contain("Reconnect with my daughter No progress is written down for this goal yet.");
        pdf.Figure("Plus money paid in").Should().Be(Money.FromPounds(200), "a test budget is paid in full at the start");
        pdf.Figure("Money left at the end, on 31 October").Should().Be(Money.FromPounds(155));
    }

    [Theory]
    [InlineData(StatementFormat.Standard)]
    [InlineData(StatementFormat.LargePrint)]
    [InlineData(StatementFormat.EasyRead)]
    public async Task A_posted_test_budget_statement_is_named_by_the_persons_goal_and_its_first_page_never_says_recovery_or_drugs(StatementFormat format)
    {
        var personId = await s.Person();
        var worker = await s.RecoveryWorkerOf(s.ProviderId);
        await s.Consent(personId, worker);
        var created = SdsScenario.Ok(await s.App.SendAsync(s.TestBudget(worker, personId, 200, s.ProviderId)));
        SdsScenario.Ok(await s.PaymentRun(TestBudgetSteps.TestStart));

        var statement = await s.Statement(created.BudgetId, October, EndOfOctober);
        using var pdf = Pdf(statement, format);
        var firstPage = string.Join(" ", pdf.Lines[0].Select(l => l.Text));

        firstPage.Should().Contain("Get back into swimming: your statement for October 2026");
        firstPage.Should().NotMatchRegex("(?i)recover|substance|addict|drug|alcohol");
    }

    [Fact]
    public async Task A_test_budget_statement_names_recovery_only_for_a_person_who_chose_it_and_only_while_their_council_offers_it()
    {
        var personId = await s.Person();
        var worker = await s.RecoveryWorkerOf(s.ProviderId);
        await s.Consent(personId, worker);
        var created = SdsScenario.Ok(await s.App.SendAsync(s.TestBudget(worker, personId, 200, s.ProviderId)));
        SdsScenario.Ok(await s.PaymentRun(TestBudgetSteps.TestStart));
        var person = s.PersonActor(personId);
        const string sensitive = "(?i)recover|substance|addict|drug|alcohol";

        // The person chooses it, sending the same choice eight times at once with one key: one change, one audit record.
        var choice = new ChangeStatementWording.Command(person, s.Key(), personId, NamesRecovery: true);
        var sent = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => s.App.SendAsync(choice))));
        sent.Should().OnlyContain(r => r.Succeeded && r.Value);
        (await s.CountRows("SELECT count(*) FROM sds.audit_log WHERE action = 'ChangeStatementWording' AND person_id = @P AND outcome = 'done'",
            new { P = personId })).Should().Be(1);
        var named = await s.Statement(created.BudgetId, October, EndOfOctober);
        named.NamesRecovery.Should().BeTrue();
        foreach (var format in StatementFormats.All)
        {
            using var pdf = Pdf(named, format);
            var firstPage = string.Join(" ", pdf.Lines[0].Select(l => l.Text));
            firstPage.Should().Contain("Your recovery test budget statement for October 2026", format.ToString())
                .And.Contain("what helps your recovery");
        }

        // Someone else may not choose for them; a provider's worker may not either.
        var other = await s.Person();
        (await s.App.SendAsync(new ChangeStatementWording.Command(person, s.Key(), other, true))).Refusal!.Code.Should().Be(RefusalCodes.NotFound);
        (await s.App.SendAsync(new ChangeStatementWording.Command(worker, s.Key(), personId, false))).Refusal!.Code.Should().Be(RefusalCodes.NotFound);

        try
        {
            // Withdrawn by a finance officer, five times at once with one key: one change, one audit record.
            var withdraw = new OfferRecoveryWording.Command(s.Finance, s.Key(), s.CouncilId, Offered: false);
            var withdrawn = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => s.App.SendAsync(withdraw))));
            withdrawn.Should().OnlyContain(r => r.Succeeded && r.Value >= 1, "each answer counts the people who had chosen it");
            (await s.CountRows("SELECT count(*) FROM sds.audit_log WHERE action = 'OfferRecoveryWording' AND council_id = @C AND outcome = 'done' " +
                               "AND detail = 'statements never name recovery'", new { C = s.CouncilId })).Should().Be(1);
            (await s.App.SendAsync(new OfferRecoveryWording.Command(s.SocialWorker, s.Key(), s.CouncilId, Offered: true))).Refusal!.Code
                .Should().Be(RefusalCodes.NotAuthorised, "a finance officer decides what the council's statements may say");

            var privateAgain = await s.Statement(created.BudgetId, October, EndOfOctober);
            privateAgain.NamesRecovery.Should().BeFalse();
            using (var pdf = Pdf(privateAgain))
                string.Join(" ", pdf.Lines[0].Select(l => l.Text)).Should().Contain("Get back into swimming: your statement for October 2026")
                    .And.NotMatchRegex(sensitive);

            // Nobody new may choose it while it is not offered: a plain refusal, and nothing written.
            var refused = await s.App.SendAsync(new ChangeStatementWording.Command(s.SocialWorker, s.Key(), other, true));
            refused.Refusal!.Reason.Should().Contain("The council does not offer statements that say what a test budget is for");
            (await s.CountRows("SELECT count(*) FROM sds.people WHERE id = @P AND names_recovery", new { P = other })).Should().Be(0);
        }
        finally
        {
            SdsScenario.Ok(await s.App.SendAsync(new OfferRecoveryWording.Command(s.Finance, s.Key(), s.CouncilId, Offered: true)));
        }

        // Offered again, the person's own choice holds again; and they can take it back.
        (await s.Statement(created.BudgetId, October, EndOfOctober)).NamesRecovery.Should().BeTrue();
        SdsScenario.Ok(await s.App.SendAsync(new ChangeStatementWording.Command(person, s.Key(), personId, false)));
        var takenBack = await s.Statement(created.BudgetId, October, EndOfOctober);
        using (var pdf = Pdf(takenBack, StatementFormat.EasyRead))
            string.Join(" ", pdf.Lines[0].Select(l => l.Text)).Should().NotMatchRegex(sensitive);
    }

    [Fact]
    public async Task The_statements_a_council_owes_are_every_budget_whose_period_overlaps_and_someone_else_cannot_read_one()
    {
        var (personId, budget) = await s.Budget(StatementFormat.LargePrint, [SdsScenario.DirectPayment(1300)], "leisure");

        var due = SdsScenario.Ok(await s.App.SendAsync(new StatementRun.Query(s.Finance, October, EndOfOctober)));
        var before = SdsScenario.Ok(await s.App.SendAsync(new StatementRun.Query(s.Finance, new LocalDate(2026, 8, 1), new LocalDate(2026, 8, 31))));
        var stranger = await s.App.SendAsync(new PersonStatement.Query(s.PersonActor(await s.Person()), budget.BudgetId, October, EndOfOctober));
        var own = await s.App.SendAsync(new PersonStatement.Query(s.PersonActor(personId), budget.BudgetId, October, EndOfOctober));
        var provider = await s.App.SendAsync(new StatementRun.Query(s.Provider, October, EndOfOctober));

        due.Should().Contain(d => d.BudgetId == budget.BudgetId && d.Format == StatementFormat.LargePrint);
        due.Select(d => d.PersonReference).Should().BeInAscendingOrder(StringComparer.Ordinal);
        before.Should().NotContain(d => d.BudgetId == budget.BudgetId, "the budget starts in October");
        stranger.Refusal!.Code.Should().Be("not-found");
        own.Succeeded.Should().BeTrue(own.ToString());
        provider.Refusal!.Code.Should().Be("not-authorised");
        (await s.AuditRecords("done")).Should().BeGreaterThan(0);
        (await s.Scalar<long>("SELECT count(*) FROM sds.audit_log WHERE action = 'PersonStatement' AND person_id = @Id", new { Id = personId }))
            .Should().BeGreaterThanOrEqualTo(1, "reading a person's statement is audited");
    }

    /// <summary>The summary table's figures, which add up: the start, plus money in, minus money spent, is what is left.</summary>
    private static (Money Opening, Money In, Money Spent, Money Closing) Summary(ReadPdf pdf)
    {
        var figures = (pdf.AllLines.Single(l => l.Text.StartsWith("Money at the start", StringComparison.Ordinal)) is var start
            ? ReadPdf.Amounts(start.Text)[0] : Money.Zero,
            pdf.Figure("Plus money paid in"), pdf.Figure("Minus money spent on your support"),
            ReadPdf.Amounts(pdf.AllLines.Single(l => l.Text.StartsWith("Money left at the end", StringComparison.Ordinal)).Text)[0]);
        (figures.Item1 + figures.Item2 - figures.Item3).Should().Be(figures.Item4, "the summary table adds up");
        return figures;
    }

    /// <summary>Each part's row of figures: at the start, paid in, spent, left at the end.</summary>
    private static List<(Money Opening, Money In, Money Spent, Money Closing)> PartFigures(ReadPdf pdf)
    {
        var lines = pdf.AllLines.ToList();
        return lines.Select((l, i) => (l, i))
            .Where(x => x.l.Cells.SequenceEqual(["At the start", "Paid in", "Spent", "Left at the end"]))
            .Select(x => ReadPdf.Amounts(lines[x.i + 1].Text))
            .Select(a => (a[0], a[1], a[2], a[3])).ToList();
    }

    [GeneratedRegex(@"^\d{1,2} October \| (Payee \d+ \| .*)$")]
    private static partial Regex PayeeRow();
}
