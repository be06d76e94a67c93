using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using NodaTime;
using SdsLedger.Features.People;
using SdsLedger.Ledger;
using SdsLedger.LocalPostgres;

namespace SdsLedger.Bench;

internal sealed record RetentionBenchOptions(int Budgets, long Postings, bool Rebuild, string? DataDirectory);

internal sealed record RetentionFigures(string Server, int Cores, int Budgets, long Postings, bool Reused, double SetupSeconds, long AuditRows,
                                        long StoredAnswers, LocalDate Today, int Due, double DryRunSeconds, double RunSeconds, int Erased,
                                        bool AuditPassed, bool TrialBalanceUnchanged, long NamesLeft)
{
    public const double SecondsLimit = 60;

    public bool Met => RunSeconds < SecondsLimit && Erased == Due && AuditPassed && TrialBalanceUnchanged && NamesLeft == 0;

    public string Table() => $"""
        SdsLedger retention benchmark on {Server}, {Cores} cores
        a copy of the statements council: {Budgets:N0} budgets, {Postings:N0} postings ({(Reused ? "reused" : $"generated in {SetupSeconds:F0} s")}),
        {AuditRows:N0} audit rows and {StoredAnswers:N0} stored answers to search; retention run as of {Today:d MMMM yyyy}: {Due:N0} people past their time

        dry run (who and why, nothing written)   {DryRunSeconds,7:F2} s
        retention run: {Erased:N0} people erased   {RunSeconds,7:F2} s  < {SecondsLimit:F0} s  {(RunSeconds < SecondsLimit ? "PASS" : "MISS")}
        afterwards: ledger audit {(AuditPassed ? "passes" : "FAILS")}; trial balance {(TrialBalanceUnchanged ? "unchanged" : "CHANGED")}; people still named: {NamesLeft:N0}

        """;

    public string Json() => JsonSerializer.Serialize(new
    {
        server = Server, cores = Cores, budgets = Budgets, postings = Postings, reused = Reused, auditRows = AuditRows, storedAnswers = StoredAnswers,
        today = Today.ToString("yyyy-MM-dd", null), due = Due, dryRunSeconds = DryRunSeconds, runSeconds = RunSeconds, erased = Erased,
        auditPassed = AuditPassed, trialBalanceUnchanged = TrialBalanceUnchanged, namesLeft = NamesLeft, met = Met,
    });
}

/// <summary>
/// A council's retention run (<c>sdsledger retention run</c>) over every person of the statements benchmark's council
/// (10,000 budgets and a year of money, generated once, then reused), in a fresh copy of its database so the original
/// stays whole: the run is as of a day six years after the last budget ended, so everyone is due. A dry run first, then
/// the run; afterwards the ledger's audit must pass, the trial balance must be as before and nobody may still be named.
/// </summary>
internal sealed class RetentionBenchmark(RetentionBenchOptions options, RunLog progress)
{
    public const string Database = "sdsledger_bench_retention";

    private static readonly Instant RunAt = Instant.FromUtc(2033, 12, 1, 10, 0);

    private const string TrialBalanceSql = """
        SELECT coalesce(string_agg(kind || '=' || posted, ';' ORDER BY kind), '')
          FROM (SELECT a.kind, sum(b.posted) AS posted FROM ledger.balances b JOIN ledger.accounts a ON a.id = b.account_id GROUP BY a.kind) t
        """;

    public async Task<RetentionFigures> RunAsync(CancellationToken ct)
    {
        var server = DatabaseServer.FromEnvironment(options.DataDirectory, progress.Report);
        var admin = await server.AdminConnectionStringAsync(ct: ct);
        var serverName = await BenchServer.DescribeAsync(server, admin, ct);
        var source = await new BenchCouncil(progress).EnsureAsync(admin, StatementBenchmark.Database,
            new CouncilShape(options.Budgets, options.Postings, CouncilShape.DefaultAsOf), options.Rebuild, ct);

        progress.Report($"Copying {StatementBenchmark.Database} to {Database}.");
        NpgsqlConnection.ClearAllPools();
        await Databases.DropAsync(admin, Database, ct);
        await Databases.ExecuteAsync(admin, $"CREATE DATABASE {Database} TEMPLATE {StatementBenchmark.Database}", ct);
        var copy = new NpgsqlConnectionStringBuilder(source.OwnerConnectionString) { Database = Database }.ConnectionString;
        try
        {
            await Databases.ExecuteAsync(copy, "VACUUM (ANALYZE)", ct);
            var auditRows = await Databases.ScalarAsync<long>(copy, "SELECT count(*) FROM sds.audit_log", ct);
            var answers = await Databases.ScalarAsync<long>(copy, "SELECT count(*) FROM sds.command_results", ct);
            var trialBefore = await Databases.ScalarAsync<string>(copy, TrialBalanceSql, ct);

            await using var app = SdsLedgerApp.Create(copy, new RunDay(RunAt));
            progress.Report("Dry run.");
            var started = Stopwatch.GetTimestamp();
            var dry = await app.SendAsync(new Retention.Command(source.Finance, Guid.CreateVersion7().ToString(), DryRun: true), ct);
            var drySeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (!dry.Succeeded) throw new InvalidOperationException($"The dry run was refused: {dry}");
            progress.Report($"  {dry.Value!.People.Count:N0} people past their time, listed in {drySeconds:F2} s. Retention run.");

            started = Stopwatch.GetTimestamp();
            var run = await app.SendAsync(new Retention.Command(source.Finance, Guid.CreateVersion7().ToString(), DryRun: false), ct);
            var runSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (!run.Succeeded) throw new InvalidOperationException($"The retention run was refused: {run}");
            progress.Report($"  {run.Value!.People.Count:N0} people erased in {runSeconds:F2} s. Checking the ledger.");

            var erased = await Databases.ScalarAsync<long>(copy, "SELECT count(*) FROM sds.erasures WHERE kind = 'retention'", ct);
            var namesLeft = await Databases.ScalarAsync<long>(copy,
                "SELECT count(*) FROM sds.people p WHERE p.name <> 'A person whose record has been erased' AND EXISTS (SELECT FROM sds.budgets b WHERE b.person_id = p.id)", ct);
            var audit = await new LedgerAudit(LedgerDataSource.Create(copy)).RunAsync(ct);
            var trialAfter = await Databases.ScalarAsync<string>(copy, TrialBalanceSql, ct);
            return new RetentionFigures(serverName, Environment.ProcessorCount, options.Budgets, source.Postings, source.Reused, source.SetupSeconds,
                auditRows, answers, run.Value.Today, dry.Value.People.Count, drySeconds, runSeconds, (int)erased, audit.Passed,
                trialAfter == trialBefore, namesLeft);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await Databases.DropAsync(admin, Database, ct);
        }
    }

    /// <summary>The day the run is as of: years after every budget of the generated council ended.</summary>
    private sealed class RunDay(Instant at) : IClock
    {
        public Instant GetCurrentInstant() => at;
    }
}
