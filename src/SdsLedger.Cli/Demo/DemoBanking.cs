using System.Security.Cryptography;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using Npgsql;
using SdsLedger.Banking.Statements;
using SdsLedger.Cli.Verbs;
using SdsLedger.Documents.Banking;
using SdsLedger.Domain;
using SdsLedger.Features.Banking;
using SdsLedger.Features.Payments;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Cli.Demo;

/// <summary>The shape of samples/banking/bank-details.json: the council's account and the accounts instalments go to.</summary>
internal sealed record SampleBankDetails(SampleAccount Council, IReadOnlyList<SampleAccount> People, IReadOnlyList<SampleAccount> Organisations);

internal sealed record SampleAccount(string Name, string SortCode, string AccountNumber, string? ServiceUserNumber = null, string? Person = null, string? Organisation = null);

/// <summary>
/// Real money in the demo: records the sample bank details, writes the payment files of every payment run in turn (so
/// each run's file holds that run's instalments), writes the last run's files and remittance advices to out/, imports the
/// council's bank statement and a prepaid card feed shipped in samples/banking/, and writes their reconciliations and the
/// quarter's direct payment monitoring return. Every key is fixed, so a second run records nothing twice.
/// </summary>
internal sealed class DemoBanking(SdsLedgerApp app, NpgsqlDataSource dataSource, Actor finance, IReadOnlyList<string> paymentRuns)
{
    public const string CardHolder = "NT-10201";
    public static readonly LocalDate From = new(2026, 10, 1);
    public static readonly LocalDate To = new(2026, 12, 31);

    public async Task<IReadOnlyList<DemoFile>> WriteAsync(string samples, string outDir, CancellationToken ct)
    {
        var folder = Path.Combine(samples, "banking");
        var details = JsonSerializer.Deserialize<SampleBankDetails>(await File.ReadAllTextAsync(Path.Combine(folder, "bank-details.json"), ct), SdsJson.Options)!;
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            var c = details.Council;
            Value(await app.SendAsync(new RecordBankDetails.Command(finance, "demo:bank:council", BankHolder.Council, null, null, null, c.Name, c.SortCode, c.AccountNumber,
                ServiceUserNumber: c.ServiceUserNumber), ct));
            foreach (var p in details.People)
            {
                var person = await Handles.PersonAsync(conn, finance, p.Person!, ct) ?? throw new InvalidDataException($"bank-details.json names {p.Person}, who is not in the samples.");
                Value(await app.SendAsync(new RecordBankDetails.Command(finance, $"demo:bank:{p.Person}", BankHolder.Person, person.Id, null, null, p.Name, p.SortCode, p.AccountNumber), ct));
            }
            foreach (var o in details.Organisations)
            {
                var organisation = await Handles.OrganisationAsync(conn, finance, o.Organisation!, ct) ?? throw new InvalidDataException($"bank-details.json names {o.Organisation}, which is not in the samples.");
                Value(await app.SendAsync(new RecordBankDetails.Command(finance, $"demo:bank:{o.Organisation}", BankHolder.Organisation, null, null, organisation, o.Name,
                    o.SortCode, o.AccountNumber), ct));
            }
        }

        var written = new List<DemoFile>();
        PaymentFilesResult? last = null;
        foreach (var run in paymentRuns.Select(r => LocalDatePattern.Iso.Parse(r).Value).Order())
            last = Value(await app.SendAsync(new WritePaymentFiles.Command(finance, $"demo:files:{run:yyyy-MM-dd}", finance.CouncilId!.Value, run), ct));
        if (last?.BatchId is not null)
        {
            var files = Value(await app.SendAsync(new PaymentBatchFiles.Query(finance, finance.CouncilId!.Value, last.RunDate), ct));
            written.AddRange(PaymentFileSet.Write(files, outDir).Select(f => new DemoFile(f.Path, f.Pages)));
        }

        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        {
            var (cardHolder, _) = await StatementAccount.FindAsync(conn, finance, CardHolder, ct);
            var accounts = new[]
            {
                (Account: new StatementAccount(StatementAccountKind.Council), Name: "council", File: "council-statement.camt053.xml"),
                (Account: cardHolder!, Name: CardHolder, File: $"card-feed-{CardHolder}.csv"),
            };
            foreach (var (account, name, file) in accounts)
            {
                var bytes = await File.ReadAllBytesAsync(Path.Combine(folder, file), ct);
                var (statement, readAs) = StatementFile.Read(bytes);
                Value(await app.SendAsync(new ImportBankStatement.Command(finance, $"demo:statement:{file}", account, file,
                    Convert.ToHexStringLower(SHA256.HashData(bytes)), readAs, statement), ct));
                var view = Value(await app.SendAsync(new Reconcile.Query(finance, account, From, To), ct));
                foreach (var kind in new[] { "pdf", "csv" })
                {
                    var path = Path.Combine(outDir, $"reconciliation-{name}.{kind}");
                    BankingVerbs.WriteReconciliation(view, name == "council" ? "the council's payments account" : $"{name}'s prepaid card", path);
                    written.Add(new DemoFile(path, null));
                }
            }
        }

        var monitoring = Value(await app.SendAsync(new MonitoringReturn.Query(finance, From, To), ct));
        var pdf = Path.Combine(outDir, "monitoring-return-2026-Q4.pdf");
        await using (var file = File.Create(pdf)) written.Add(new DemoFile(pdf, MonitoringReturnDocument.WritePdf(monitoring, file)));
        var csv = Path.Combine(outDir, "monitoring-return-2026-Q4.csv");
        await using (var writer = new StreamWriter(csv)) MonitoringReturnDocument.WriteCsv(monitoring, writer);
        written.Add(new DemoFile(csv, null));
        return written;
    }

    private static T Value<T>(Result<T> result) =>
        result.Succeeded ? result.Value!
        : result.Refusal is { Code: Domain.Spending.RefusalCodes.IdempotencyConflict } ? throw new SampleCouncilChangedException()
        : throw new InvalidDataException($"The demo's banking did not run: {result}");
}
