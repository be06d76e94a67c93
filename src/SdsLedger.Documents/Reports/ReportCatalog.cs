using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Features.Reports;
using SdsLedger.Pipeline;

namespace SdsLedger.Documents.Reports;

/// <summary>What a report is asked for: who asks, its date, the month (provider return), and whose (caseload, provider).</summary>
public sealed record ReportRequest(Actor Actor, LocalDate AsOf, LocalDate From, LocalDate To, string? SocialWorker = null, string? Provider = null);

/// <summary>A report's answer, and, when it succeeded, how to write it as PDF (returning the page count) or CSV.</summary>
public sealed record ReportContent(IAnswer Result, Func<Stream, int> WritePdf, Action<TextWriter> WriteCsv);

/// <summary>Every practitioner report by name: its query, and its PDF and CSV writers.</summary>
public static class ReportCatalog
{
    public static readonly IReadOnlyList<string> Names = ["caseload", "provider-return", "overview", "surplus", "test-budgets", "unusual-access"];

    /// <summary>Runs the report's query; the answer knows how to write itself if it succeeded.</summary>
    public static async Task<ReportContent> ReadAsync(SdsLedgerApp app, string name, ReportRequest r, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(r);
        return name switch
        {
            "caseload" => Content(await app.SendAsync(new CaseloadReport.Query(r.Actor, r.AsOf, r.SocialWorker), ct),
                CaseloadDocument.WritePdf, CaseloadDocument.WriteCsv),
            "provider-return" => Content(await app.SendAsync(new ProviderReturn.Query(r.Actor, r.From, r.To, r.Provider), ct),
                ProviderReturnDocument.WritePdf, ProviderReturnDocument.WriteCsv),
            "overview" => Content(await app.SendAsync(new CouncilOverview.Query(r.Actor, r.AsOf), ct),
                CouncilOverviewDocument.WritePdf, CouncilOverviewDocument.WriteCsv),
            "surplus" => Content(await app.SendAsync(new SurplusReport.Query(r.Actor, r.AsOf), ct),
                SurplusReportDocument.WritePdf, SurplusReportDocument.WriteCsv),
            "test-budgets" => Content(await app.SendAsync(new TestBudgetOutcomes.Query(r.Actor, r.AsOf), ct),
                TestBudgetOutcomesDocument.WritePdf, TestBudgetOutcomesDocument.WriteCsv),
            "unusual-access" => Content(await app.SendAsync(new UnusualAccess.Query(r.Actor, r.From, r.To), ct),
                UnusualAccessDocument.WritePdf, UnusualAccessDocument.WriteCsv),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such report"),
        };
    }

    /// <summary>Runs the report's query and, if it succeeds, writes the file (pages for a PDF); a refusal writes nothing.</summary>
    public static async Task<(IAnswer Result, int? Pages)> WriteAsync(SdsLedgerApp app, string name, ReportRequest r, bool pdf, string path,
                                                                    CancellationToken ct)
    {
        var content = await ReadAsync(app, name, r, ct);
        if (!content.Result.Succeeded) return (content.Result, null);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        // Written beside the target and moved over it, so a reader never sees half a report.
        var partial = path + ".partial";
        int? pages = null;
        using (var file = File.Create(partial))
        {
            if (pdf) pages = content.WritePdf(file);
            else
            {
                using var writer = new StreamWriter(file);
                content.WriteCsv(writer);
            }
        }
        File.Move(partial, path, overwrite: true);
        return (content.Result, pages);
    }

    private static ReportContent Content<T>(Result<T> result, Func<T, Stream, int> writePdf, Action<T, TextWriter> writeCsv) =>
        new(result, stream => writePdf(result.Value!, stream), writer => writeCsv(result.Value!, writer));
}
