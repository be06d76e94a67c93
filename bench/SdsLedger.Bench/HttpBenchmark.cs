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
using SdsLedger.LocalPostgres;
using SdsLedger.Pipeline;

namespace SdsLedger.Bench;

internal sealed record HttpBenchResult(int Clients, int Seconds, long InProcessSpends, double InProcessPerSecond, long HttpSpends,
                                       double HttpPerSecond, long HttpNonSuccess)
{
    public const double Target = 0.7;
    public double Ratio => HttpPerSecond / InProcessPerSecond;

    public string Table() => string.Create(CultureInfo.InvariantCulture, $"""
        Spends per second at {Clients} concurrent clients, {Seconds} s each, same database and run
          in process (mediator, RecordSpend):   {InProcessPerSecond,10:N0}/s  ({InProcessSpends:N0} spends)
          over HTTP (Kestrel on loopback):      {HttpPerSecond,10:N0}/s  ({HttpSpends:N0} spends, {HttpNonSuccess} not 201)
          ratio HTTP / in process:              {Ratio,10:F2}   (target >= {Target:F1}: {(Ratio >= Target ? "met" : "missed")})

        """);

    public string Json() => JsonSerializer.Serialize(new
    {
        clients = Clients, seconds = Seconds,
        inProcess = new { spends = InProcessSpends, perSecond = Math.Round(InProcessPerSecond, 1) },
        http = new { spends = HttpSpends, perSecond = Math.Round(HttpPerSecond, 1), notCreated = HttpNonSuccess },
        ratio = Math.Round(Ratio, 3), target = Target, met = Ratio >= Target,
    }, new JsonSerializerOptions { WriteIndented = true });
}

/// <summary>
/// Spends per second through the HTTP API (Kestrel in this process on a loopback port, JWT, tenant per transaction,
/// row-level security) against the same spends sent to the mediator in process, on one database in one run.
/// Each client spends from its own person's direct payment, as that person.
/// </summary>
internal sealed class HttpBenchmark(int clients, int seconds, string? dataDirectory, RunLog log)
{
    public const string Database = "sdsledger_http_bench";
    private static readonly LocalDate Start = new(2026, 4, 1);

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
        var (council, people) = await SeedAsync(owner, ct);

        log.Report($"In process: {clients} clients for {seconds} s.");
        long inProcess;
        await using (var app = SdsLedgerApp.Create(owner))
            inProcess = await RunClientsAsync(async (i, n, token) =>
                (await app.SendAsync(SpendCommand(people[i].Actor, people[i].Part, $"inproc-{i}-{n}", n), token)).Succeeded, ct);

        var key = RandomNumberGenerator.GetBytes(64);
        var secrets = LocalSecrets.BesideDataDirectory(server.Cluster?.RequestedDataDirectory ?? LocalCluster.DefaultDataDirectory(Environment.CurrentDirectory));
        var apiLogin = await ApiDatabase.ProvisionLoginAsync(owner, secrets, ct);
        await using var factory = new WebApplicationFactory<ApiEntry>().WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:SdsLedger", apiLogin);
            b.UseSetting("Jwt:SigningKey", Convert.ToBase64String(key));
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            b.UseSetting("SdsLedger:Banner", "false");
            b.UseEnvironment("Production");
            b.UseContentRoot(AppContext.BaseDirectory);
        });
        factory.UseKestrel(0);
        factory.StartServer();
        var baseAddress = new Uri(factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        log.Report($"Over HTTP at {baseAddress}: {clients} clients for {seconds} s.");

        var settings = new ApiTokenSettings(ApiTokenSettings.DefaultIssuer, ApiTokenSettings.DefaultAudience, key);
        var now = SystemClock.Instance.GetCurrentInstant();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        var httpClients = people.Select(p =>
        {
            var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = baseAddress };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
                ApiTokens.Mint(settings, new ApiTokenSubject(p.Actor.Name, p.Actor.Name, Role.ServiceUser, council, "bench", PersonId: p.Actor.PersonId), now, Duration.FromHours(1)));
            return client;
        }).ToArray();
        long notCreated = 0;
        var overHttp = await RunClientsAsync(async (i, n, token) =>
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
        }, ct);
        foreach (var c in httpClients) c.Dispose();

        return new HttpBenchResult(clients, seconds, inProcess, inProcess / (double)seconds, overHttp, overHttp / (double)seconds, notCreated);
    }

    private static RecordSpend.Command SpendCommand(Actor actor, Guid part, string key, long n) =>
        new(actor, key, part, Money.FromPence(100 + n % 900), "leisure", $"Shop {n}", new LocalDate(2026, 4, 10), "bench spend");

    /// <summary>Runs one loop per client for the duration; counts the spends that succeeded.</summary>
    private async Task<long> RunClientsAsync(Func<int, long, CancellationToken, Task<bool>> spend, CancellationToken ct)
    {
        long done = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var warmUp = Enumerable.Range(0, clients).Select(i => spend(i, -1 - i, ct));
        await Task.WhenAll(warmUp);
        var clock = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, clients).Select(i => Task.Run(async () =>
        {
            for (long n = 0; clock.Elapsed.TotalSeconds < seconds; n++)
                if (await spend(i, n, ct)) Interlocked.Increment(ref done);
        }, ct));
        await Task.WhenAll(loops);
        return done;
    }

    private async Task<(Guid Council, IReadOnlyList<(Actor Actor, Guid Part)> People)> SeedAsync(string owner, CancellationToken ct)
    {
        await using var app = SdsLedgerApp.Create(owner);
        var keys = 0;
        string Key() => $"seed-{++keys}";
        var council = Ok(await app.SendAsync(new SetUpCouncil.Command(new Actor("Bench", Role.CouncilFinance, null), Key(), "bench", "Bench Council", "-"), ct));
        var worker = new Actor("Bench Worker", Role.SocialWorker, council);
        var finance = new Actor("Bench Finance", Role.CouncilFinance, council);
        var people = new List<(Actor, Guid)>();
        for (var i = 0; i < clients; i++)
        {
            var person = Ok(await app.SendAsync(new RegisterPerson.Command(worker, Key(), $"BENCH-{i}", $"Bench Person {i}", new LocalDate(1980, 1, 1), "",
                RegisterPerson.StatementFormat.Standard, null), ct));
            var budget = Ok(await app.SendAsync(new CreateBudget.Command(worker, Key(), person, Start, Start.PlusYears(1).PlusDays(-1),
                [new PartSpec(SdsOption.DirectPayment, HolderKind.Person, Money.FromPounds(50_000_000), InstalmentWeeks: 0)]), ct));
            Ok(await app.SendAsync(new AgreeSupportPlan.Command(worker, Key(), budget.BudgetId, Start, [new Outcome("Bench")], [new PlanCategory("leisure")]), ct));
            Ok(await app.SendAsync(new ActivateBudget.Command(finance, Key(), budget.BudgetId), ct));
            people.Add((new Actor($"person:BENCH-{i}", Role.ServiceUser, council, PersonId: person), budget.PartIds[0]));
        }
        Ok(await app.SendAsync(new PaymentRun.Command(finance, Key(), council, Start), ct));
        return (council, people);
    }

    private static T Ok<T>(Result<T> result) => result.Succeeded ? result.Value! : throw new InvalidOperationException(result.ToString());
}
