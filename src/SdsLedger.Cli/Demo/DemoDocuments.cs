using Dapper;
using NodaTime;
using Npgsql;
using SdsLedger.Documents;
using SdsLedger.Documents.Reports;
using SdsLedger.Documents.Statements;
using SdsLedger.Domain;
using SdsLedger.Features.Statements;

namespace SdsLedger.Cli.Demo;

/// <summary>A file the demo wrote, with its page count when it is a PDF.</summary>
internal sealed record DemoFile(string Path, int? Pages);

/// <summary>
/// The demo's documents for the sample council: a statement in each format (standard, large print, Easy Read), each for
/// the person who asked for that format with the most going on in the month, as PDF and as HTML; and every
/// practitioner report as PDF and CSV. File names depend only on the samples, so running the demo again replaces them.
/// </summary>
internal sealed class DemoDocuments(SdsLedgerApp app, NpgsqlDataSource dataSource, Actor finance)
{
    /// <summary>
    /// October 2026, the middle of the samples' three months: its statements open with money already held, take in a
    /// payment run and show a month of purchases. The provider return covers the same month.
    /// </summary>
    public static readonly LocalDate From = new(2026, 10, 1);
    public static readonly LocalDate To = new(2026, 10, 31);

    /// <summary>
    /// The other reports are as at the end of the samples (30 November 2026), not today: their money is the ledger's now,
    /// which holds November's spending, and a fixed date keeps the demo's output the same whatever day it runs.
    /// </summary>
    public static readonly LocalDate AsOf = new(2026, 11, 30);

    // For each format, the active (non-test) budget of someone who asked for it with the most postings in the month.
    private const string SampleBudgets = """
        SELECT DISTINCT ON (pe.statement_format) b.id AS BudgetId, pe.reference AS Reference, pe.statement_format AS Format
          FROM sds.budgets b
          JOIN sds.people pe ON pe.id = b.person_id
          JOIN sds.budget_parts p ON p.budget_id = b.id
          JOIN ledger.postings x ON x.account_id IN (p.held_account, p.allocation_account) AND x.effective_date BETWEEN @From AND @To
         WHERE b.council_id = @CouncilId AND b.status = 'active' AND NOT b.is_test
         GROUP BY b.id, pe.reference, pe.statement_format
         ORDER BY pe.statement_format DESC, count(*) DESC, pe.reference
        """;

    // The option-2 provider holding the most of the council's parts.
    private const string SampleProvider = """
        SELECT o.code
          FROM sds.organisations o
          JOIN sds.budget_parts p ON p.holder_organisation_id = o.id AND p.option = 2
          JOIN sds.budgets b ON b.id = p.budget_id
         WHERE b.council_id = @CouncilId
         GROUP BY o.code
         ORDER BY count(*) DESC, o.code
         LIMIT 1
        """;

    public async Task<IReadOnlyList<DemoFile>> WriteAsync(string outDir, CancellationToken ct)
    {
        Directory.CreateDirectory(outDir);
        var written = new List<DemoFile>();
        var parameters = new { finance.CouncilId, From = From.ToDateOnly(), To = To.ToDateOnly() };
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            var samples = await conn.QueryAsync<(Guid BudgetId, string Reference, string Format)>(new CommandDefinition(SampleBudgets, parameters, cancellationToken: ct));
            foreach (var (budgetId, reference, format) in samples.OrderBy(s => StatementFormats.Parse(s.Format)))
                written.AddRange(await StatementAsync(outDir, budgetId, $"statement-{reference}-{format}", StatementFormats.Parse(format), ct));
            var provider = await conn.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(SampleProvider, parameters, cancellationToken: ct));
            var request = new ReportRequest(finance, AsOf, From, To, Provider: provider);
            foreach (var name in ReportCatalog.Names)
            {
                if (name == "provider-return" && provider is null) continue;
                foreach (var pdf in new[] { true, false })
                {
                    var path = Path.Combine(outDir, $"{name}.{(pdf ? "pdf" : "csv")}");
                    var (result, pages) = await ReportCatalog.WriteAsync(app, name, request, pdf, path, ct);
                    if (!result.Succeeded) throw new InvalidOperationException($"The demo's {name} report was not written: {result}");
                    written.Add(new DemoFile(path, pages));
                }
            }
        }
        return written;
    }

    private async Task<DemoFile[]> StatementAsync(string outDir, Guid budgetId, string stem, StatementFormat format, CancellationToken ct)
    {
        var result = await app.SendAsync(new PersonStatement.Query(finance, budgetId, From, To), ct);
        if (!result.Succeeded) throw new InvalidOperationException($"The demo's statement {stem} was not written: {result}");
        var pdf = Path.Combine(outDir, stem + ".pdf");
        var html = Path.Combine(outDir, stem + ".html");
        int pages;
        await using (var file = File.Create(pdf))
            pages = StatementDocument.WritePdf(result.Value!, format, file);
        await using (var file = new StreamWriter(html))
            StatementDocument.WriteHtml(result.Value!, format, file);
        return [new DemoFile(pdf, pages), new DemoFile(html, null)];
    }
}
