using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using NodaTime;
using Npgsql;
using NpgsqlTypes;
using SdsLedger.Banking.Payments;
using SdsLedger.Banking.Reconciliation;
using SdsLedger.Documents.Banking;
using SdsLedger.Domain;
using SdsLedger.Features.Banking;
using SdsLedger.Features.Payments;
using SdsLedger.LocalPostgres;

namespace SdsLedger.Bench;

internal sealed record BankingBenchOptions(int Budgets, long Postings, int Lines, int Runs, bool Rebuild, string? DataDirectory);

internal sealed record BankingFigures(string Server, int Cores, int Budgets, long Postings, bool Reused, double SetupSeconds,
                                      int LedgerItems, int BankLines, int Matched, int BankOnly, int LedgerOnly, double LoadSeconds, double MatchSeconds,
                                      LocalDate RunDate, int Payments, int Instalments, long PainBytes, long BacsBytes, double FilesSeconds, double WriteSeconds)
{
    public const double SecondsLimit = 5;

    public IReadOnlyList<Limit> Limits =>
    [
        new($"{BankLines:N0} bank lines matched against the ledger (load and match)", LoadSeconds + MatchSeconds, SecondsLimit, "s"),
        new($"payment run's files ({Payments:N0} payments, batch, pain.001, Bacs, remittance CSVs)", FilesSeconds + WriteSeconds, SecondsLimit, "s"),
    ];
}

/// <summary>
/// Real money on a council of 20,000 budgets and a ledger of 1,000,000 postings (the bench council of the reports
/// benchmark, in a database of its own). Matching: 100,000 bank lines made from the ledger's spends and instalments (a
/// day or two late, upper case and cut short as banks print them, a twentieth of them money with no record) against
/// every spend and instalment the ledger holds: one query loads the records, then the reconciler matches; median of
/// the runs. Payment files: the run of the last instalment date, after every earlier run's files are written (not
/// timed), through the same commands as 'sdsledger payment-files': the batch, the batch read back, the pain.001 and
/// Bacs files and a remittance advice CSV per payee (the remittance PDFs render at the statements benchmark's rate
/// and are not in the figure). Bank details are copied in for every receiver first.
/// </summary>
internal sealed class BankingBenchmark(BankingBenchOptions options, RunLog progress)
{
    public const string Database = "sdsledger_bench_banking";

    // Every spend and every instalment to a person or provider: what bank lines can be of.
    private const string RecordsSql = """
        SELECT e.id AS Id, e.effective_date AS Date, x.amount AS Amount, coalesce(s.payee, bp.holder_name) AS Payee
          FROM ledger.entries e
          JOIN ledger.postings x ON x.entry_id = e.id
          JOIN sds.budget_parts bp ON bp.held_account = x.account_id
          LEFT JOIN sds.spends s ON s.entry_id = e.id
         WHERE e.kind IN ('spend', 'instalment')
        """;

    public async Task<BankingFigures> RunAsync(CancellationToken ct)
    {
        var server = DatabaseServer.FromEnvironment(options.DataDirectory, progress.Report);
        var admin = await server.AdminConnectionStringAsync(ct: ct);
        var serverName = await BenchServer.DescribeAsync(server, admin, ct);
        var shape = new CouncilShape(options.Budgets, options.Postings, CouncilShape.DefaultAsOf);
        var db = await new BenchCouncil(progress).EnsureAsync(admin, Database, shape, options.Rebuild, ct);

        var (loadSeconds, matchSeconds, items, lines, result) = await MatchAsync(db.OwnerConnectionString, ct);
        var files = await PaymentFilesAsync(db, ct);
        return new BankingFigures(serverName, Environment.ProcessorCount, options.Budgets, db.Postings, db.Reused, db.SetupSeconds, items, lines,
            result.Matched.Count, result.BankOnly.Count, result.LedgerOnly.Count, loadSeconds, matchSeconds, files.RunDate, files.Payments, files.Instalments,
            files.PainBytes, files.BacsBytes, files.BatchSeconds, files.WriteSeconds);
    }

    private async Task<(double Load, double Match, int Items, int Lines, ReconciliationResult Result)> MatchAsync(string owner, CancellationToken ct)
    {
        var random = new Random(20261206);
        List<BankItem>? bank = null;
        var loads = new List<double>();
        var matches = new List<double>();
        ReconciliationResult? result = null;
        var items = 0;
        for (var run = 0; run < options.Runs; run++)
        {
            var started = Stopwatch.GetTimestamp();
            var ledger = new List<LedgerItem>();
            await using (var conn = new NpgsqlConnection(owner))
            {
                await conn.OpenAsync(ct);
                // Binary COPY out: the fastest way PostgreSQL hands over a few hundred thousand rows.
                await using var export = await conn.BeginBinaryExportAsync($"COPY ({RecordsSql}) TO STDOUT (FORMAT BINARY)", ct);
                while (await export.StartRowAsync(ct) > 0)
                {
                    var id = await export.ReadAsync<Guid>(NpgsqlDbType.Uuid, ct);
                    var date = await export.ReadAsync<DateOnly>(NpgsqlDbType.Date, ct);
                    var amount = await export.ReadAsync<long>(NpgsqlDbType.Bigint, ct);
                    var payee = await export.ReadAsync<string>(NpgsqlDbType.Text, ct);
                    ledger.Add(new LedgerItem(id.ToString(), LocalDate.FromDateOnly(date), Money.FromPence(amount), payee));
                }
            }
            loads.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
            items = ledger.Count;
            bank ??= Statement(ledger, random);
            if (run == 0) progress.Report($"Loaded {ledger.Count:N0} spends and instalments; matching {bank.Count:N0} bank lines, {options.Runs} runs.");

            started = Stopwatch.GetTimestamp();
            result = Reconciler.Reconcile(bank, ledger, MatchRules.Default);
            matches.Add(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        return (Median(loads), Median(matches), items, bank!.Count, result!);
    }

    /// <summary>Bank lines as a bank prints them: of the ledger's records, a day or two late, upper case, cut to 18 characters; a twentieth with no record.</summary>
    private List<BankItem> Statement(List<LedgerItem> ledger, Random random)
    {
        var lines = new List<BankItem>(options.Lines);
        var recorded = options.Lines - options.Lines / 20;
        foreach (var r in ledger.OrderBy(_ => random.Next()).Take(recorded))
        {
            var text = r.Payee.ToUpperInvariant();
            lines.Add(new BankItem($"B{lines.Count}", r.Date.PlusDays(random.Next(0, 3)), r.Amount, (text.Length > 18 ? text[..18] : text) + $" {random.Next(1000, 9999)}"));
        }
        while (lines.Count < options.Lines)
            lines.Add(new BankItem($"B{lines.Count}", ledger[random.Next(ledger.Count)].Date, Money.FromPence(-random.Next(100, 50_000)), $"CASH MACHINE {random.Next(1000, 9999)}"));
        return lines;
    }

    private sealed record FilesTiming(LocalDate RunDate, int Payments, int Instalments, long PainBytes, long BacsBytes, double BatchSeconds, double WriteSeconds);

    private async Task<FilesTiming> PaymentFilesAsync(BenchDatabase db, CancellationToken ct)
    {
        var owner = db.OwnerConnectionString;
        var councilId = db.Finance.CouncilId!.Value;
        DateOnly last, before;
        await using (var conn = new NpgsqlConnection(owner))
        {
            await conn.OpenAsync(ct);
            // A reused database starts again from no files and no bank details (the benchmark's own database; it runs as the owner).
            await conn.ExecuteAsync("""
                TRUNCATE sds.draft_spends, sds.bank_lines, sds.bank_statements, sds.payment_batch_instalments, sds.payment_batch_payments,
                         sds.payment_batches, sds.bank_details
                """);
            await CopyBankDetailsAsync(conn, councilId, ct);
            last = await conn.ExecuteScalarAsync<DateOnly>("SELECT max(effective_date) FROM ledger.entries WHERE kind = 'instalment'");
            before = last.AddDays(-28);
        }
        await using var app = SdsLedgerApp.Create(owner);
        progress.Report($"Writing every payment run's files up to {before:yyyy-MM-dd} (not timed).");
        Ok(await app.SendAsync(new WritePaymentFiles.Command(db.Finance, $"bench:files:{before:yyyy-MM-dd}:{Guid.NewGuid():N}", councilId, LocalDate.FromDateOnly(before)), ct));

        var runDate = LocalDate.FromDateOnly(last);
        progress.Report($"Writing the files of the run of {runDate:yyyy-MM-dd}.");
        var started = Stopwatch.GetTimestamp();
        var batch = Ok(await app.SendAsync(new WritePaymentFiles.Command(db.Finance, $"bench:files:{runDate:yyyy-MM-dd}:{Guid.NewGuid():N}", councilId, runDate), ct));
        var files = Ok(await app.SendAsync(new PaymentBatchFiles.Query(db.Finance, councilId, runDate), ct));
        var batchSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        started = Stopwatch.GetTimestamp();
        using var pain = new MemoryStream();
        Pain001Writer.Write(files.Batch, pain);
        using var bacs = new MemoryStream();
        BacsStandard18Writer.Write(files.Batch, bacs);
        foreach (var advice in files.Remittances)
        {
            using var writer = new StreamWriter(Stream.Null);
            RemittanceAdviceDocument.WriteCsv(advice, writer);
        }
        var writeSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new FilesTiming(runDate, batch.Payments, batch.Instalments, pain.Length, bacs.Length, batchSeconds, writeSeconds);
    }

    /// <summary>The council's account and one for every person and provider its parts pay, copied in (sort code and account numbers that pass the modulus check).</summary>
    private static async Task CopyBankDetailsAsync(NpgsqlConnection conn, Guid councilId, CancellationToken ct)
    {
        var people = (await conn.QueryAsync<(Guid Id, string Name)>(
            "SELECT DISTINCT pe.id, pe.name FROM sds.people pe JOIN sds.budget_parts p ON p.person_id = pe.id AND p.holder_kind = 'person'")).ToList();
        var providers = (await conn.QueryAsync<(Guid Id, string Name)>("SELECT id, name FROM sds.organisations")).ToList();
        await using var copy = await conn.BeginBinaryImportAsync(
            "COPY sds.bank_details (id, council_id, holder_kind, person_id, organisation_id, account_name, sort_code, account_number, service_user_number, recorded_by) FROM STDIN (FORMAT BINARY)", ct);
        async Task Row(string kind, Guid? person, Guid? organisation, string name, string sortCode, string number, string? sun)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(councilId, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(kind, NpgsqlDbType.Text, ct);
            if (person is { } p) await copy.WriteAsync(p, NpgsqlDbType.Uuid, ct); else await copy.WriteNullAsync(ct);
            if (organisation is { } o) await copy.WriteAsync(o, NpgsqlDbType.Uuid, ct); else await copy.WriteNullAsync(ct);
            await copy.WriteAsync(name, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(sortCode, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(number, NpgsqlDbType.Text, ct);
            if (sun is null) await copy.WriteNullAsync(ct); else await copy.WriteAsync(sun, NpgsqlDbType.Text, ct);
            await copy.WriteAsync("Bench finance officer", NpgsqlDbType.Text, ct);
        }
        await Row("council", null, null, "Bench Council SDS payments", "089999", "66374958", "123456");
        foreach (var (id, name) in people) await Row("person", id, null, name, "107999", "88837491", null);
        foreach (var (id, name) in providers) await Row("organisation", null, id, name + " client account", "107999", "88837491", null);
        await copy.CompleteAsync(ct);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static T Ok<T>(Pipeline.Result<T> result) => result.Succeeded ? result.Value! : throw new InvalidOperationException(result.ToString());

    public static string Table(BankingFigures f)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"SdsLedger banking benchmark on {f.Server}, {f.Cores} cores");
        text.AppendLine(CultureInfo.InvariantCulture, $"council of {f.Budgets:N0} budgets, {f.Postings:N0} postings ({(f.Reused ? $"database reused, built earlier in {f.SetupSeconds:N0} s" : $"database built now in {f.SetupSeconds:N0} s")})");
        text.AppendLine(CultureInfo.InvariantCulture, $"matching: {f.BankLines:N0} bank lines against {f.LedgerItems:N0} spends and instalments: {f.Matched:N0} matched, " +
                                                     $"{f.BankOnly:N0} with no record, {f.LedgerOnly:N0} records with no line; load {f.LoadSeconds:N2} s, match {f.MatchSeconds:N2} s (medians)");
        text.AppendLine(CultureInfo.InvariantCulture, $"payment files: run of {f.RunDate:yyyy-MM-dd}, {f.Payments:N0} payments of {f.Instalments:N0} instalments; batch and read back {f.FilesSeconds:N2} s, " +
                                                     $"pain.001 ({f.PainBytes / 1024:N0} KiB), Bacs ({f.BacsBytes / 1024:N0} KiB) and remittance CSVs {f.WriteSeconds:N2} s");
        text.AppendLine();
        foreach (var l in f.Limits)
            text.AppendLine(CultureInfo.InvariantCulture, $"{l.Name}  {l.Measured,6:N2} s  < {l.Under:N0} s  {(l.Met ? "PASS" : "MISS")}");
        return text.ToString();
    }

    public static string Json(BankingFigures f) => JsonSerializer.Serialize(new
    {
        benchmark = "banking",
        f.Server, f.Cores, f.Budgets, f.Postings, databaseReused = f.Reused, setupSeconds = Math.Round(f.SetupSeconds, 1),
        matching = new { f.LedgerItems, f.BankLines, f.Matched, f.BankOnly, f.LedgerOnly, loadSeconds = Math.Round(f.LoadSeconds, 3), matchSeconds = Math.Round(f.MatchSeconds, 3) },
        paymentFiles = new { runDate = f.RunDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), f.Payments, f.Instalments, f.PainBytes, f.BacsBytes,
                             batchSeconds = Math.Round(f.FilesSeconds, 3), writeSeconds = Math.Round(f.WriteSeconds, 3) },
        targets = f.Limits.Select(l => new { name = l.Name, measured = Math.Round(l.Measured, 3), under = l.Under, unit = l.Unit, met = l.Met }),
        allTargetsMet = f.Limits.All(l => l.Met),
    }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
}
