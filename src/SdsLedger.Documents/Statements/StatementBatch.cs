using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Features.Statements;

namespace SdsLedger.Documents.Statements;

/// <summary>A statement that could not be written, and why.</summary>
public sealed record StatementFailure(string Reference, string Reason);

/// <summary>
/// Where a run's time went, summed over its workers (so together more than the run's own time when they overlap):
/// reading each statement from the database, laying it out (content and pages), and drawing and writing the files.
/// </summary>
public sealed record StatementBatchTimes(TimeSpan Reading, TimeSpan LayingOut, TimeSpan Writing);

public sealed record StatementBatchResult(
    int Written, IReadOnlyDictionary<StatementFormat, int> ByFormat, long Pages, int HtmlFiles, string IndexFile, TimeSpan Elapsed,
    StatementBatchTimes Times, IReadOnlyList<StatementFailure> Failed);

/// <summary>
/// Writes statements in parallel, each read on its own (and so audited) and written straight to its files: a PDF in the
/// person's format (or one format for everyone, when the run asks) and an HTML copy in the same words for everyone, the
/// version a screen reader can follow and the one to email. A worker holds one statement at a time, so memory stays flat
/// however many there are; the index keeps only each one's figures. Used by <c>sdsledger statements</c> and the
/// statements benchmark alike.
/// </summary>
public sealed class StatementBatch(SdsLedgerApp app, Actor actor, string outDir, StatementFormat? forEveryone, int workers)
{
    /// <summary>Rendering is CPU work and each read waits on the database, so two workers a core keep both busy.</summary>
    public static readonly int DefaultWorkers = Math.Max(2, Environment.ProcessorCount * 2);

    public const string IndexFileName = "index.csv";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public async Task<StatementBatchResult> RunAsync(IReadOnlyList<StatementDue> due, LocalDate from, LocalDate to, Action? done, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(due);
        var started = Stopwatch.GetTimestamp();
        Directory.CreateDirectory(outDir);
        var stems = FileStems(due);
        var entries = new StatementIndexEntry?[due.Count];
        var failed = new ConcurrentBag<(int Index, StatementFailure Failure)>();
        long reading = 0, layingOut = 0, writing = 0;

        await Parallel.ForEachAsync(Enumerable.Range(0, due.Count), new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = ct },
            async (i, token) =>
            {
                var t0 = Stopwatch.GetTimestamp();
                var result = await app.SendAsync(new PersonStatement.Query(actor, due[i].BudgetId, from, to), token);
                var t1 = Stopwatch.GetTimestamp();
                Interlocked.Add(ref reading, t1 - t0);
                if (!result.Succeeded)
                {
                    failed.Add((i, new StatementFailure(due[i].PersonReference, result.Refusal?.Reason ?? result.ToString())));
                    done?.Invoke();
                    return;
                }
                var statement = result.Value!;
                var format = StatementDocument.FormatFor(statement, forEveryone);
                var pdfFile = $"{stems[i]}-{format.Code()}.pdf";
                var htmlFile = $"{stems[i]}-{format.Code()}.html";
                var document = StatementDocument.Build(statement, format);
                var info = StatementDocument.Info(statement);
                using var pages = document.LayOut(info);
                var t2 = Stopwatch.GetTimestamp();
                Interlocked.Add(ref layingOut, t2 - t1);
                await using (var file = new FileStream(Path.Combine(outDir, pdfFile), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                    pages.WritePdf(file);
                await using (var html = new StreamWriter(Path.Combine(outDir, htmlFile), false, Utf8, 1 << 16))
                    document.WriteHtml(html, info);
                Interlocked.Add(ref writing, Stopwatch.GetTimestamp() - t2);
                entries[i] = StatementIndexEntry.For(statement, format, pdfFile, htmlFile, pages.PageCount);
                done?.Invoke();
            });

        var index = Path.Combine(outDir, IndexFileName);
        var written = entries.OfType<StatementIndexEntry>().ToList();
        await using (var writer = new StreamWriter(index))
            StatementIndex.Write(writer, written);
        return new StatementBatchResult(written.Count,
            StatementFormats.All.ToDictionary(f => f, f => written.Count(e => e.Format == f)),
            written.Sum(e => (long)e.Pages), written.Count, index, Stopwatch.GetElapsedTime(started),
            new StatementBatchTimes(Ticks(reading), Ticks(layingOut), Ticks(writing)),
            failed.OrderBy(f => f.Index).Select(f => f.Failure).ToList());
    }

    /// <summary>
    /// Each statement's file name without its format and extension: "NT-10201"; a person's test budget is
    /// "NT-10201-test"; any further budget of theirs gets a number.
    /// </summary>
    public static string[] FileStems(IReadOnlyList<StatementDue> due)
    {
        ArgumentNullException.ThrowIfNull(due);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        return due.Select(d =>
        {
            var stem = d.PersonReference + (d.IsTest ? "-test" : "");
            var name = stem;
            for (var n = 2; !used.Add(name); n++) name = $"{stem}-{n}";
            return name;
        }).ToArray();
    }

    private static TimeSpan Ticks(long stopwatchTicks) => Stopwatch.GetElapsedTime(0, stopwatchTicks);
}
