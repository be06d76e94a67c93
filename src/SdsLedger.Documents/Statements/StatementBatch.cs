using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using Microsoft.Win32.SafeHandles;
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
/// Writes statements in parallel: readers read them from the database a batch at a time (one transaction and one audited
/// read of up to <see cref="ReadBatch"/> statements, each person's read recorded on its own), and renderers write each
/// straight to its files: a PDF in the person's format (or one format for everyone, when the run asks) and an HTML copy in
/// the same words for everyone, the version a screen reader can follow and the one to email. Reading and rendering overlap
/// through a bounded queue, so the database and the processors are busy at once and memory stays flat however many there
/// are; the index keeps only each one's figures. Used by <c>sdsledger statements</c> and the statements benchmark alike.
/// </summary>
public sealed class StatementBatch(SdsLedgerApp app, Actor actor, string outDir, StatementFormat? forEveryone, int workers)
{
    /// <summary>Rendering is CPU work: one renderer a core (the readers wait on the database meanwhile).</summary>
    public static readonly int DefaultWorkers = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Statements read in one transaction: enough that a read's fixed cost (transaction, checks, audit) is shared.</summary>
    public const int ReadBatch = 100;

    /// <summary>Batches read at once: one read runs in the database while the last one's rows are turned into statements.</summary>
    public const int Readers = 2;

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
        // At most two batches wait to be rendered, so memory holds a few hundred statements at most.
        var queue = Channel.CreateBounded<(int Index, StatementView Statement)>(new BoundedChannelOptions(2 * ReadBatch)
        {
            SingleReader = false, SingleWriter = false, FullMode = BoundedChannelFullMode.Wait,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var batches = Enumerable.Range(0, (due.Count + ReadBatch - 1) / ReadBatch)
            .Select(b => Enumerable.Range(b * ReadBatch, Math.Min(ReadBatch, due.Count - b * ReadBatch)).ToArray());
        var read = Task.Run(async () =>
        {
            try
            {
                await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = Readers, CancellationToken = stop.Token },
                    async (indexes, token) =>
                    {
                        var t0 = Stopwatch.GetTimestamp();
                        var result = await app.SendAsync(new PersonStatement.Batch(actor, indexes.Select(i => due[i].BudgetId).ToArray(), from, to), token);
                        Interlocked.Add(ref reading, Stopwatch.GetTimestamp() - t0);
                        for (var k = 0; k < indexes.Length; k++)
                        {
                            var i = indexes[k];
                            var one = result.Succeeded ? result.Value![k] : null;
                            if (one?.Statement is { } statement)
                            {
                                await queue.Writer.WriteAsync((i, statement), token);
                                continue;
                            }
                            failed.Add((i, new StatementFailure(due[i].PersonReference, one?.Refusal?.Reason ?? result.Refusal?.Reason ?? result.ToString())));
                            done?.Invoke();
                        }
                    });
            }
            finally
            {
                queue.Writer.TryComplete();
            }
        }, stop.Token);

        var render = Enumerable.Range(0, Math.Max(1, workers)).Select(_ => Task.Run(async () =>
        {
            // Each renderer's files are made in memory, in a buffer it keeps, and written in one call.
            using var buffer = new MemoryStream(1 << 17);
            try
            {
                await foreach (var (i, statement) in queue.Reader.ReadAllAsync(stop.Token))
                {
                    var (laidOut, written) = Write(statement, stems[i], i, entries, buffer);
                    Interlocked.Add(ref layingOut, laidOut);
                    Interlocked.Add(ref writing, written);
                    done?.Invoke();
                }
            }
            catch
            {
                // A renderer that fails stops the readers too, rather than leaving them waiting on a full queue.
                await stop.CancelAsync();
                throw;
            }
        }, stop.Token)).ToList();

        await Task.WhenAll([read, .. render]);

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

    /// <summary>Lays out and writes one statement's files; returns the stopwatch ticks spent laying out and writing.</summary>
    private (long LayingOut, long Writing) Write(StatementView statement, string stem, int i, StatementIndexEntry?[] entries, MemoryStream buffer)
    {
        var t1 = Stopwatch.GetTimestamp();
        var format = StatementDocument.FormatFor(statement, forEveryone);
        var pdfFile = $"{stem}-{format.Code()}.pdf";
        var htmlFile = $"{stem}-{format.Code()}.html";
        var document = StatementDocument.Build(statement, format);
        var info = StatementDocument.Info(statement);
        using var pages = document.LayOut(info);
        var t2 = Stopwatch.GetTimestamp();
        buffer.SetLength(0);
        pages.WritePdf(buffer);
        WriteFile(Path.Combine(outDir, pdfFile), buffer);
        buffer.SetLength(0);
        using (var html = new StreamWriter(buffer, Utf8, 1 << 14, leaveOpen: true))
            document.WriteHtml(html, info);
        WriteFile(Path.Combine(outDir, htmlFile), buffer);
        entries[i] = StatementIndexEntry.For(statement, format, pdfFile, htmlFile, pages.PageCount);
        return (t2 - t1, Stopwatch.GetTimestamp() - t2);
    }

    /// <summary>
    /// Writes a file in one call, made afresh where it is new. FileMode.Create truncates the file it has just opened, and
    /// on ext4 a file truncated to nothing is flushed to disk when it is closed (opening, closing and writing the files
    /// were 8% of a statement run's CPU samples); a file already there from an earlier run is replaced as before.
    /// </summary>
    private static void WriteFile(string path, MemoryStream content)
    {
        SafeFileHandle file;
        try
        {
            file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write);
        }
        catch (IOException) when (File.Exists(path))
        {
            file = File.OpenHandle(path, FileMode.Create, FileAccess.Write);
        }
        using (file)
            RandomAccess.Write(file, content.GetBuffer().AsSpan(0, (int)content.Length), fileOffset: 0);
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
