using System.Diagnostics;
using NodaTime;
using SdsLedger.Documents.Statements;
using SdsLedger.Domain;
using SdsLedger.Features.Statements;
using SdsLedger.LocalPostgres;

namespace SdsLedger.Bench;

internal sealed record StatementBenchOptions(int Budgets, long Postings, int Workers, string? Out, bool Rebuild, string? DataDirectory);

internal sealed record StatementFigures(
    string Server, int Cores, int Budgets, long Postings, bool Reused, double SetupSeconds, LocalDate From, LocalDate To, int Workers,
    int Statements, IReadOnlyDictionary<StatementFormat, int> ByFormat, long Pages, long PdfBytes, int HtmlFiles, long HtmlBytes, int Failed,
    double Seconds, StatementBatchTimes Times, long PeakWorkingSet, bool PeakFromMeasuredRun, string Folder)
{
    public const long MemoryLimit = 500L << 20;
    public const double SecondsLimit = 30;

    public double PerSecond => Statements / Seconds;

    public IReadOnlyList<Limit> Limits =>
    [
        new("statements in all", Seconds, SecondsLimit, "s"),
        new("peak working set", PeakWorkingSet / (double)(1 << 20), MemoryLimit / (double)(1 << 20), "MiB"),
    ];
}

/// <summary>
/// Every statement a council of many budgets owes for a month, through the same code as <c>sdsledger statements</c>:
/// the statement run's query, then the statement batch reading each from the database and writing a PDF per budget in
/// its person's format (70% standard, 20% large print, 10% Easy Read), an HTML file for every one, and the index.
/// Timed from the query to the index written; the peak working set is the measured run's own.
/// </summary>
internal sealed class StatementBenchmark(StatementBenchOptions options, RunLog progress)
{
    public const string Database = "sdsledger_bench_statements";

    public async Task<StatementFigures> RunAsync(CancellationToken ct)
    {
        var server = DatabaseServer.FromEnvironment(options.DataDirectory, progress.Report);
        var admin = await server.AdminConnectionStringAsync(ct: ct);
        var serverName = await BenchServer.DescribeAsync(server, admin, ct);
        var shape = new CouncilShape(options.Budgets, options.Postings, CouncilShape.DefaultAsOf);
        var db = await new BenchCouncil(progress).EnsureAsync(admin, Database, shape, options.Rebuild, ct);

        // The month ending on the as-of day: every generated budget is running in it.
        var from = new LocalDate(shape.AsOf.Year, shape.AsOf.Month, 1);
        var to = from.PlusMonths(1).PlusDays(-1);
        var folder = Path.GetFullPath(options.Out ?? Path.Combine(Path.GetTempPath(), "sdsledger-bench-statements"));
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var peakReset = PeakMemory.Reset();
        progress.Report($"Rendering the statements for {from:MMMM yyyy} to {folder} with {options.Workers} workers.");
        var started = Stopwatch.GetTimestamp();
        await using var app = SdsLedgerApp.Create(db.OwnerConnectionString);
        var due = await app.SendAsync(new StatementRun.Query(db.Finance, from, to), ct);
        if (!due.Succeeded) throw new InvalidOperationException($"The statement run was refused: {due}");
        var done = 0;
        var batch = new StatementBatch(app, db.Finance, folder, forEveryone: null, options.Workers);
        var result = await batch.RunAsync(due.Value!, from, to, () =>
        {
            var n = Interlocked.Increment(ref done);
            if (n % 1_000 == 0) progress.Report($"  {n:N0} of {due.Value!.Count:N0} statements, {n / Stopwatch.GetElapsedTime(started).TotalSeconds:N0}/s.");
        }, ct);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var peak = PeakMemory.Read();

        var pdfBytes = new DirectoryInfo(folder).EnumerateFiles("*.pdf").Sum(f => f.Length);
        var htmlBytes = new DirectoryInfo(folder).EnumerateFiles("*.html").Sum(f => f.Length);
        progress.Report($"{result.Written:N0} statements, {result.Pages:N0} pages, {pdfBytes / (1 << 20):N0} MiB of PDF in {seconds:F1} s.");
        return new StatementFigures(serverName, Environment.ProcessorCount, options.Budgets, db.Postings, db.Reused, db.SetupSeconds, from, to,
            options.Workers, result.Written, result.ByFormat, result.Pages, pdfBytes, result.HtmlFiles, htmlBytes, result.Failed.Count, seconds,
            result.Times, peak, peakReset, folder);
    }
}

/// <summary>The process's peak resident memory (VmHWM), which Linux lets a process reset so that a run measures only itself.</summary>
internal static class PeakMemory
{
    /// <summary>Resets the peak to the memory held now; false where that is not possible (the peak is then the process's).</summary>
    public static bool Reset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static long Read()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null) return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
        }
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }
}
