using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using NodaTime;
using SdsLedger.Documents.People;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.Councils;
using SdsLedger.Features.Payments;
using SdsLedger.Features.People;
using SdsLedger.Features.Plans;
using SdsLedger.Features.Spending;
using SdsLedger.LocalPostgres;
using SdsLedger.Pipeline;

namespace SdsLedger.Bench;

internal sealed record ExportBenchOptions(int Budgets, long Postings, int Runs, bool Rebuild, string? DataDirectory);

internal sealed record ExportFigures(string Server, int Cores, int Budgets, long Postings, bool Reused, double SetupSeconds, bool PersonReused,
                                     double PersonSeconds, int Years, long PersonRows, int LedgerLines, long JsonBytes, int Pages,
                                     IReadOnlyList<double> RunSeconds, double QuerySeconds)
{
    public const double SecondsLimit = 2;

    public double Median => RunSeconds.Order().ElementAt(RunSeconds.Count / 2);

    public double Worst => RunSeconds.Max();

    public string Table() => $"""
        SdsLedger subject access export benchmark on {Server}, {Cores} cores
        a person with {Years} years of history (their own council, {(PersonReused ? "reused" : $"made through the commands in {PersonSeconds:F0} s")}) in the database
        of a council of {Budgets:N0} budgets and {Postings:N0} postings ({(Reused ? "reused" : $"generated in {SetupSeconds:F0} s")})
        export: {PersonRows:N0} rows about them, {LedgerLines:N0} ledger lines; JSON {JsonBytes / 1024.0:N0} KiB, PDF {Pages} pages

        export (query, JSON and PDF), median of {RunSeconds.Count}  {Median,6:F2} s  < {SecondsLimit:F0} s  {(Median < SecondsLimit ? "PASS" : "MISS")}
        worst                                {Worst,6:F2} s
        of which the query (median)          {QuerySeconds,6:F2} s

        """;

    public string Json() => JsonSerializer.Serialize(new
    {
        server = Server, cores = Cores, budgets = Budgets, postings = Postings, reused = Reused, years = Years, personRows = PersonRows,
        ledgerLines = LedgerLines, jsonBytes = JsonBytes, pages = Pages, runSeconds = RunSeconds, medianSeconds = Median, worstSeconds = Worst,
        querySeconds = QuerySeconds, met = Median < SecondsLimit,
    });
}

/// <summary>
/// A subject access export (<c>sdsledger person export</c>: the query through the pipeline, audited, then the JSON and the
/// PDF written) of a person with five years of history, in the database of the 20,000-budget council the web benchmark
/// uses, so every table the export reads is the size a council's would be. The person is made once through the
/// commands, year by year as the council would have made them (budget, plan, payment runs every four weeks, two or three
/// spends a week), in a council of their own so the payment runs touch only them; then reused.
/// </summary>
internal sealed class ExportBenchmark(ExportBenchOptions options, RunLog progress)
{
    public const string Reference = "SAR-5-YEARS";
    private const int Years = 5;
    private static readonly LocalDate FirstYear = new(2021, 4, 1);

    public async Task<ExportFigures> RunAsync(CancellationToken ct)
    {
        var server = DatabaseServer.FromEnvironment(options.DataDirectory, progress.Report);
        var admin = await server.AdminConnectionStringAsync(ct: ct);
        var serverName = await BenchServer.DescribeAsync(server, admin, ct);
        var db = await new BenchCouncil(progress).EnsureAsync(admin, WebBenchmark.Database,
            new CouncilShape(options.Budgets, options.Postings, CouncilShape.DefaultAsOf), options.Rebuild, ct);

        var started = Stopwatch.GetTimestamp();
        var (person, finance, reused) = await PersonAsync(db.OwnerConnectionString, ct);
        var personSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        await using var app = SdsLedgerApp.Create(db.OwnerConnectionString);
        var folder = Path.Combine(Path.GetTempPath(), $"sdsledger-export-bench-{Environment.ProcessId}");
        var runs = new List<double>();
        var queries = new List<double>();
        PersonExportView? view = null;
        SubjectAccessFiles? files = null;
        try
        {
            // The first run is unmeasured: it warms the caches and the code, as any run after the first would find them.
            for (var run = 0; run <= options.Runs; run++)
            {
                var start = Stopwatch.GetTimestamp();
                var result = await app.SendAsync(new PersonExport.Query(finance, person), ct);
                if (!result.Succeeded) throw new InvalidOperationException($"The export was refused: {result}");
                var query = Stopwatch.GetElapsedTime(start).TotalSeconds;
                view = result.Value!;
                files = await SubjectAccessDocument.WriteFilesAsync(view, folder, ct);
                if (run == 0) continue;
                runs.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
                queries.Add(query);
                progress.Report($"  export {run} of {options.Runs}: {runs[^1]:F2} s (query {query:F2} s).");
            }
            return new ExportFigures(serverName, Environment.ProcessorCount, options.Budgets, db.Postings, db.Reused, db.SetupSeconds, reused, personSeconds,
                Years, view!.Tables.Values.Sum(t => (long)t.Count), view.Ledger.Count, new FileInfo(files!.Json).Length, files.Pages, runs,
                queries.Order().ElementAt(queries.Count / 2));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The person with five years of history, made now if the database does not hold them yet.</summary>
    private async Task<(Guid Person, Actor Finance, bool Reused)> PersonAsync(string owner, CancellationToken ct)
    {
        await using (var conn = new NpgsqlConnection(owner))
        {
            await conn.OpenAsync(ct);
            await using var find = new NpgsqlCommand("""
                SELECT p.id, p.council_id, w.id, w.name FROM sds.people p
                  JOIN sds.workers w ON w.council_id = p.council_id AND w.role = 'council-finance'
                 WHERE p.reference = $1 LIMIT 1
                """, conn) { Parameters = { new() { Value = Reference } } };
            await using var row = await find.ExecuteReaderAsync(ct);
            if (await row.ReadAsync(ct))
            {
                progress.Report($"Reusing {Reference}, a person with {Years} years of history.");
                return (row.GetGuid(0), new Actor(row.GetGuid(2), row.GetString(3), Role.CouncilFinance, row.GetGuid(1)), true);
            }
        }
        progress.Report($"Making {Reference}: {Years} years of budgets, payment runs and spends through the commands (once, then reused).");
        return await MakePersonAsync(owner, ct);
    }

    private static async Task<(Guid Person, Actor Finance, bool Reused)> MakePersonAsync(string owner, CancellationToken ct)
    {
        var clock = new SettableClock(FirstYear);
        await using var app = SdsLedgerApp.Create(owner, clock);
        var keys = 0;
        string Key() => $"sar-bench-{++keys}";
        var setup = new Actor(Guid.CreateVersion7(), "Morag Finance", Role.CouncilFinance, null);
        var council = Ok(await app.SendAsync(new SetUpCouncil.Command(setup, Key(), "sar-bench", "Subject Access Bench Council", "SDS team, 01234 567890",
            "sar-finance"), ct));
        var finance = setup with { CouncilId = council };
        var workerId = Ok(await app.SendAsync(new RegisterWorker.Command(finance, Key(), "sar-worker", "Iain Worker", Role.SocialWorker, council, null), ct));
        var worker = new Actor(workerId, "Iain Worker", Role.SocialWorker, council);
        var person = Ok(await app.SendAsync(new RegisterPerson.Command(worker, Key(), Reference, "Alex Sample", new LocalDate(1979, 6, 12),
            "4 Harbour Row, Kirkton", StatementFormat.Standard, workerId), ct));
        var self = Actor.Person(person, "Alex Sample", council);
        string[] payees = ["Kirkton Leisure Centre", "Harbour Cafe", "Bus pass office", "Kirkton Library", "Art class", "Gym"];

        for (var year = 0; year < Years; year++)
        {
            var start = FirstYear.PlusYears(year);
            clock.Today = start;
            var budget = Ok(await app.SendAsync(new CreateBudget.Command(worker, Key(), person, start, start.PlusYears(1).PlusDays(-1),
                [new PartSpec(SdsOption.DirectPayment, HolderKind.Person, Money.FromPounds(10_400), InstalmentWeeks: 4)]), ct));
            Ok(await app.SendAsync(new AgreeSupportPlan.Command(worker, Key(), budget.BudgetId, start,
                [new Outcome("Get out to the shops and the pool on my own"), new Outcome("Keep in touch with my sister")],
                [new PlanCategory("leisure")]), ct));
            Ok(await app.SendAsync(new ActivateBudget.Command(finance, Key(), budget.BudgetId), ct));
            for (var week = 0; week < 52; week++)
            {
                var monday = start.PlusWeeks(week);
                clock.Today = monday;
                if (week % 4 == 0) Ok(await app.SendAsync(new PaymentRun.Command(finance, Key(), council, monday, Confirmed: true), ct));
                for (var n = 0; n < 2 + week % 2; n++)
                {
                    var day = monday.PlusDays(n * 2);
                    clock.Today = day;
                    var pence = 1_500 + (year * 52 + week) * 7 % 2_500 + n * 100;
                    Ok(await app.SendAsync(new RecordSpend.Command(self, Key(), budget.PartIds[0], Money.FromPence(pence), "leisure",
                        payees[(week + n) % payees.Length], day, $"Week {week + 1} of year {year + 1}: {(n == 0 ? "swimming" : "a day out")}"), ct));
                }
            }
        }
        return (person, finance, false);
    }

    private static T Ok<T>(Result<T> result) => result.Succeeded ? result.Value! : throw new InvalidOperationException(result.ToString());

    /// <summary>The council's clock, moved on day by day as the five years are made, at ten in the morning in Scotland.</summary>
    private sealed class SettableClock(LocalDate today) : IClock
    {
        public LocalDate Today { get; set; } = today;

        public Instant GetCurrentInstant() => Today.At(new LocalTime(10, 0)).InZoneLeniently(DateTimeZoneProviders.Tzdb["Europe/London"]).ToInstant();
    }
}
