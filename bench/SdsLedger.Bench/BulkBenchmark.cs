using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Features.Councils;
using SdsLedger.Features.Payments;
using SdsLedger.Features.Spending;
using SdsLedger.LocalPostgres;
using SdsLedger.Pipeline;

namespace SdsLedger.Bench;

internal sealed record BulkBenchOptions(int Budgets, long Postings, int Lines, bool Rebuild, string? DataDirectory);

internal sealed record BulkFigures(string Server, int Cores, int Budgets, long Postings, LocalDate RunDate, int InstalmentsPaid, int PartsPaid,
                                   Money TotalPaid, double PaymentRunSeconds, string Provider, int ProviderPeople, int Lines, int Imported,
                                   int BadLines, double ImportSeconds)
{
    public const double PaymentRunLimit = 10;
    public const double ImportLimit = 10;

    public IReadOnlyList<Limit> Limits =>
    [
        new($"payment run for {Budgets:N0} budgets", PaymentRunSeconds, PaymentRunLimit, "s"),
        new($"import of a {Lines:N0}-line month", ImportSeconds, ImportLimit, "s"),
    ];
}

/// <summary>
/// The two bulk jobs of a council's month, through the commands the CLI sends: the payment run for a council of many
/// budgets (every instalment due in four weeks), then a provider's month of spending imported as one file, every line
/// through every spending rule. Runs on a copy of a generated council, so the council itself is reused unchanged.
/// </summary>
internal sealed class BulkBenchmark(BulkBenchOptions options, RunLog progress)
{
    public const string Database = "sdsledger_bench_bulk";
    private const string Template = "sdsledger_bench_bulk_council";

    private const string ProviderParts = """
        SELECT pe.reference AS Person, p.id AS Part
          FROM sds.budget_parts p JOIN sds.budgets b ON b.id = p.budget_id JOIN sds.people pe ON pe.id = b.person_id
          JOIN ledger.balances bal ON bal.account_id = p.held_account
         WHERE p.holder_organisation_id = @Organisation AND p.option = 2 AND b.status = 'active'
           AND b.period_start <= @From AND b.period_end >= @To AND bal.posted >= @AtLeast
           AND EXISTS (SELECT FROM sds.plan_categories c WHERE c.budget_id = b.id AND c.category = 'personal-care')
         ORDER BY pe.reference
        """;

    private static readonly string[] Payees = ["Kirkton Home Support", "Bright Care Agency", "Community Café", "Men's Shed Kirkton",
        "Kirkton Leisure Centre", "Garden Helpers", "Tidy Homes", "Kirkton Taxis"];

    public async Task<BulkFigures> RunAsync(CancellationToken ct)
    {
        var server = DatabaseServer.FromEnvironment(options.DataDirectory, progress.Report);
        var admin = await server.AdminConnectionStringAsync(ct: ct);
        var serverName = await BenchServer.DescribeAsync(server, admin, ct);
        var shape = new CouncilShape(options.Budgets, options.Postings, CouncilShape.DefaultAsOf);
        var council = await new BenchCouncil(progress).EnsureAsync(admin, Template, shape, options.Rebuild, ct);

        progress.Report($"Copying {Template} to {Database}, so that the run and the import leave the generated council as it was.");
        NpgsqlConnection.ClearAllPools();
        await Databases.DropAsync(admin, Database, ct);
        await Databases.ExecuteAsync(admin, $"CREATE DATABASE {DatabaseServer.Quote(Database)} TEMPLATE {DatabaseServer.Quote(Template)}", ct);
        var owner = new NpgsqlConnectionStringBuilder(council.OwnerConnectionString) { Database = Database }.ConnectionString;
        await Databases.ExecuteAsync(owner, "VACUUM (ANALYZE)", ct);
        await using var app = SdsLedgerApp.Create(owner);
        var finance = council.Finance;

        // The payment run four weeks after the generated ledger's last day: every 4-weekly instalment falls due once.
        var runDate = shape.AsOf.PlusWeeks(4);
        progress.Report($"Payment run dated {runDate:yyyy-MM-dd} for the council's {options.Budgets:N0} budgets.");
        var started = Stopwatch.GetTimestamp();
        var run = Ok(await app.SendAsync(new PaymentRun.Command(finance, "bench:payment-run", finance.CouncilId!.Value, runDate, Confirmed: true), ct));
        var runSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        progress.Report($"  {run.InstalmentsPaid:N0} instalments to {run.Parts:N0} parts, {run.TotalPaid}, in {runSeconds:F2} s.");

        // The busiest option-2 provider's month: lines spread over the people whose money it holds, each small enough to pass every rule.
        var (providerId, providerCode) = await BusiestProviderAsync(owner, ct);
        var workerId = Ok(await app.SendAsync(new RegisterWorker.Command(finance, "bench:provider-worker", "bench-provider-finance", "Provider finance",
            Role.Provider, null, providerId), ct));
        var provider = new Actor(workerId, "Provider finance", Role.Provider, finance.CouncilId, providerId);
        var from = shape.AsOf.PlusDays(1);
        var to = runDate;
        IReadOnlyList<(string Person, Guid Part)> people;
        await using (var conn = new NpgsqlConnection(owner))
        {
            people = (await conn.QueryAsync<(string, Guid)>(ProviderParts, new
            {
                Organisation = providerId, From = from.ToDateOnly(), To = to.ToDateOnly(), AtLeast = 100_00L * ((options.Lines + 999) / 1_000),
            })).ToList();
        }
        if (people.Count == 0) throw new InvalidOperationException($"The provider {providerCode} holds no running budget with money to spend.");
        var lines = Lines(people, from, options.Lines);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"bench-import-{lines.Count}-{people.Count}")));
        progress.Report($"Importing {lines.Count:N0} lines for {people.Count:N0} people whose money {providerCode} holds.");
        started = Stopwatch.GetTimestamp();
        var imported = await app.SendAsync(new ImportSpends.Command(provider, "bench:import", "bench-month.csv", hash, lines, SkipBad: true), ct);
        var importSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var outcome = imported.Value ?? throw new InvalidOperationException($"The import was refused: {imported}");
        progress.Report($"  {outcome.Imported:N0} recorded, {outcome.Problems.Select(p => p.Line).Distinct().Count():N0} bad, in {importSeconds:F2} s.");
        if (outcome.Problems.FirstOrDefault() is { } first) progress.Report($"  First bad line: {first.Line} {first.Field}: {first.Message}");

        return new BulkFigures(serverName, Environment.ProcessorCount, options.Budgets, council.Postings, runDate, run.InstalmentsPaid, run.Parts, run.TotalPaid,
            runSeconds, providerCode, people.Count, lines.Count, outcome.Imported, outcome.Problems.Select(p => p.Line).Distinct().Count(), importSeconds);
    }

    /// <summary>
    /// A month's lines, dealt round the people in turn: small amounts (so no part runs out and no payee's week reaches the
    /// approval threshold), each to one of a few real-looking payees on one of the month's days, never twice the same.
    /// </summary>
    private static List<ImportSpends.Line> Lines(IReadOnlyList<(string Person, Guid Part)> people, LocalDate from, int count)
    {
        var lines = new List<ImportSpends.Line>(count);
        for (var i = 0; i < count; i++)
        {
            var (person, part) = people[i % people.Count];
            var round = i / people.Count;
            var date = from.PlusDays(round % 28);
            var pence = 500 + (i * 37 % 2_500);
            lines.Add(new ImportSpends.Line(i + 2, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), person, "", part.ToString(),
                (pence / 100m).ToString("0.00", CultureInfo.InvariantCulture), "personal-care", $"{Payees[round % Payees.Length]} {round / Payees.Length + 1}",
                $"Support visit {round + 1}"));
        }
        return lines;
    }

    private static async Task<(Guid Id, string Code)> BusiestProviderAsync(string owner, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(owner);
        return await conn.QuerySingleAsync<(Guid, string)>(new CommandDefinition("""
            SELECT o.id, o.code FROM sds.organisations o JOIN sds.budget_parts p ON p.holder_organisation_id = o.id AND p.option = 2
             GROUP BY o.id, o.code ORDER BY count(*) DESC, o.code LIMIT 1
            """, cancellationToken: ct));
    }

    private static T Ok<T>(Result<T> result) => result.Succeeded ? result.Value! : throw new InvalidOperationException(result.ToString());

    public static string Table(BulkFigures f)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"SdsLedger bulk benchmark on {f.Server}, {f.Cores} cores: a council of {f.Budgets:N0} budgets and {f.Postings:N0} postings");
        text.AppendLine(CultureInfo.InvariantCulture, $"payment run dated {f.RunDate:yyyy-MM-dd}: {f.InstalmentsPaid:N0} instalments to {f.PartsPaid:N0} parts, {f.TotalPaid}");
        text.AppendLine(CultureInfo.InvariantCulture, $"import: {f.Lines:N0} lines from {f.Provider} for {f.ProviderPeople:N0} people, {f.Imported:N0} recorded, {f.BadLines:N0} bad");
        text.AppendLine();
        foreach (var l in f.Limits)
            text.AppendLine(CultureInfo.InvariantCulture, $"{l.Name,-40}  {l.Measured,7:N2} s  < {l.Under:N0} s  {(l.Met ? "PASS" : "MISS")}");
        return text.ToString();
    }

    public static string Json(BulkFigures f) => JsonSerializer.Serialize(new
    {
        server = f.Server, cores = f.Cores, budgets = f.Budgets, postings = f.Postings,
        paymentRun = new { runDate = f.RunDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), instalments = f.InstalmentsPaid, parts = f.PartsPaid,
                           totalPence = f.TotalPaid.Pence, seconds = Math.Round(f.PaymentRunSeconds, 3), under = BulkFigures.PaymentRunLimit },
        import = new { provider = f.Provider, people = f.ProviderPeople, lines = f.Lines, imported = f.Imported, badLines = f.BadLines,
                       seconds = Math.Round(f.ImportSeconds, 3), under = BulkFigures.ImportLimit },
        limits = f.Limits.Select(l => new { name = l.Name, measured = Math.Round(l.Measured, 3), under = l.Under, met = l.Met }),
    }, new JsonSerializerOptions { WriteIndented = true });
}
