using System.Diagnostics;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using NodaTime;
using SdsLedger.Documents.Reports;
using SdsLedger.Features.Reports;
using SdsLedger.Ledger;
using SdsLedger.LocalPostgres;

namespace SdsLedger.Bench;

internal sealed record ReportBenchOptions(int Budgets, long Postings, int Runs, bool Plans, bool Rebuild, string? DataDirectory);

/// <summary>One report: its query through the application (each run, first and median), and its PDF and CSV written once.</summary>
internal sealed record ReportTiming(string Name, double FirstSeconds, double MedianSeconds, IReadOnlyList<double> RunSeconds, double PdfSeconds, int Pages,
                                    double CsvSeconds, IReadOnlyList<string>? Plan);

internal sealed record ReportFigures(string Server, int Cores, int Budgets, long Postings, bool Reused, double SetupSeconds, LocalDate AsOf,
                                     LocalDate From, LocalDate To, string Provider, IReadOnlyList<ReportTiming> Reports)
{
    public const double SecondsLimit = 1;

    public IReadOnlyList<Limit> Limits => Reports.Select(r => new Limit($"{r.Name} query (median)", r.MedianSeconds, SecondsLimit, "s")).ToList();
}

/// <summary>
/// Each practitioner report on a council of many budgets and millions of postings, through the same code as
/// <c>sdsledger report</c>: the report's query through the application's pipeline (authorisation and the audit of who
/// was listed included), timed per run, then its PDF and CSV written to nowhere. With plans, each report's SQL is
/// explained with ANALYZE and BUFFERS, as the application's role, with the parameters the report uses.
/// </summary>
internal sealed class ReportBenchmark(ReportBenchOptions options, RunLog progress)
{
    public const string Database = "sdsledger_bench_reports";

    private const string BusiestProvider = """
        SELECT o.id, o.code FROM sds.organisations o JOIN sds.budget_parts p ON p.holder_organisation_id = o.id AND p.option = 2
         GROUP BY o.id, o.code ORDER BY count(*) DESC, o.code LIMIT 1
        """;

    public async Task<ReportFigures> RunAsync(CancellationToken ct)
    {
        var server = DatabaseServer.FromEnvironment(options.DataDirectory, progress.Report);
        var admin = await server.AdminConnectionStringAsync(ct: ct);
        var serverName = await BenchServer.DescribeAsync(server, admin, ct);
        var shape = new CouncilShape(options.Budgets, options.Postings, CouncilShape.DefaultAsOf);
        var db = await new BenchCouncil(progress).EnsureAsync(admin, Database, shape, options.Rebuild, ct);

        var asOf = shape.AsOf;
        var from = new LocalDate(asOf.Year, asOf.Month, 1);
        var to = from.PlusMonths(1).PlusDays(-1);
        var (providerId, providerCode) = await ProviderAsync(db.OwnerConnectionString, ct);
        var request = new ReportRequest(db.Finance, asOf, from, to, Provider: providerCode);
        await using var app = SdsLedgerApp.Create(db.OwnerConnectionString);

        var timings = new List<ReportTiming>();
        foreach (var name in ReportCatalog.Names)
        {
            var runs = new List<double>();
            ReportContent? content = null;
            for (var run = 0; run < options.Runs; run++)
            {
                var started = Stopwatch.GetTimestamp();
                content = await ReportCatalog.ReadAsync(app, name, request, ct);
                runs.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
                if (!content.Result.Succeeded) throw new InvalidOperationException($"The {name} report was refused: {content.Result}");
            }
            var pdfStarted = Stopwatch.GetTimestamp();
            var pages = content!.WritePdf(Stream.Null);
            var pdfSeconds = Stopwatch.GetElapsedTime(pdfStarted).TotalSeconds;
            var csvStarted = Stopwatch.GetTimestamp();
            await using (var csv = new StreamWriter(Stream.Null)) content.WriteCsv(csv);
            var csvSeconds = Stopwatch.GetElapsedTime(csvStarted).TotalSeconds;

            var plan = options.Plans ? await ExplainAsync(db.OwnerConnectionString, name, Parameters(name, db.Finance.CouncilId!.Value, providerId, asOf, from, to), ct) : null;
            var ordered = runs.Skip(1).DefaultIfEmpty(runs[0]).Order().ToList();
            var timing = new ReportTiming(name, runs[0], ordered[ordered.Count / 2], runs, pdfSeconds, pages, csvSeconds, plan);
            progress.Report($"{name}: query first {timing.FirstSeconds * 1000:F0} ms, median {timing.MedianSeconds * 1000:F0} ms; PDF {pages} pages in {pdfSeconds:F2} s, CSV {csvSeconds:F2} s.");
            timings.Add(timing);
        }
        return new ReportFigures(serverName, Environment.ProcessorCount, options.Budgets, db.Postings, db.Reused, db.SetupSeconds, asOf, from, to,
            providerCode, timings);
    }

    private static async Task<(Guid Id, string Code)> ProviderAsync(string owner, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(owner);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(BusiestProvider, conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) throw new InvalidOperationException("The bench council has no option-2 provider.");
        return (reader.GetGuid(0), reader.GetString(1));
    }

    /// <summary>The report's SQL and the parameters its handler sends, for the whole council (every social worker's caseload).</summary>
    private static (string Sql, NpgsqlParameter[] Parameters) Parameters(string name, Guid councilId, Guid providerId, LocalDate asOf, LocalDate from, LocalDate to)
    {
        NpgsqlParameter Council() => new("CouncilId", NpgsqlDbType.Uuid) { Value = councilId };
        NpgsqlParameter Date(string parameter, LocalDate day) => new(parameter, NpgsqlDbType.Date) { Value = day.ToDateOnly() };
        return name switch
        {
            "caseload" => (CaseloadReport.Handler.Sql,
                [Council(), new("WorkerId", NpgsqlDbType.Uuid) { Value = DBNull.Value }, Date("ReviewBy", asOf.PlusDays(Features.Caseload.Caseload.ReviewLookAheadDays))]),
            "provider-return" => (ProviderReturn.Handler.Sql,
                [new("OrganisationId", NpgsqlDbType.Uuid) { Value = providerId }, Council(), Date("From", from), Date("To", to),
                 new("Worker", NpgsqlDbType.Uuid) { Value = DBNull.Value }]),
            "overview" => (CouncilOverview.Handler.Sql, [Council()]),
            "surplus" => (SurplusReport.Handler.Sql, [Council()]),
            "test-budgets" => (TestBudgetOutcomes.Handler.Sql, [Council(), Date("AsOf", asOf)]),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such report"),
        };
    }

    /// <summary>EXPLAIN (ANALYZE, BUFFERS) of each statement of the report's SQL, on the application's own data source, rolled back.</summary>
    private static async Task<IReadOnlyList<string>> ExplainAsync(string owner, string name, (string Sql, NpgsqlParameter[] Parameters) report, CancellationToken ct)
    {
        await using var dataSource = LedgerDataSource.Create(owner);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var lines = new List<string>();
        var statements = report.Sql.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.TrimEnd(';')).Where(s => s.Length > 0).ToList();
        for (var i = 0; i < statements.Count; i++)
        {
            await using var cmd = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + statements[i], conn, tx);
            foreach (var p in report.Parameters.Where(p => statements[i].Contains('@' + p.ParameterName, StringComparison.Ordinal)))
                cmd.Parameters.Add(p.Clone());
            lines.Add($"-- {name}, statement {i + 1} of {statements.Count}: {FirstLine(statements[i])}");
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) lines.Add(reader.GetString(0));
        }
        await tx.RollbackAsync(ct);
        return lines;
    }

    private static string FirstLine(string sql)
    {
        var text = new StringBuilder();
        foreach (var word in sql.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (text.Length + word.Length > 90) return text.Append(" ...").ToString();
            text.Append(text.Length == 0 ? "" : " ").Append(word);
        }
        return text.ToString();
    }
}
