using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SdsLedger.Database;
using SdsLedger.Features.Shared;
using SdsLedger.LocalPostgres;
using SdsLedger.Pipeline;

namespace SdsLedger.Bench;

internal sealed record EncryptionFigures(string Server, int Cores, int Clients, int Seconds, int Rounds, SideRun Sealed, SideRun Plain,
                                         IReadOnlyList<double> SealedRounds, IReadOnlyList<double> PlainRounds)
{
    public const double CostLimit = 0.10;

    /// <summary>The share of the spend rate that sealing the ledger's text costs: 1 - sealed / plain.</summary>
    public double Cost => 1 - Sealed.PerSecond / Plain.PerSecond;

    public string Table() => $"""
        SdsLedger spend-path encryption benchmark on {Server}, {Cores} cores
        whole spends through the command pipeline, {Clients} clients each spending as their own person, {Seconds} s a side in {Rounds} rounds
        (taking turns, each from a checkpoint); the same build, the same people, with the ledger text and the audit detail sealed with the person's key and without

        sealed (as shipped)     {Sealed.PerSecond,8:N0} spends/s   rounds: {string.Join(", ", SealedRounds.Select(r => r.ToString("N0")))}
        plain (sealing off)     {Plain.PerSecond,8:N0} spends/s   rounds: {string.Join(", ", PlainRounds.Select(r => r.ToString("N0")))}
        cost of sealing         {Cost,8:P1}          at most {CostLimit:P0}  {(Cost <= CostLimit ? "PASS" : "MISS")}

        """;

    public string Json() => JsonSerializer.Serialize(new
    {
        server = Server, cores = Cores, clients = Clients, seconds = Seconds, rounds = Rounds, sealedPerSecond = Sealed.PerSecond,
        plainPerSecond = Plain.PerSecond, sealedRounds = SealedRounds, plainRounds = PlainRounds, cost = Cost, met = Cost <= CostLimit,
    });
}

/// <summary>
/// What sealing personal text costs a spend (issue 17: at most 10%): whole spends through the pipeline, as the ledger
/// benchmark sends them, from two applications over one fresh database and the same people, taking turns round by round:
/// one as shipped (the entry's description and the audit record's detail sealed with the person's data key: the key
/// read and unwrapped, the texts encrypted), one whose <see cref="PersonKeys"/> leaves the text as it is. Nothing else differs.
/// </summary>
internal sealed class EncryptionBenchmark(BenchOptions options, RunLog progress)
{
    public const string Database = "sdsledger_bench_encryption";
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(10);

    public async Task<EncryptionFigures> RunAsync(CancellationToken ct)
    {
        var server = DatabaseServer.FromEnvironment(options.DataDirectory, progress.Report);
        var admin = await server.AdminConnectionStringAsync(ct: ct);
        var serverName = await BenchServer.DescribeAsync(server, admin, ct);
        var owner = new NpgsqlConnectionStringBuilder(admin) { Database = Database, MaxPoolSize = Math.Max(100, 2 * options.Clients + 4) }.ConnectionString;
        progress.Report($"Re-creating database {Database}.");
        await Databases.RecreateAsync(admin, Database, ct);
        var migration = Migrator.Migrate(owner);
        if (!migration.Succeeded) throw new InvalidOperationException(migration.Describe());

        progress.Report($"Setting up a council with {options.Clients} people, each with a funded direct payment, through the commands.");
        var (_, people) = await BenchPeople.SeedAsync(owner, options.Clients, ct);
        await using var sealedApp = SdsLedgerApp.Create(owner);
        await using var plainApp = new SdsLedgerApp(new ServiceCollection()
            .AddSingleton(KeyEncryptionKey.FromBase64(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))))
            .AddSdsLedger(owner)
            .AddScoped<PersonKeys, PlainLedgerText>()
            .BuildServiceProvider());
        var sealedLoop = Loop(sealedApp, "sealed", people);
        var plainLoop = Loop(plainApp, "plain", people);

        progress.Report($"Warming both up for {WarmUp.TotalSeconds:0} s each.");
        await sealedLoop.RunForAsync(WarmUp, ct);
        await plainLoop.RunForAsync(WarmUp, ct);

        var roundSeconds = TimeSpan.FromSeconds(Math.Max(1, options.Seconds / options.Rounds));
        var sealedRuns = new List<SideRun>();
        var plainRuns = new List<SideRun>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            // Whichever goes first in a round goes second in the next, so a slow spell of the machine falls on both.
            foreach (var (name, loop, runs) in round % 2 == 1
                         ? new[] { ("sealed", sealedLoop, sealedRuns), ("plain", plainLoop, plainRuns) }
                         : [("plain", plainLoop, plainRuns), ("sealed", sealedLoop, sealedRuns)])
            {
                await LedgerBenchmark.VacuumLedgerAsync(owner, ct);
                await Databases.CheckpointAsync(owner, ct);
                runs.Add(await loop.MeasureAsync(roundSeconds, ct));
                progress.Report($"Round {round} of {options.Rounds}, {name}: {runs[^1].PerSecond:N0} spends/s.");
            }
        }
        var sealedText = await Databases.ScalarAsync<long>(owner, "SELECT count(*) FROM ledger.entries WHERE description LIKE 'enc1:%'", ct);
        if (sealedText == 0) throw new InvalidOperationException("No sealed ledger text was written: the sealed side did not seal.");
        return new EncryptionFigures(serverName, Environment.ProcessorCount, options.Clients, options.Seconds, options.Rounds,
            SideRun.Sum(sealedRuns), SideRun.Sum(plainRuns), sealedRuns.Select(r => r.PerSecond).ToList(), plainRuns.Select(r => r.PerSecond).ToList());
    }

    private static SpendLoop Loop(SdsLedgerApp app, string side, IReadOnlyList<(Domain.Actor Actor, Guid Part)> people) =>
        new(people.Count, async (i, n, token) =>
        {
            var result = await app.SendAsync(BenchPeople.Spend(people[i].Actor, people[i].Part, side, i, n), token);
            return result.Succeeded ? true : throw new InvalidOperationException($"A spend ({side}) was not recorded: {result}");
        });

    /// <summary>The spend path with the ledger's text left as it is: what the sealing is measured against.</summary>
    private sealed class PlainLedgerText(DbSession session, KeyEncryptionKey kek) : PersonKeys(session, kek)
    {
        public override Task<string> SealAsync(Guid personId, string context, string plaintext, CancellationToken ct) => Task.FromResult(plaintext);

        public override Task<string?> TrySealAsync(Guid personId, string text, CancellationToken ct) => Task.FromResult<string?>(text);

        public override Task<byte[]?> PayeeMatchAsync(Guid personId, string payee, CancellationToken ct) => Task.FromResult<byte[]?>(null);
    }
}
