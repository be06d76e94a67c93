using System.Net.Http.Headers;
using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using NodaTime;
using SdsLedger.Access;
using SdsLedger.Api.Hosting;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.Councils;
using SdsLedger.Features.Payments;
using SdsLedger.Features.People;
using SdsLedger.Features.Plans;
using SdsLedger.Hosting;
using SdsLedger.Ledger;
using SdsLedger.LocalPostgres;
using SdsLedger.Pipeline;
using SdsLedger.Testing;

namespace SdsLedger.Api.Tests;

/// <summary>
/// Two councils on a fresh database, set up through the commands on the local path, and the API over it logged in as
/// sdsledger_api. North has Ailsa (a direct payment and a part Harbour Care holds) and Bruce (a direct payment);
/// South has Cara.
/// </summary>
public sealed class ApiWorld : IAsyncLifetime
{
    private readonly FreshDatabase _db = new();
    private WebApplicationFactory<Program> _factory = null!;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(64);
    private int _keys;

    public static readonly LocalDate Start = new(2026, 4, 1);
    public static readonly LocalDate End = new(2027, 3, 31);

    public string OwnerConnectionString => _db.ConnectionString;
    public string ApiConnectionString { get; private set; } = "";
    public ApiTokenSettings Tokens => new(ApiTokenSettings.DefaultIssuer, ApiTokenSettings.DefaultAudience, _key);

    public Guid North { get; private set; }
    public Guid South { get; private set; }
    public Guid Harbour { get; private set; }
    public Guid Ailsa { get; private set; }
    public Guid Bruce { get; private set; }
    public Guid Cara { get; private set; }
    public Guid AilsaDirectPart { get; private set; }
    public Guid AilsaHarbourPart { get; private set; }
    public Guid BrucePart { get; private set; }
    public Guid CaraPart { get; private set; }
    public Guid CaraBudget { get; private set; }

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        await using (var app = SdsLedgerApp.Create(_db.ConnectionString))
        {
            var northSetup = new Actor(Guid.CreateVersion7(), "Nora Finance", Role.CouncilFinance, null);
            var southSetup = new Actor(Guid.CreateVersion7(), "Sol Finance", Role.CouncilFinance, null);
            North = Ok(await app.SendAsync(new SetUpCouncil.Command(northSetup, Key(), "north-test", "North Test Council", "0100 000 0000", "fin-north")));
            South = Ok(await app.SendAsync(new SetUpCouncil.Command(southSetup, Key(), "south-test", "South Test Council", "0200 000 0000", "fin-south")));
            var northFinance = northSetup with { CouncilId = North };
            Harbour = Ok(await app.SendAsync(new RegisterOrganisation.Command(northFinance, Key(), "harbour-care", "Harbour Care", "0141 000 0000")));

            (Ailsa, var ailsaParts) = await PersonWithBudget(app, North, "AILSA-1", "Ailsa Test",
                [new PartSpec(SdsOption.DirectPayment, HolderKind.Person, Money.FromPounds(2600)),
                 new PartSpec(SdsOption.DirectedSupport, HolderKind.Organisation, Money.FromPounds(2600), Harbour, "Harbour Care")]);
            (AilsaDirectPart, AilsaHarbourPart) = (ailsaParts.PartIds[0], ailsaParts.PartIds[1]);
            (Bruce, var bruce) = await PersonWithBudget(app, North, "BRUCE-1", "Bruce Test", [new PartSpec(SdsOption.DirectPayment, HolderKind.Person, Money.FromPounds(2600))]);
            BrucePart = bruce.PartIds[0];
            (Cara, var cara) = await PersonWithBudget(app, South, "CARA-1", "Cara Test", [new PartSpec(SdsOption.DirectPayment, HolderKind.Person, Money.FromPounds(2600))]);
            (CaraPart, CaraBudget) = (cara.PartIds[0], cara.BudgetId);
            Ok(await app.SendAsync(new PaymentRun.Command(northFinance, Key(), North, Start)));
            Ok(await app.SendAsync(new PaymentRun.Command(southSetup with { CouncilId = South }, Key(), South, Start)));
        }

        var secrets = LocalSecrets.BesideDataDirectory(LocalCluster.DefaultDataDirectory(RepositoryRoot.Path));
        ApiConnectionString = await ServiceDatabase.ProvisionLoginAsync(_db.ConnectionString, secrets);
        Seal = new TenantSeal(secrets.TenantKey());
        _tenantKey = secrets.TenantKey();
        _factory = ApiOver(ApiConnectionString);
    }

    private byte[] _tenantKey = [];

    /// <summary>Another API host with this world's keys, over the connection string given (the outage tests point it through a proxy).</summary>
    public WebApplicationFactory<Program> ApiOver(string connectionString) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:SdsLedger", connectionString);
            b.UseSetting("Jwt:SigningKey", Convert.ToBase64String(_key));
            b.UseSetting("Tenancy:Key", Convert.ToBase64String(_tenantKey));
            b.UseSetting("Logging:LogLevel:Default", "Warning");
        });

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<(Guid Person, CreatedBudget Budget)> PersonWithBudget(SdsLedgerApp app, Guid council, string reference, string name, IReadOnlyList<PartSpec> parts)
    {
        var worker = WorkerActor(Role.SocialWorker, council, name: "Sam Worker");
        var finance = WorkerActor(Role.CouncilFinance, council, name: "Fin Officer");
        var person = Ok(await app.SendAsync(new RegisterPerson.Command(worker, Key(), reference, name, new LocalDate(1980, 1, 1), "",
            StatementFormat.Standard, null)));
        var budget = Ok(await app.SendAsync(new CreateBudget.Command(worker, Key(), person, Start, End, parts)));
        Ok(await app.SendAsync(new AgreeSupportPlan.Command(worker, Key(), budget.BudgetId, Start, [new Outcome("Get back into swimming")],
            [new PlanCategory("leisure"), new PlanCategory("personal-care")])));
        Ok(await app.SendAsync(new ActivateBudget.Command(finance, Key(), budget.BudgetId)));
        return (person, budget);
    }

    public string Key() => $"world-{Interlocked.Increment(ref _keys)}";

    /// <summary>The key this installation's API signs its tenants with.</summary>
    public TenantSeal Seal { get; private set; } = null!;

    /// <summary>Acts for a tenant in raw SQL as the API does: sds.act_for with the claims signed by the installation's key.</summary>
    public async Task ActForAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid council, Role role, Guid? person = null, Guid? organisation = null)
    {
        var expires = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        await conn.ExecuteAsync("SELECT sds.act_for(@Council, @Role, @Person, @Organisation, @Expires, @Signature)", new
        {
            Council = council, Role = Roles.Text(role), Person = person, Organisation = organisation, Expires = expires,
            Signature = Seal.Sign(council, role, person, organisation, expires),
        }, tx);
    }

    private static T Ok<T>(Result<T> result) => result.Succeeded ? result.Value! : throw new InvalidOperationException(result.ToString());

    public HttpClient Client(string? token = null)
    {
        var client = _factory.CreateClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// A token for someone of the register: the person given (a service user), or a worker of that role, council and
    /// organisation, registered on first use (one per name, so differently named callers are different people).
    /// </summary>
    public string Token(Role role, Guid council, Guid? org = null, Guid? person = null, string? name = null, Duration? lifetime = null, Instant? now = null,
                        byte[]? signingKey = null)
    {
        var actor = role == Role.ServiceUser
            ? Actor.Person(person ?? throw new ArgumentException("A service user's token names the person.", nameof(person)), name ?? "person", council)
            : WorkerActor(role, council, org, name);
        var settings = signingKey is null ? Tokens : new ApiTokenSettings(ApiTokenSettings.DefaultIssuer, ApiTokenSettings.DefaultAudience, signingKey);
        return ApiTokens.Mint(settings, new ApiTokenSubject(actor, council == North ? "north-test" : "south-test"),
            now ?? SystemClock.Instance.GetCurrentInstant(), lifetime ?? Duration.FromHours(1));
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(Role, Guid, Guid?, string?), Actor> _workers = new();

    /// <summary>A worker of the register with this role, council and organisation (and name), written straight into the register once.</summary>
    public Actor WorkerActor(Role role, Guid council, Guid? org = null, string? name = null) =>
        _workers.GetOrAdd((role, council, org, name), _ =>
        {
            var actor = new Actor(Guid.CreateVersion7(), name ?? $"{Roles.Text(role)} tester", role, council, org);
            using var conn = new NpgsqlConnection(_db.ConnectionString);
            conn.Execute("""
                INSERT INTO sds.workers (id, council_id, organisation_id, code, name, role) VALUES (@Id, @Council, @Org, @Code, @Name, @Role)
                """, new { actor.Id, Council = role == Role.Provider ? (Guid?)null : council, Org = org, Code = $"w-{actor.Id:N}"[..30], actor.Name, Role = actor.RoleText });
            return actor;
        });

    public async Task<long> Count(string sql, object? args = null)
    {
        await using var conn = new NpgsqlConnection(_db.ConnectionString);
        return await conn.ExecuteScalarAsync<long>(sql, args);
    }

    public async Task<IReadOnlyList<string>> Rows(string sql)
    {
        await using var conn = new NpgsqlConnection(_db.ConnectionString);
        return (await conn.QueryAsync<string>(sql)).ToList();
    }

    public async Task<bool> LedgerAuditPasses()
    {
        await using var dataSource = LedgerDataSource.Create(_db.ConnectionString);
        return (await new LedgerAudit(dataSource).RunAsync()).Passed;
    }
}
