using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NodaTime;
using SdsLedger.Access;
using SdsLedger.Api.Hosting;
using SdsLedger.Database;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.Councils;
using SdsLedger.Features.Payments;
using SdsLedger.Features.People;
using SdsLedger.Features.Plans;
using SdsLedger.Features.Spending;
using SdsLedger.Hosting;
using SdsLedger.Ledger;
using SdsLedger.LocalPostgres;
using SdsLedger.Pipeline;

namespace SdsLedger.Bench;

/// <summary>One side's measured run: spends that succeeded, and the seconds the JIT spent compiling while it ran.</summary>
internal sealed record SideRun(long Spends, long NotDone, double Seconds, double JitSeconds)
{
    public double PerSecond => Spends / Seconds;

    public static SideRun Sum(IReadOnlyList<SideRun> rounds) =>
        new(rounds.Sum(r => r.Spends), rounds.Sum(r => r.NotDone), rounds.Sum(r => r.Seconds), rounds.Sum(r => r.JitSeconds));
}

/// <summary>
/// Three sides, measured in turn: the trusted local path (the command line's: all councils, no row-level security), the
/// API's own work in process (its database login, the caller's tenant set per transaction, row-level security), and
/// the same requests over HTTP. The target compares HTTP with the API's work in process: what HTTP itself costs.
/// </summary>
internal sealed record HttpBenchResult(int Clients, int Seconds, int WarmUpSeconds, IReadOnlyList<SideRun> LocalRounds,
                                       IReadOnlyList<SideRun> InProcessRounds, IReadOnlyList<SideRun> HttpRounds,
                                       IReadOnlyList<SideRun> SealedRounds, IReadOnlyList<SideRun> UnsealedRounds)
{
    public const double Target = 0.7;
    public const double SealTarget = 0.05;
    public SideRun Sealed => SideRun.Sum(SealedRounds);
    public SideRun Unsealed => SideRun.Sum(UnsealedRounds);

    /// <summary>What proving the tenant adds to each transaction, in milliseconds as one client waits for it.</summary>
    public double SealMs => 1000.0 * Clients * (1 / Sealed.PerSecond - 1 / Unsealed.PerSecond);

    /// <summary>That time as a share of one spend in process as the API (which includes it).</summary>
    public double SealShare => SealMs / (1000.0 * Clients / InProcess.PerSecond);
    public SideRun Local => SideRun.Sum(LocalRounds);
    public SideRun InProcess => SideRun.Sum(InProcessRounds);
    public SideRun Http => SideRun.Sum(HttpRounds);
    public double Ratio => Http.PerSecond / InProcess.PerSecond;
    public double TenancyRatio => InProcess.PerSecond / Local.PerSecond;
    public double HttpToLocal => Http.PerSecond / Local.PerSecond;

    public string Table() => string.Create(CultureInfo.InvariantCulture, $"""
        Spends per second at {Clients} concurrent clients, {Seconds} s each in {InProcessRounds.Count} rounds taken in turn, after {WarmUpSeconds} s of warm-up each, same database and run
          local path (installation role, no RLS):  {Local.PerSecond,8:N0}/s  ({Local.Spends:N0} spends, {Local.NotDone} not done; by round {Rates(LocalRounds)}; JIT {Local.JitSeconds:F2} s meanwhile)
          in process as the API (tenant, RLS):      {InProcess.PerSecond,8:N0}/s  ({InProcess.Spends:N0} spends, {InProcess.NotDone} not done; by round {Rates(InProcessRounds)}; JIT {InProcess.JitSeconds:F2} s meanwhile)
          over HTTP (Kestrel on loopback, JWT):     {Http.PerSecond,8:N0}/s  ({Http.Spends:N0} spends, {Http.NotDone} not 201; by round {Rates(HttpRounds)}; JIT {Http.JitSeconds:F2} s meanwhile)
          ratio HTTP / in process as the API:       {Ratio,8:F2}   (target >= {Target:F1}: {(Ratio >= Target ? "met" : "missed")})
          tenancy and RLS: API in process / local:  {TenancyRatio,8:F2}
          HTTP / local path:                        {HttpToLocal,8:F2}
          the tenant's seal (sds.act_for) per transaction: {SealMs:F2} ms ({Sealed.PerSecond:N0} sealed and {Unsealed.PerSecond:N0} unsealed empty transactions/s),
            {SealShare:P1} of a spend in process as the API (target <= {SealTarget:P0}: {(SealShare <= SealTarget ? "PASS" : "MISS")})

        """);

    public string Json() => JsonSerializer.Serialize(new
    {
        clients = Clients, seconds = Seconds, warmUpSeconds = WarmUpSeconds,
        local = Side(Local, LocalRounds),
        inProcess = Side(InProcess, InProcessRounds),
        http = new
        {
            spends = Http.Spends, perSecond = Math.Round(Http.PerSecond, 1), rounds = HttpRounds.Select(r => Math.Round(r.PerSecond, 1)),
            notCreated = Http.NotDone, jitSeconds = Math.Round(Http.JitSeconds, 2),
        },
        ratio = Math.Round(Ratio, 3), target = Target, met = Ratio >= Target,
        tenancyRatio = Math.Round(TenancyRatio, 3), httpToLocal = Math.Round(HttpToLocal, 3),
        seal = new
        {
            msPerTransaction = Math.Round(SealMs, 3), shareOfSpend = Math.Round(SealShare, 4), target = SealTarget, met = SealShare <= SealTarget,
            sealedPerSecond = Math.Round(Sealed.PerSecond, 1), unsealedPerSecond = Math.Round(Unsealed.PerSecond, 1),
        },
    }, new JsonSerializerOptions { WriteIndented = true });

    private static object Side(SideRun all, IReadOnlyList<SideRun> rounds) => new
    {
        spends = all.Spends, notDone = all.NotDone, perSecond = Math.Round(all.PerSecond, 1), rounds = rounds.Select(r => Math.Round(r.PerSecond, 1)),
        jitSeconds = Math.Round(all.JitSeconds, 2),
    };

    private static string Rates(IReadOnlyList<SideRun> rounds) => string.Join(" / ", rounds.Select(r => r.PerSecond.ToString("N0", CultureInfo.InvariantCulture)));
}

/// <summary>
/// Spends per second on the local path, in process as the API does its work, and through the HTTP API (Kestrel in this
/// process on a loopback port, JWT, tenant per transaction, row-level security), on one database in one run.
/// Each client spends from its own person's direct payment, as that person.
/// </summary>
internal sealed class HttpBenchmark(int clients, int seconds, int rounds, int warmUpSeconds, string? dataDirectory, RunLog log)
{
    public const string Database = "sdsledger_http_bench";

    public async Task<HttpBenchResult> RunAsync(CancellationToken ct)
    {
        var server = DatabaseServer.FromEnvironment(dataDirectory, log.Report);
        var admin = await server.AdminConnectionStringAsync("postgres", ct);
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync(ct);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", conn);
            await drop.ExecuteNonQueryAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {Database}", conn);
            await create.ExecuteNonQueryAsync(ct);
        }
        var owner = new NpgsqlConnectionStringBuilder(admin) { Database = Database }.ConnectionString;
        var outcome = Migrator.Migrate(owner);
        if (!outcome.Succeeded) throw new InvalidOperationException(outcome.Describe());

        log.Report($"Setting up a council with {clients} people, each with a funded direct payment.");
        var (council, people) = await BenchPeople.SeedAsync(owner, clients, ct);

        await using var app = SdsLedgerApp.Create(owner);
        var local = new SpendLoop(clients, async (i, n, token) =>
            Done(await app.SendAsync(BenchPeople.Spend(people[i].Actor, people[i].Part, "local", i, n), token)));

        var key = RandomNumberGenerator.GetBytes(64);
        var secrets = LocalSecrets.BesideDataDirectory(server.Cluster?.RequestedDataDirectory ?? LocalCluster.DefaultDataDirectory(Environment.CurrentDirectory));
        var apiLogin = await ServiceDatabase.ProvisionLoginAsync(owner, secrets, ct);

        // What the API does for each request, without HTTP: its own login and data source, and the caller's tenant and
        // address set on the message's scope, as Caller.From does from the token (CallerScope.ActingFor).
        await using var apiServices = new ServiceCollection()
            .AddSdsLedger(_ => LedgerDataSource.Create(apiLogin, ConnectionScope.PerTenant))
            .AddSingleton(new TenantSeal(secrets.TenantKey()))
            .BuildServiceProvider();
        var asApi = people.Select(p => SdsLedgerApp.Over(apiServices).ActingFor(p.Actor, "127.0.0.1")).ToArray();
        var inProcess = new SpendLoop(clients, async (i, n, token) =>
            Done(await asApi[i].SendAsync(BenchPeople.Spend(people[i].Actor, people[i].Part, "inproc", i, n), token)));
        await using var factory = new WebApplicationFactory<ApiEntry>().WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:SdsLedger", apiLogin);
            b.UseSetting("Jwt:SigningKey", Convert.ToBase64String(key));
            b.UseSetting("Tenancy:Key", Convert.ToBase64String(secrets.TenantKey()));
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            b.UseSetting("SdsLedger:Banner", "false");
            b.UseEnvironment("Production");
            b.UseContentRoot(AppContext.BaseDirectory);
        });
        factory.UseKestrel(0);
        factory.StartServer();
        var baseAddress = new Uri(factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

        var settings = new ApiTokenSettings(ApiTokenSettings.DefaultIssuer, ApiTokenSettings.DefaultAudience, key);
        var now = SystemClock.Instance.GetCurrentInstant();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        var httpClients = people.Select(p =>
        {
            var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = baseAddress };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
                ApiTokens.Mint(settings, new ApiTokenSubject(p.Actor, "bench"), now, Duration.FromHours(1)));
            return client;
        }).ToArray();
        long notCreated = 0;
        var overHttp = new SpendLoop(clients, async (i, n, token) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/parts/{people[i].Part}/spends")
            {
                Content = JsonContent.Create(new
                {
                    amountPence = 100 + n % 900, category = "leisure", payee = $"Web shop {n}", date = "2026-04-10", description = "bench spend",
                }),
            };
            request.Headers.Add("Idempotency-Key", $"http-{i}-{n}");
            using var response = await httpClients[i].SendAsync(request, token);
            if (response.StatusCode == System.Net.HttpStatusCode.Created) return true;
            if (Interlocked.Increment(ref notCreated) == 1)
                log.Report($"First spend not created: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(token)}");
            return false;
        });

        // The seal's own cost: a transaction that only proves the tenant (sds.act_for, as every API transaction begins)
        // against one that only selects 1, on the API's login, the same clients; the difference is what the seal adds.
        var seal = new TenantSeal(secrets.TenantKey());
        await using var apiData = LedgerDataSource.Create(apiLogin, ConnectionScope.PerTenant);
        var sealedTransactions = new SpendLoop(clients, (i, _, token) => EmptyTransactionAsync(apiData, seal, people[i].Actor, token));
        var unsealedTransactions = new SpendLoop(clients, (i, _, token) => EmptyTransactionAsync(apiData, null, people[i].Actor, token));

        // Every side warms up before any is measured: the JIT compiles the pipeline, Npgsql and Kestrel as they are first
        // used and tiers them up after, and a side measured meanwhile pays for it (TieredPGO is off for the same reason).
        var warmUp = TimeSpan.FromSeconds(warmUpSeconds);
        log.Report($"Warming up for {warmUpSeconds} s on each side: the local path, in process as the API, over HTTP at {baseAddress}.");
        await local.RunForAsync(warmUp, ct);
        await inProcess.RunForAsync(warmUp, ct);
        await overHttp.RunForAsync(warmUp, ct);
        await sealedTransactions.RunForAsync(TimeSpan.FromSeconds(Math.Min(5, warmUpSeconds)), ct);
        await unsealedTransactions.RunForAsync(TimeSpan.FromSeconds(Math.Min(5, warmUpSeconds)), ct);
        // The sides take turns, so that a slow spell of the shared machine falls on both.
        var round = TimeSpan.FromSeconds(Math.Max(1.0, seconds / (double)rounds));
        var localRounds = new List<SideRun>();
        var inProcessRounds = new List<SideRun>();
        var httpRounds = new List<SideRun>();
        var sealedRounds = new List<SideRun>();
        var unsealedRounds = new List<SideRun>();
        for (var r = 1; r <= rounds; r++)
        {
            log.Report($"Round {r} of {rounds}: the local path, {clients} clients for {round.TotalSeconds:0.#} s.");
            localRounds.Add(await local.MeasureAsync(round, ct));
            log.Report($"Round {r} of {rounds}: in process as the API, {clients} clients for {round.TotalSeconds:0.#} s.");
            inProcessRounds.Add(await inProcess.MeasureAsync(round, ct));
            log.Report($"Round {r} of {rounds}: over HTTP, {clients} clients for {round.TotalSeconds:0.#} s.");
            httpRounds.Add(await overHttp.MeasureAsync(round, ct));
            log.Report($"Round {r} of {rounds}: empty transactions with and without the tenant's seal, {clients} clients.");
            sealedRounds.Add(await sealedTransactions.MeasureAsync(round / 2, ct));
            unsealedRounds.Add(await unsealedTransactions.MeasureAsync(round / 2, ct));
        }
        foreach (var c in httpClients) c.Dispose();

        return new HttpBenchResult(clients, seconds, warmUpSeconds, localRounds, inProcessRounds, httpRounds, sealedRounds, unsealedRounds);
    }

    /// <summary>One transaction on the API's login that does nothing but, with a seal, prove its tenant as the pipeline does.</summary>
    private static async Task<bool> EmptyTransactionAsync(NpgsqlDataSource data, TenantSeal? seal, Actor actor, CancellationToken ct)
    {
        await using var conn = await data.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand(seal is null ? "SELECT 1" : "SELECT sds.act_for($1, $2, $3, $4, $5, $6)", conn, tx);
        if (seal is not null)
        {
            var expires = DateTimeOffset.UtcNow.Add(TenantSeal.Lifetime).ToUnixTimeSeconds();
            cmd.Parameters.Add(new NpgsqlParameter { Value = actor.CouncilId!.Value });
            cmd.Parameters.Add(new NpgsqlParameter { Value = actor.RoleText });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)actor.PersonId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)actor.OrganisationId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
            cmd.Parameters.Add(new NpgsqlParameter { Value = expires });
            cmd.Parameters.Add(new NpgsqlParameter { Value = seal.Sign(actor.CouncilId.Value, actor.Role, actor.PersonId, actor.OrganisationId, expires) });
        }
        await cmd.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private long _notDone;

    /// <summary>Whether a spend in process was recorded; the first that was not is reported, as the HTTP side reports its first non-201.</summary>
    private bool Done(Result<Guid> result)
    {
        if (!result.Succeeded && Interlocked.Increment(ref _notDone) == 1) log.Report($"First spend in process not recorded: {result}");
        return result.Succeeded;
    }

}

/// <summary>One loop per client, each spending as its own person; its spends are numbered on across runs, so keys never repeat.</summary>
internal sealed class SpendLoop(int clients, Func<int, long, CancellationToken, Task<bool>> spend)
{
    private readonly long[] _next = new long[clients];

    /// <summary>A measured run: the spends that succeeded and those that did not, the seconds it took, and the JIT's compiling meanwhile.</summary>
    public async Task<SideRun> MeasureAsync(TimeSpan duration, CancellationToken ct)
    {
        var jit = System.Runtime.JitInfo.GetCompilationTime();
        var clock = Stopwatch.StartNew();
        var (done, notDone) = await RunForAsync(duration, ct);
        return new SideRun(done, notDone, clock.Elapsed.TotalSeconds, (System.Runtime.JitInfo.GetCompilationTime() - jit).TotalSeconds);
    }

    /// <summary>Spends from every client until the duration has passed; counts the spends that succeeded and those that did not.</summary>
    public async Task<(long Done, long NotDone)> RunForAsync(TimeSpan duration, CancellationToken ct)
    {
        long done = 0, notDone = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(i => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                if (await spend(i, _next[i]++, ct)) Interlocked.Increment(ref done);
                else Interlocked.Increment(ref notDone);
            }
        }, ct)));
        return (done, notDone);
    }
}
