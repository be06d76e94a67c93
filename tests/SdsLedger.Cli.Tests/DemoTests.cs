using Dapper;
using Npgsql;
using SdsLedger.Testing;
using UglyToad.PdfPig;

namespace SdsLedger.Cli.Tests;

/// <summary>sdsledger demo, run twice on one database: the sample council once, its statements and reports each time.</summary>
public sealed class DemoTests : IAsyncLifetime
{
    private static readonly string[] UnusualAccessHeader =
        ["kind", "at", "who", "role", "person_reference", "person_name", "reason_or_action", "open_until", "looks_while_open"];

    private static readonly string[] Reports = ["caseload", "provider-return", "overview", "surplus", "test-budgets", "unusual-access"];

    // A4 in PDF points, either way round.
    private const double A4Short = 595.0, A4Long = 842.0;

    private readonly FreshDatabase _db = new();
    private CommandRun _sdsledger = null!;
    private string _out = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _sdsledger = new CommandRun().With("SDSLEDGER_DB", _db.ConnectionString);
        _out = Path.Combine(_sdsledger.Folder, "out");
    }

    public async Task DisposeAsync()
    {
        _sdsledger.Dispose();
        await _db.DisposeAsync();
    }

    private Task<CommandResult> DemoAsync() =>
        _sdsledger.RunAsync("demo", "--out", _out, "--samples", Path.Combine(RepositoryRoot.Path, "samples"));

    // The last payment run pays 13 receivers: a remittance advice each as PDF and CSV, with the pain.001 and Bacs files; two
    // reconciliations and the monitoring return, each as PDF and CSV.
    private const int BankingFiles = 2 + 13 * 2 + 2 * 2 + 2;

    [Fact]
    public async Task Demo_writes_a_statement_in_each_format_as_pdf_and_html_and_every_report_as_pdf_and_csv_and_says_where()
    {
        var result = await DemoAsync();

        result.ExitCode.Should().Be(ExitCodes.Ok, result.Everything);
        result.Output.Should().Contain("dotnet run --project src/SdsLedger.Web").And.Contain("sign-in-link --as sw-amacdonald");
        var files = Directory.GetFiles(_out).Select(Path.GetFileName).ToList();
        files.Should().HaveCount(18 + BankingFiles);
        foreach (var format in new[] { "standard", "large-print", "easy-read" })
        foreach (var extension in new[] { "pdf", "html" })
            files.Should().ContainSingle(f => f!.StartsWith("statement-", StringComparison.Ordinal) && f.EndsWith($"-{format}.{extension}", StringComparison.Ordinal));
        foreach (var report in Reports) files.Should().Contain([$"{report}.pdf", $"{report}.csv"]);

        foreach (var pdf in Directory.GetFiles(_out, "*.pdf"))
        {
            using var document = PdfDocument.Open(pdf);
            document.NumberOfPages.Should().BeGreaterThan(0, pdf);
            foreach (var page in document.GetPages())
            {
                new[] { page.Width, page.Height }.Order().Should().Equal([A4Short, A4Long], (a, b) => Math.Abs(a - b) < 1, $"{pdf} is A4");
                // Spaces are gaps between letters in a PDF, not characters, so compare without them.
                string.Concat(page.Text.Where(c => !char.IsWhiteSpace(c))).Should().Contain($"Page{page.Number}of{document.NumberOfPages}");
            }
        }
        // The statements use their pages: the targets, measured from the PDFs.
        Pages("statement-NT-10221-standard.pdf").Should().BeLessThanOrEqualTo(3, "seven spends in three parts fit on three pages");
        Pages("statement-NT-10223-large-print.pdf").Should().BeLessThanOrEqualTo(5, "five spends in three parts fit on five pages of large print");
        foreach (var statement in Directory.GetFiles(_out, "statement-*.pdf"))
        {
            using var document = PdfDocument.Open(statement);
            var pages = document.GetPages().ToList();
            foreach (var page in pages.SkipLast(1))
                Fill(page).Should().BeGreaterThanOrEqualTo(0.5, $"page {page.Number} of {Path.GetFileName(statement)} is at least half full");
        }
        using (var caseload = PdfDocument.Open(Path.Combine(_out, "caseload.pdf")))
            string.Concat(caseload.GetPage(1).Text.Where(c => !char.IsWhiteSpace(c))).Should().Contain("PersonAllocatedSpent", "the caseload's table starts on page 1");

        // The demo's staff never open a record off their caseload in the demo's past period, so that report is its header alone.
        foreach (var csv in Directory.GetFiles(_out, "*.csv").Where(f => Path.GetFileName(f) != "unusual-access.csv"))
            (await File.ReadAllLinesAsync(csv)).Should().HaveCountGreaterThan(1, $"{csv} has a header and figures");
        (await File.ReadAllLinesAsync(Path.Combine(_out, "unusual-access.csv"))).Should().Equal(string.Join(',', UnusualAccessHeader));

        var lines = result.Output.TrimEnd().Split('\n').Select(l => l.Trim()).ToList();
        var documents = lines.FindIndex(l => l.StartsWith($"Wrote 18 files to {_out}", StringComparison.Ordinal));
        var banking = lines.FindIndex(l => l.StartsWith($"Wrote {BankingFiles} files of real money", StringComparison.Ordinal));
        documents.Should().BeGreaterThan(0, result.Output);
        banking.Should().Be(documents + 19, result.Output);
        lines.Skip(documents + 1).Take(18).Concat(lines.Skip(banking + 1)).Select(l => l.Split(' ')[0]).Should().BeEquivalentTo(files);
        files.Should().Contain(["payments-2026-10-27.pain001.xml", "payments-2026-10-27.bacs18.txt", "reconciliation-council.pdf", "reconciliation-NT-10201.csv",
            "monitoring-return-2026-Q4.pdf"]);
        var council = await File.ReadAllTextAsync(Path.Combine(_out, "reconciliation-council.csv"));
        council.Split('\n').Count(l => l.StartsWith("matched,", StringComparison.Ordinal)).Should().Be(12, "the sample statement shows 12 of the run's 13 payments");
        council.Should().Contain("bank-only,2026-10-30,-25.00,Bacs bureau charge October").And.Contain("ledger-only,,,,payment,2026-10-27,-199.45,Moira McIntyre");
        var card = await File.ReadAllTextAsync(Path.Combine(_out, "reconciliation-NT-10201.csv"));
        card.Split('\n').Count(l => l.StartsWith("bank-only,", StringComparison.Ordinal)).Should().Be(3, "three card purchases were never recorded and wait as draft spends");
    }

    [Fact]
    public async Task Demo_run_again_writes_nothing_twice_to_the_database_and_replaces_its_files()
    {
        var first = await DemoAsync();
        var afterFirst = await CountsAsync();
        var pain001 = await File.ReadAllBytesAsync(Path.Combine(_out, "payments-2026-10-27.pain001.xml"));
        var bacs = await File.ReadAllBytesAsync(Path.Combine(_out, "payments-2026-10-27.bacs18.txt"));
        File.Delete(Path.Combine(_out, "overview.pdf"));

        var second = await DemoAsync();

        first.ExitCode.Should().Be(ExitCodes.Ok, first.Everything);
        second.ExitCode.Should().Be(ExitCodes.Ok, second.Everything);
        (await CountsAsync()).Should().Be(afterFirst);
        second.Output.Should().Contain($"Wrote 18 files to {_out}");
        Directory.GetFiles(_out).Should().HaveCount(18 + BankingFiles).And.Contain(Path.Combine(_out, "overview.pdf"));
        (await File.ReadAllBytesAsync(Path.Combine(_out, "payments-2026-10-27.pain001.xml"))).Should().Equal(pain001, "the same run writes the same payment file");
        (await File.ReadAllBytesAsync(Path.Combine(_out, "payments-2026-10-27.bacs18.txt"))).Should().Equal(bacs);
    }

    private int Pages(string file)
    {
        using var document = PdfDocument.Open(Path.Combine(_out, file));
        return document.NumberOfPages;
    }

    // From the running head's baseline down to the last line of the body, as a share of the way to the page number's baseline.
    private static double Fill(UglyToad.PdfPig.Content.Page page)
    {
        var baselines = page.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)).Select(l => l.StartBaseLine.Y).Distinct().OrderDescending().ToList();
        var (head, foot) = (baselines[0], baselines[^1]);
        var lowest = baselines.Count > 2 ? baselines[^2] : head;
        return (head - lowest) / (head - foot);
    }

    private async Task<(long Entries, long Postings, long Spends, long Answers)> CountsAsync()
    {
        await using var conn = new NpgsqlConnection(_db.ConnectionString);
        return await conn.QuerySingleAsync<(long, long, long, long)>("""
            SELECT (SELECT count(*) FROM ledger.entries), (SELECT count(*) FROM ledger.postings),
                   (SELECT count(*) FROM sds.spends), (SELECT count(*) FROM sds.command_results) + (SELECT count(*) FROM sds.payment_batch_instalments)
                   + (SELECT count(*) FROM sds.bank_lines) + (SELECT count(*) FROM sds.draft_spends)
            """);
    }
}
