using System.Collections.Concurrent;
using System.Diagnostics;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Features.Statements;

namespace SdsLedger.Documents.Statements;

/// <summary>A statement that could not be written, and why.</summary>
public sealed record StatementFailure(string Reference, string Reason);

public sealed record StatementBatchResult(int Written, int LargePrint, long Pages, string IndexFile, TimeSpan Elapsed, IReadOnlyList<StatementFailure> Failed);

/// <summary>
/// Renders statements in parallel, each read on its own (and so audited) and written straight to its file: a worker
/// holds one statement at a time, so memory stays flat however many there are. The index keeps only each one's figures.
/// Used by <c>sdsledger statements</c>, the demo and the statements benchmark alike.
/// </summary>
public sealed class StatementBatch(SdsLedgerApp app, Actor actor, string outDir, bool largePrint, int workers)
{
    /// <summary>Rendering is CPU work and each read waits on the database, so two workers a core keep both busy.</summary>
    public static readonly int DefaultWorkers = Math.Max(2, Environment.ProcessorCount * 2);

    public const string IndexFileName = "index.csv";

    public async Task<StatementBatchResult> RunAsync(IReadOnlyList<StatementDue> due, LocalDate from, LocalDate to, Action? done, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(due);
        var started = Stopwatch.GetTimestamp();
        Directory.CreateDirectory(outDir);
        var files = FileNames(due);
        var entries = new StatementIndexEntry?[due.Count];
        var failed = new ConcurrentBag<(int Index, StatementFailure Failure)>();

        await Parallel.ForEachAsync(Enumerable.Range(0, due.Count), new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = ct },
            async (i, token) =>
            {
                var result = await app.SendAsync(new PersonStatement.Query(actor, due[i].BudgetId, from, to), token);
                if (!result.Succeeded)
                {
                    failed.Add((i, new StatementFailure(due[i].PersonReference, result.Refusal?.Reason ?? result.ToString())));
                    done?.Invoke();
                    return;
                }
                var statement = result.Value!;
                var style = StatementDocument.StyleFor(statement, largePrint);
                int pages;
                await using (var file = new FileStream(Path.Combine(outDir, files[i]), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                    pages = StatementDocument.WritePdf(statement, style, file);
                entries[i] = StatementIndexEntry.For(statement, files[i], style == DocumentStyle.LargePrint, pages);
                done?.Invoke();
            });

        var index = Path.Combine(outDir, IndexFileName);
        var written = entries.OfType<StatementIndexEntry>().ToList();
        await using (var writer = new StreamWriter(index))
            StatementIndex.Write(writer, written);
        return new StatementBatchResult(written.Count, written.Count(e => e.LargePrint), written.Sum(e => (long)e.Pages), index,
            Stopwatch.GetElapsedTime(started), failed.OrderBy(f => f.Index).Select(f => f.Failure).ToList());
    }

    /// <summary>"NT-10201.pdf"; a person's test budget is "NT-10201-test.pdf"; any further budget of theirs gets a number.</summary>
    public static string[] FileNames(IReadOnlyList<StatementDue> due)
    {
        ArgumentNullException.ThrowIfNull(due);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        return due.Select(d =>
        {
            var stem = d.PersonReference + (d.IsTest ? "-test" : "");
            var name = stem + ".pdf";
            for (var n = 2; !used.Add(name); n++) name = $"{stem}-{n}.pdf";
            return name;
        }).ToArray();
    }
}
