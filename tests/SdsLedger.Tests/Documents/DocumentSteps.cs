using Dapper;
using NodaTime;
using SdsLedger.Documents;
using SdsLedger.Documents.Statements;
using SdsLedger.Domain;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.People;
using SdsLedger.Features.Plans;
using SdsLedger.Features.Statements;
using SdsLedger.Ledger;
using SdsLedger.Tests.Budgets;

namespace SdsLedger.Tests.Documents;

/// <summary>Steps the statement and report tests share, on top of <see cref="SdsScenario"/>.</summary>
internal static class DocumentSteps
{
    public static readonly LocalDate October = new(2026, 10, 1);
    public static readonly LocalDate EndOfOctober = new(2026, 10, 31);
    public static readonly LocalDate November = new(2026, 11, 1);
    public static readonly LocalDate EndOfNovember = new(2026, 11, 30);

    /// <summary>A person who asked for the given print, with an active budget of the given parts and plan categories.</summary>
    public static Task<(Guid PersonId, CreatedBudget Budget)> Budget(this SdsScenario s, StatementFormat format,
                                                                     IReadOnlyList<PartSpec> parts, params string[] categories) =>
        s.Budget("Morven Example", format, parts, s.SocialWorker, s.SocialWorkerId, categories);

    public static async Task<Guid> NamedPerson(this SdsScenario s, string name, StatementFormat format = StatementFormat.Standard,
                                               Actor? socialWorker = null, Guid? socialWorkerId = null) =>
        SdsScenario.Ok(await s.App.SendAsync(new RegisterPerson.Command(socialWorker ?? s.SocialWorker, s.Key(), $"P-{Guid.NewGuid():N}"[..12], name,
            new LocalDate(1979, 3, 8), "3 Shore Road", format, socialWorkerId ?? s.SocialWorkerId)));

    /// <summary>A named person of the given social worker, with an active budget of the given parts and plan categories.</summary>
    public static async Task<(Guid PersonId, CreatedBudget Budget)> Budget(this SdsScenario s, string name, StatementFormat format,
                                                                           IReadOnlyList<PartSpec> parts, Actor socialWorker, Guid socialWorkerId,
                                                                           params string[] categories)
    {
        var person = await s.NamedPerson(name, format, socialWorker, socialWorkerId);
        var budget = SdsScenario.Ok(await s.App.SendAsync(new CreateBudget.Command(socialWorker, s.Key(), person, SdsScenario.PeriodStart,
            SdsScenario.PeriodEnd, parts)));
        SdsScenario.Ok(await s.App.SendAsync(new AgreeSupportPlan.Command(socialWorker, s.Key(), budget.BudgetId, SdsScenario.PeriodStart,
            [new Outcome("Get out to the shops on my own"), new Outcome("See my grandchildren every week")],
            categories.Select(c => new PlanCategory(c)).ToList())));
        SdsScenario.Ok(await s.App.SendAsync(new ActivateBudget.Command(s.Finance, s.Key(), budget.BudgetId)));
        return (person, budget);
    }

    public static async Task<StatementView> Statement(this SdsScenario s, Guid budgetId, LocalDate from, LocalDate to) =>
        SdsScenario.Ok(await s.App.SendAsync(new PersonStatement.Query(s.Finance, budgetId, from, to)));

    /// <summary>The statement as PDF in the person's format, or in the one given.</summary>
    public static ReadPdf Pdf(StatementView statement, StatementFormat? format = null) =>
        ReadPdf.Of(output => StatementDocument.WritePdf(statement, StatementDocument.FormatFor(statement, format), output));

    /// <summary>The statement as HTML in the person's format, or in the one given.</summary>
    public static string Html(StatementView statement, StatementFormat? format = null)
    {
        using var html = new StringWriter();
        StatementDocument.WriteHtml(statement, StatementDocument.FormatFor(statement, format), html);
        return html.ToString();
    }

    /// <summary>The account a part's spending comes from: held for options 1 and 2, the allocation for option 3.</summary>
    public static async Task<AccountId> SourceAccount(this SdsScenario s, Guid partId)
    {
        await using var conn = new Npgsql.NpgsqlConnection(s.ConnectionString);
        return new AccountId(await conn.ExecuteScalarAsync<Guid>(
            "SELECT CASE WHEN option = 3 THEN allocation_account ELSE held_account END FROM sds.budget_parts WHERE id = @Id", new { Id = partId }));
    }

    public static LedgerQueries Ledger(this SdsScenario s) => new(LedgerDataSource.Create(s.ConnectionString));

    public static async Task<T> Scalar<T>(this SdsScenario s, string sql, object? args = null)
    {
        await using var conn = new Npgsql.NpgsqlConnection(s.ConnectionString);
        return (await conn.ExecuteScalarAsync<T>(sql, args))!;
    }

    /// <summary>Body text of the style: no letter smaller, pages A4, every page numbered "Page n of m".</summary>
    public static void IsAccessibleA4(this ReadPdf pdf, DocumentStyle style)
    {
        pdf.Pages.Should().OnlyContain(p => Math.Abs(p.Width - 595) < 1 && Math.Abs(p.Height - 842) < 1 || Math.Abs(p.Width - 842) < 1 && Math.Abs(p.Height - 595) < 1,
            "every page is A4");
        pdf.Pages.SelectMany(p => p.Letters).Where(l => !string.IsNullOrWhiteSpace(l.Value))
            .Should().OnlyContain(l => l.PointSize >= style.BodySize - 0.01, $"no text is smaller than {style.BodySize} pt");
        for (var i = 0; i < pdf.Pages.Count; i++)
            pdf.Lines[i].Should().Contain(l => l.Cells[0] == $"Page {i + 1} of {pdf.Pages.Count}", $"page {i + 1} is numbered");
    }
}
