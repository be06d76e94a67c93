using Dapper;
using NodaTime;
using SdsLedger.Documents;
using SdsLedger.Documents.Reports;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.People;
using SdsLedger.Features.Reports;
using SdsLedger.Features.TestBudgets;
using SdsLedger.Tests.Budgets;
using static SdsLedger.Tests.Documents.DocumentSteps;

namespace SdsLedger.Tests.Documents;

public sealed class ReportTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    private static readonly LocalDate AsOf = new(2026, 11, 23);
    // Within 30 days of the 12-week reviews on 24 December, so a caseload lists them.
    private static readonly LocalDate ReviewWeek = new(2026, 11, 30);

    [Fact]
    public async Task A_provider_return_reconciles_to_the_ledger_and_its_csv_and_pdf_agree()
    {
        var org = await s.Organisation("Strath Support");
        var code = await s.Scalar<string>("SELECT code FROM sds.organisations WHERE id = @Id", new { Id = org });
        var staff = await s.Worker(Role.Provider, "Strath finance", org);
        var held = new PartSpec(SdsOption.DirectedSupport, HolderKind.Organisation, Money.FromPounds(2600), org);
        var (_, first) = await s.Budget("Ishbel Grant", StatementFormat.Standard, [held], s.SocialWorker, s.SocialWorkerId, "personal-care");
        var (_, second) = await s.Budget("Tormod Bain", StatementFormat.Standard, [SdsScenario.DirectPayment(1300), held],
            s.SocialWorker, s.SocialWorkerId, "personal-care", "leisure");
        SdsScenario.Ok(await s.PaymentRun(new LocalDate(2026, 11, 23)));
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(staff, first.PartIds[0], 86, "personal-care", "Strath Support", new LocalDate(2026, 10, 8)) with { Hours = 4 }));
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(staff, first.PartIds[0], 64.50m, "personal-care", "Strath Support", new LocalDate(2026, 10, 15)) with { Hours = 3 }));
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(staff, second.PartIds[1], 120, "personal-care", "Day Centre", new LocalDate(2026, 10, 21))));
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(staff, second.PartIds[1], 43, "personal-care", "Day Centre", new LocalDate(2026, 11, 4))));

        var byProvider = SdsScenario.Ok(await s.App.SendAsync(new ProviderReturn.Query(staff, October, EndOfOctober)));
        var byCouncil = SdsScenario.Ok(await s.App.SendAsync(new ProviderReturn.Query(s.Finance, October, EndOfOctober, code)));
        var elsewhere = await s.App.SendAsync(new ProviderReturn.Query(s.Provider, October, EndOfOctober, code));

        byCouncil.Rows.Should().BeEquivalentTo(byProvider.Rows);
        elsewhere.Refusal!.Code.Should().Be("not-found", "another provider cannot read this one's return");
        var report = byProvider;
        report.Rows.Select(r => r.PersonName).Should().Equal("Ishbel Grant", "Tormod Bain");
        report.Rows.Should().OnlyContain(r => r.Balances);
        report.Reconciles.Should().BeTrue();
        var ledger = s.Ledger();
        var ledgerClosing = Money.Zero;
        foreach (var (row, part) in report.Rows.Zip(new[] { first.PartIds[0], second.PartIds[1] }))
        {
            var account = await ledger.StatementAsync(await s.SourceAccount(part), October, EndOfOctober);
            row.Opening.Should().Be(account.Opening);
            row.Closing.Should().Be(account.Closing);
            row.Received.Should().Be(Money.FromPounds(800), "two instalments of £400 were paid in October");
            ledgerClosing += account.Closing;
        }
        report.LedgerClosing.Should().Be(ledgerClosing);
        report.Rows[0].Spent.Should().Be(Money.FromPounds(150.50m));
        report.Rows[0].Hours.Should().Be(7);
        report.Rows[0].HourlyRate.Should().Be(Money.FromPounds(21.50m));
        report.Rows[1].Spent.Should().Be(Money.FromPounds(120), "November's spend is not in October's return");

        var csv = ReadCsv.Rows(Csv(report, ProviderReturnDocument.WriteCsv));
        using var pdf = ReadPdf.Of(output => ProviderReturnDocument.WritePdf(report, output));
        pdf.IsAccessibleA4(DocumentStyle.Standard);
        csv.Should().HaveCount(report.Rows.Count);
        foreach (var row in csv)
        {
            var line = pdf.AllLines.Single(l => l.Cells[0] == row["person_name"]);
            ReadPdf.Amounts(line.Text).Should().Equal(Amounts(row, "opening", "received", "spent", "paid_back", "adjustments", "closing"));
            line.Cells.Should().Contain(row["hours"]);
        }
        var total = pdf.AllLines.Single(l => l.Cells[0] == "Total");
        ReadPdf.Amounts(total.Text).Should().Equal(Sum(csv, "opening"), Sum(csv, "received"), Sum(csv, "spent"), Sum(csv, "paid_back"),
            Sum(csv, "adjustments"), Sum(csv, "closing"));
        // The sentence may run over a page break, with the page's footer and header read in between.
        pdf.Text.Should().Contain("and the total at the").And.Contain($"end, {report.Closing}, is the ledger's balance of these 2 accounts on 31 October 2026.");
    }

    [Fact]
    public async Task A_caseload_report_agrees_with_the_caseload_on_screen_and_its_csv_and_pdf_agree()
    {
        var (workerId, worker) = await s.NewSocialWorker("Catriona Dunbar");
        var code = await s.Scalar<string>("SELECT code FROM sds.workers WHERE id = @Id", new { Id = workerId });
        var (_, spending) = await s.Budget("Alasdair Munro", StatementFormat.Standard, [SdsScenario.CouncilArranged(5200)],
            worker, workerId, "home-care");
        await s.Budget("Beathag Ross", StatementFormat.Standard, [SdsScenario.DirectPayment(1300), SdsScenario.CouncilArranged(5200)],
            worker, workerId, "leisure", "home-care");
        SdsScenario.Ok(await s.PaymentRun(new LocalDate(2026, 10, 29)));
        await s.SpendInPieces(s.Finance, spending.PartIds[0], "home-care", Enumerable.Repeat(240m, 11).ToArray());

        var report = SdsScenario.Ok(await s.App.SendAsync(new CaseloadReport.Query(s.Finance, ReviewWeek, code)));
        var screen = SdsScenario.Ok(await s.App.SendAsync(new Features.Caseload.Caseload.Query(s.Finance, workerId, ReviewWeek)));

        report.Workers.Should().ContainSingle().Which.WorkerName.Should().Be("Catriona Dunbar");
        var budgets = report.Workers[0].Budgets;
        budgets.Select(b => b.PersonName).Should().Equal("Alasdair Munro", "Beathag Ross");
        foreach (var b in budgets)
        {
            var line = screen.Lines.Single(l => l.PersonReference == b.PersonReference);
            b.Allocated.Should().Be(line.Allocated);
            b.Spent.Should().Be(line.Spent);
            b.ShareSpent.Should().Be(line.ShareSpent);
            b.ShareElapsed.Should().Be(line.ShareElapsed);
            b.Pace.Should().Be(line.Pace!.Value);
            b.ReviewDue.Should().Be(line.ReviewDue);
            b.ApprovalsWaiting.Should().Be(line.ApprovalsWaiting);
        }
        budgets[0].Pace.Should().Be(Pace.Overspending, "51% spent when 30% of the period has gone");
        budgets[1].Pace.Should().Be(Pace.Underspending);
        budgets[1].Option.Should().Be(SdsOption.Mix);
        budgets.Should().OnlyContain(b => b.ReviewDue == new LocalDate(2026, 12, 24), "the 12-week review is due within 30 days");

        var csv = ReadCsv.Rows(Csv(report, CaseloadDocument.WriteCsv));
        using var pdf = ReadPdf.Of(output => CaseloadDocument.WritePdf(report, output));
        pdf.IsAccessibleA4(DocumentStyle.Standard);
        pdf.Text.Should().Contain("Catriona Dunbar: 2 budgets");
        csv.Should().HaveCount(2);
        foreach (var row in csv)
        {
            var lines = pdf.AllLines.ToList();
            var at = lines.FindIndex(l => l.Cells[0] == row["person_name"]);
            var first = lines[at].Text;
            var second = lines[at + 1].Text;
            ReadPdf.Amounts(first).Should().Equal(Amounts(row, "allocated", "spent"));
            first.Should().Contain($"{row["period_gone_percent"]}%").And.Contain(row["pace"]).And.EndWith(row["approvals_waiting"]);
            second.Should().StartWith($"{row["person_reference"]}, {row["option"].ToLowerInvariant()}").And.Contain($"{row["spent_percent"]}%");
            first.Should().Contain(Words(LocalDate.FromDateTime(DateTime.Parse(row["review_due"], System.Globalization.CultureInfo.InvariantCulture))));
        }
        ReadPdf.Amounts(pdf.AllLines.Single(l => l.Cells[0] == "Total").Text).Should().Equal(Sum(csv, "allocated"), Sum(csv, "spent"));
    }

    [Fact]
    public async Task The_council_overview_adds_up_every_active_budget_by_option_and_draws_the_chart_from_the_same_figures()
    {
        var (_, _) = await s.Budget("Dolina Shaw", StatementFormat.Standard, [s.ProviderHeld(2600)], s.SocialWorker, s.SocialWorkerId, "personal-care");
        var (_, mix) = await s.Budget("Ewen Craig", StatementFormat.Standard, [SdsScenario.DirectPayment(1300), SdsScenario.CouncilArranged(2600)],
            s.SocialWorker, s.SocialWorkerId, "leisure", "home-care");
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(s.Finance, mix.PartIds[1], 99.99m, "home-care", "Council home care team", new LocalDate(2026, 10, 9))));
        var (testPerson, recoveryWorker) = (await s.Person(), await s.RecoveryWorkerOf(s.ProviderId));
        await s.Consent(testPerson, recoveryWorker);
        SdsScenario.Ok(await s.App.SendAsync(s.TestBudget(recoveryWorker, testPerson, 150, s.ProviderId)));

        var report = SdsScenario.Ok(await s.App.SendAsync(new CouncilOverview.Query(s.Finance, AsOf)));

        // The same figures another way: each active budget's own summary, grouped.
        await using var conn = new Npgsql.NpgsqlConnection(s.ConnectionString);
        var active = (await conn.QueryAsync<Guid>("SELECT id FROM sds.budgets WHERE council_id = @Id AND status = 'active'", new { Id = s.CouncilId })).ToList();
        var summaries = new List<BudgetSummaryView>();
        foreach (var id in active) summaries.Add(await s.Summary(id));
        report.Rows.Select(r => r.Group).Should().Equal(OverviewGroup.Option1, OverviewGroup.Option2, OverviewGroup.Option3, OverviewGroup.Option4, OverviewGroup.TestBudgets);
        foreach (var row in report.Rows)
        {
            var mine = summaries.Where(b => row.Group == OverviewGroup.TestBudgets ? b.IsTest : !b.IsTest && (int)b.Option == (int)row.Group).ToList();
            row.Budgets.Should().Be(mine.Count, row.Group.ToString());
            row.People.Should().Be(mine.Select(b => b.PersonId).Distinct().Count());
            row.Allocated.Should().Be(mine.Aggregate(Money.Zero, (sum, b) => sum + b.Allocated), row.Group.ToString());
            row.Spent.Should().Be(mine.Aggregate(Money.Zero, (sum, b) => sum + b.Spent), row.Group.ToString());
        }
        report.Rows.Single(r => r.Group == OverviewGroup.Option4).Budgets.Should().BeGreaterThanOrEqualTo(1);
        report.Rows.Single(r => r.Group == OverviewGroup.TestBudgets).Budgets.Should().BeGreaterThanOrEqualTo(1);

        var csv = ReadCsv.Rows(Csv(report, CouncilOverviewDocument.WriteCsv));
        using var pdf = ReadPdf.Of(output => CouncilOverviewDocument.WritePdf(report, output));
        pdf.IsAccessibleA4(DocumentStyle.Standard);
        csv.Select(r => r["budgets_of"]).Should().Equal(report.Rows.Select(r => CouncilOverviewDocument.Label(r.Group)));
        foreach (var row in csv)
        {
            var lines = pdf.AllLines.Where(l => l.Text.StartsWith(row["budgets_of"], StringComparison.Ordinal)).ToList();
            lines.Should().HaveCount(3, "a table row and a bar in each of the two charts");
            ReadPdf.Amounts(lines[0].Text).Should().Equal(Amounts(row, "allocated", "spent"));
            lines[0].Cells.Should().Contain(row["budgets"]).And.Contain(row["people"]).And.Contain($"{row["spent_percent"]}%");
            lines[1].Cells[^1].Should().Be(row["budgets"], "the number chart prints each bar's value");
            ReadPdf.Amounts(lines[2].Text).Should().Equal(Amounts(row, "allocated"));
        }
        var bars = pdf.Pages.SelectMany(p => p.Paths).Count(p => p.IsFilled && p.GetBoundingRectangle() is { Height: > 5 and < 20 });
        bars.Should().Be(2 * report.Rows.Count(r => r.Budgets > 0), "a bar for each group with budgets, in each chart");
    }

    [Fact]
    public async Task Surplus_flags_list_what_is_above_the_threshold_for_discussion_and_agree_with_the_flags_on_screen()
    {
        var (_, saver) = await s.Budget("Fionnlagh Moir", StatementFormat.Standard, [SdsScenario.DirectPayment(2600)],
            s.SocialWorker, s.SocialWorkerId, "leisure");
        SdsScenario.Ok(await s.PaymentRun(new LocalDate(2026, 11, 26)));

        var report = SdsScenario.Ok(await s.App.SendAsync(new SurplusReport.Query(s.Finance, AsOf)));
        var screen = SdsScenario.Ok(await s.App.SendAsync(new Features.Surplus.SurplusFlags.Query(s.Finance, s.CouncilId)));

        var flagged = report.Rows.Single(r => r.PersonName == "Fionnlagh Moir");
        flagged.Available.Should().Be(Money.FromPounds(1200), "three instalments of £400 and nothing spent");
        flagged.WeeklyFunding.Should().Be(Money.FromPounds(100));
        flagged.Threshold.Should().Be(Money.FromPounds(800));
        flagged.WeeksHeld.Should().Be(12);
        report.Rows.Select(r => (r.PersonReference, r.PartPosition, r.Available, r.WeeksHeld))
            .Should().BeEquivalentTo(screen.Flags.Select(f => (f.PersonReference, f.Position, f.Balance, f.WeeksHeld)));
        (await s.Summary(saver.BudgetId)).Returned.Should().Be(Money.Zero, "nothing is reclaimed automatically");

        var csv = ReadCsv.Rows(Csv(report, SurplusReportDocument.WriteCsv));
        using var pdf = ReadPdf.Of(output => SurplusReportDocument.WritePdf(report, output));
        pdf.IsAccessibleA4(DocumentStyle.Standard);
        pdf.Text.Should().Contain("Nothing is taken back automatically");
        csv.Should().HaveCount(report.Rows.Count);
        foreach (var row in csv)
        {
            var line = pdf.AllLines.Single(l => l.Cells[0] == row["person_name"] && ReadPdf.Amounts(l.Text).Count > 0
                                               && ReadPdf.Amounts(l.Text)[0] == ReadCsv.Amount(row["balance"]));
            ReadPdf.Amounts(line.Text).Should().Equal(Amounts(row, "balance", "set_aside", "available", "weekly_funding"));
            line.Text.Should().Contain($" {row["weeks_held"]} ");
        }
    }

    [Fact]
    public async Task Test_budget_outcomes_show_each_outcome_its_progress_and_spend_and_the_csv_and_pdf_agree()
    {
        var person = await s.NamedPerson("Gormelia Nic a' Phì");
        var worker = await s.RecoveryWorkerOf(s.ProviderId);
        await s.Consent(person, worker);
        var created = SdsScenario.Ok(await s.App.SendAsync(s.TestBudget(worker, person, 200, s.ProviderId)));
        SdsScenario.Ok(await s.PaymentRun(TestBudgetSteps.TestStart));
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(worker, created.PartId, 45, "leisure", "Leisure Centre", new LocalDate(2026, 10, 6))));
        SdsScenario.Ok(await s.App.SendAsync(new RecordProgress.Command(worker, s.Key(), created.BudgetId, new LocalDate(2026, 10, 20),
            "Swimming twice a week", "I love the water.", Completed: true, OutcomeId: created.OutcomeIds[0])));

        var report = SdsScenario.Ok(await s.App.SendAsync(new TestBudgetOutcomes.Query(s.Finance, AsOf)));

        var budget = report.Budgets.Single(b => b.PersonName == "Gormelia Nic a' Phì");
        budget.Amount.Should().Be(Money.FromPounds(200));
        budget.Spent.Should().Be(Money.FromPounds(45));
        budget.Outcomes.Select(o => (o.Text, o.Notes, o.Completed)).Should().Equal(("Get back into swimming", 1, true), ("Reconnect with my daughter", 0, false));
        budget.Completed.Should().BeFalse("one outcome of two is done");

        var csv = ReadCsv.Rows(Csv(report, TestBudgetOutcomesDocument.WriteCsv));
        using var pdf = ReadPdf.Of(output => TestBudgetOutcomesDocument.WritePdf(report, output));
        pdf.IsAccessibleA4(DocumentStyle.Standard);
        csv.Where(r => r["person_name"] == budget.PersonName).Select(r => (r["outcome"], r["progress_notes"], r["completed"], r["spent"]))
            .Should().Equal(("Get back into swimming", "1", "yes", "45.00"), ("Reconnect with my daughter", "0", "no", "45.00"));
        var group = pdf.AllLines.Single(l => l.Text.StartsWith($"{budget.PersonName} ({budget.PersonReference}):", StringComparison.Ordinal));
        ReadPdf.Amounts(group.Text).Should().Equal(Money.FromPounds(200), Money.FromPounds(45));
        pdf.AllLines.Should().Contain(l => l.Text.StartsWith("Get back into swimming | Maintenance,", StringComparison.Ordinal)
                                           && l.Text.Contains("20 October 2026: Swimming twice", StringComparison.Ordinal) && l.Cells.Last() == "Yes");
        pdf.Figure("Spent").Should().Be(report.Spent);
    }

    private static string Csv<T>(T report, Action<T, TextWriter> write)
    {
        using var text = new StringWriter();
        write(report, text);
        return text.ToString();
    }

    private static string Words(LocalDate date) => date.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    private static Money[] Amounts(Dictionary<string, string> row, params string[] columns) => columns.Select(c => ReadCsv.Amount(row[c])).ToArray();

    private static Money Sum(IEnumerable<Dictionary<string, string>> rows, string column) =>
        rows.Aggregate(Money.Zero, (sum, r) => sum + ReadCsv.Amount(r[column]));
}
