using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NodaTime;
using SdsLedger.Access;
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
using SdsLedger.Testing;

namespace SdsLedger.Web.Tests;

/// <summary>
/// Two councils on a fresh database, set up through the commands on the local path, and the web app over it on a
/// loopback port, logged in as sdsledger_api. North: Anna (social worker, with Ailsa and Bruce on her caseload), Beth
/// (another social worker), Nora (finance), Ali (auditor), and Harbour Care's finance worker; South: Sol (social
/// worker) with Cara. With an identity provider, the web app signs staff in there instead of by link.
/// </summary>
public class WebWorld : IAsyncLifetime
{
    private readonly FreshDatabase _db = new();
    private readonly byte[] _linkKey = RandomNumberGenerator.GetBytes(64);
    private readonly byte[] _personKey = RandomNumberGenerator.GetBytes(64);
    private readonly string _keys = Path.Combine(Path.GetTempPath(), "sdsledger-web-tests", Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program> _factory = null!;
    private int _key;

    public static readonly LocalDate Start = new(2026, 4, 1);
    public static readonly LocalDate End = new(2027, 3, 31);

    public Uri Address { get; private set; } = null!;
    public IdentityProvider? Provider { get; private set; }
    public Guid North { get; private set; }
    public Guid South { get; private set; }
    public Guid Ailsa { get; private set; }
    public Guid AilsaBudget { get; private set; }
    public Guid Bruce { get; private set; }
    public Guid Cara { get; private set; }
    public Guid CaraBudget { get; private set; }
    public Guid AnnaId { get; private set; }

    /// <summary>Sends commands on the local path (the installation role), for a test's own set-up.</summary>
    public async Task<T> OnLocalPathAsync<T>(Func<SdsLedgerApp, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var app = SdsLedgerApp.Create(_db.ConnectionString);
        return await work(app);
    }

    /// <summary>
    /// The ids (<paramref name="idColumn"/>) of the rows of <paramref name="table"/> (sds.spends, sds.commitments,
    /// sds.approvals) whose payee, kept sealed with the person's key, opens to one that <paramref name="matches"/>.
    /// </summary>
    public async Task<Guid[]> RowsPaying(string table, string idColumn, Func<string, bool> matches)
    {
        ArgumentNullException.ThrowIfNull(matches);
        await using var conn = new NpgsqlConnection(_db.ConnectionString);
        var rows = (await conn.QueryAsync<(Guid Id, string Payee)>($"SELECT {idColumn}, payee FROM {table}")).ToList();
        await using var app = SdsLedgerApp.Create(_db.ConnectionString);
        var ids = new List<Guid>();
        foreach (var (id, payee) in rows)
            if (matches(await SealedText.OpenAsync(app, payee))) ids.Add(id);
        return [.. ids];
    }

    /// <summary>As <see cref="RowsPaying(string, string, Func{string, bool})"/>, for payees named exactly.</summary>
    public Task<Guid[]> RowsPaying(string table, string idColumn, params string[] payees) => RowsPaying(table, idColumn, payees.Contains);

    /// <summary>The value of a query whose one value is text kept sealed with a person's key, opened as the application opens it.</summary>
    public async Task<string> OpenedScalar(string sql, object? args = null) => await SealedText.OpenAsync(_db.ConnectionString, await Scalar<string>(sql, args));

    /// <summary>The messages the web app sent people through its code sender (in place of GOV.UK Notify).</summary>
    public Outbox Outbox { get; } = new();

    /// <summary>The people the identity provider knows, by email: Anna and Nora have worker records; Zed has none.</summary>
    protected virtual IReadOnlyDictionary<string, (string Subject, string Name)>? IdentityProviderPeople => null;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        await SeedAsync();
        if (IdentityProviderPeople is { } people) Provider = await IdentityProvider.StartAsync(people);

        var secrets = LocalSecrets.BesideDataDirectory(LocalCluster.DefaultDataDirectory(RepositoryRoot.Path));
        var login = await ServiceDatabase.ProvisionLoginAsync(_db.ConnectionString, secrets);
        (ApiConnectionString, _tenantKey) = (login, secrets.TenantKey());
        Seal = new TenantSeal(_tenantKey);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            ConfigureHost(b);
            b.UseSetting("ConnectionStrings:SdsLedger", login);
            b.UseSetting("SignIn:LinkKey", Convert.ToBase64String(_linkKey));
            b.UseSetting("People:SignInKey", Convert.ToBase64String(_personKey));
            b.ConfigureServices(s => s.AddSingleton<SdsLedger.Web.People.ICodeMessages>(Outbox));
            b.UseSetting("Tenancy:Key", Convert.ToBase64String(secrets.TenantKey()));
            b.UseSetting("DataProtection:KeysDirectory", _keys);
            b.UseSetting("SdsLedger:Banner", "false");
            b.UseSetting("Urls", "http://127.0.0.1:0");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            b.UseContentRoot(AppContext.BaseDirectory);
            if (Provider is not null)
            {
                b.UseSetting("Oidc:Authority", Provider.Authority.ToString());
                b.UseSetting("Oidc:ClientId", IdentityProvider.ClientId);
                b.UseSetting("Oidc:ClientSecret", IdentityProvider.ClientSecret);
            }
        });
        _factory.UseKestrel(0);
        _factory.StartServer();
        Address = new Uri(_factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        if (Provider is not null) Provider.ClientAddress = Address;
    }

    /// <summary>The web app's own database login (sdsledger_api), and the seal that proves a tenant to the database.</summary>
    public string ApiConnectionString { get; private set; } = null!;
    public TenantSeal Seal { get; private set; } = null!;

    /// <summary>What a world of its own adds to the web app's host (a clock, say).</summary>
    protected virtual void ConfigureHost(IWebHostBuilder builder)
    {
    }

    /// <summary>The same web app in the Production environment, in memory (no port), answering a client at the given address.</summary>
    public HttpClient ProductionClient(Uri address)
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("ConnectionStrings:SdsLedger", ApiConnectionString);
            b.UseSetting("SignIn:LinkKey", Convert.ToBase64String(_linkKey));
            b.UseSetting("Tenancy:Key", Convert.ToBase64String(_tenantKey));
            b.UseSetting("DataProtection:KeysDirectory", _keys);
            b.UseSetting("SdsLedger:Banner", "false");
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            b.UseContentRoot(AppContext.BaseDirectory);
        });
        _extra.Add(factory);
        return factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = address, AllowAutoRedirect = false });
    }

    private readonly List<WebApplicationFactory<Program>> _extra = [];
    private byte[] _tenantKey = [];

    public async Task DisposeAsync()
    {
        foreach (var extra in _extra) await extra.DisposeAsync();
        await _factory.DisposeAsync();
        if (Provider is not null) await Provider.DisposeAsync();
        await _db.DisposeAsync();
        if (Directory.Exists(_keys)) Directory.Delete(_keys, recursive: true);
    }

    /// <summary>A one-time sign-in link for the worker, as `sdsledger sign-in-link` prints it.</summary>
    public async Task<string> SignInLinkAsync(string workerCode, Instant? now = null)
    {
        var worker = await Scalar<Guid>("SELECT id FROM sds.workers WHERE code = @Code", new { Code = workerCode });
        return new Uri(Address, $"/sign-in/link?token={SignInLink.For(worker, now ?? SystemClock.Instance.GetCurrentInstant()).Token(_linkKey)}").ToString();
    }

    /// <summary>A one-time sign-in link for the person, as `sdsledger sign-in-link --person REF` prints it.</summary>
    public async Task<string> PersonSignInLinkAsync(string reference, Instant? now = null)
    {
        var person = await Scalar<Guid>("SELECT id FROM sds.people WHERE reference = @Reference", new { Reference = reference });
        var key = PersonSignIn.LinkKeyFor(_personKey);
        return new Uri(Address, $"/my/sign-in/link?token={SignInLink.For(person, now ?? SystemClock.Instance.GetCurrentInstant()).Token(key)}").ToString();
    }

    /// <summary>Runs a statement on the database as its owner (to move a code's clock on, say).</summary>
    public async Task Execute(string sql, object? args = null)
    {
        await using var conn = new NpgsqlConnection(_db.ConnectionString);
        await conn.ExecuteAsync(sql, args);
    }

    public async Task<T> Scalar<T>(string sql, object? args = null)
    {
        await using var conn = new NpgsqlConnection(_db.ConnectionString);
        return await conn.ExecuteScalarAsync<T>(sql, args) ?? throw new InvalidOperationException($"No value for {sql}");
    }

    public async Task<bool> LedgerAuditPasses()
    {
        await using var dataSource = LedgerDataSource.Create(_db.ConnectionString);
        return (await new LedgerAudit(dataSource).RunAsync()).Passed;
    }

    private async Task SeedAsync()
    {
        await using var app = SdsLedgerApp.Create(_db.ConnectionString);
        var noraSetup = new Actor(Guid.CreateVersion7(), "Nora Finance", Role.CouncilFinance, null);
        var solSetup = new Actor(Guid.CreateVersion7(), "Sol Finance", Role.CouncilFinance, null);
        North = Ok(await app.SendAsync(new SetUpCouncil.Command(noraSetup, Key(), "north-test", "North Test Council", "0100 000 0000", "fin-nora")));
        South = Ok(await app.SendAsync(new SetUpCouncil.Command(solSetup, Key(), "south-test", "South Test Council", "0200 000 0000", "fin-sol")));
        var nora = noraSetup with { CouncilId = North };
        var sol = solSetup with { CouncilId = South };
        Ok(await app.SendAsync(new SetWorkerSignIn.Command(nora, Key(), nora.Id, "nora@north.test", null)));
        AnnaId = await Worker(app, nora, "sw-anna", "Anna Social", Role.SocialWorker, "anna@north.test");
        await Worker(app, nora, "sw-beth", "Beth Social", Role.SocialWorker, "beth@north.test");
        await Worker(app, nora, "aud-ali", "Ali Auditor", Role.Auditor, null);
        var harbour = Ok(await app.SendAsync(new RegisterOrganisation.Command(nora, Key(), "harbour-care", "Harbour Care", "0141 000 0000")));
        Ok(await app.SendAsync(new RegisterWorker.Command(nora, Key(), "harbour-finance", "Harbour Finance", Role.Provider, null, harbour)));
        var solWorker = await Worker(app, sol, "sw-sol", "Sol Social", Role.SocialWorker, null);

        var anna = new Actor(AnnaId, "Anna Social", Role.SocialWorker, North);
        (Ailsa, var ailsa) = await PersonWithBudget(app, anna, nora, AnnaId, "AILSA-1", "Ailsa Test",
            [new PartSpec(SdsOption.DirectPayment, HolderKind.Person, Money.FromPounds(2600)),
             new PartSpec(SdsOption.DirectedSupport, HolderKind.Organisation, Money.FromPounds(2600), harbour, "Harbour Care")]);
        AilsaBudget = ailsa.BudgetId;
        (Bruce, _) = await PersonWithBudget(app, anna, nora, AnnaId, "BRUCE-1", "Bruce Test", [new PartSpec(SdsOption.DirectPayment, HolderKind.Person, Money.FromPounds(1300))]);
        (Cara, var cara) = await PersonWithBudget(app, new Actor(solWorker, "Sol Social", Role.SocialWorker, South), sol, solWorker, "CARA-1", "Cara Test",
            [new PartSpec(SdsOption.DirectPayment, HolderKind.Person, Money.FromPounds(2600))]);
        CaraBudget = cara.BudgetId;
        Ok(await app.SendAsync(new SetPersonSignIn.Command(anna, Key(), Ailsa, "ailsa@people.test", null)));
        Ok(await app.SendAsync(new SetPersonSignIn.Command(anna, Key(), Bruce, null, "07700 900002")));
        Ok(await app.SendAsync(new PaymentRun.Command(nora, Key(), North, Start)));
        Ok(await app.SendAsync(new PaymentRun.Command(sol, Key(), South, Start)));
        Ok(await app.SendAsync(new RecordSpend.Command(Actor.Person(Ailsa, "Ailsa Test", North), Key(), ailsa.PartIds[0],
            Money.FromPounds(45), "leisure", "Kirkton Leisure Centre", new LocalDate(2026, 4, 10), "Swimming, ten sessions")));
    }

    private async Task<Guid> Worker(SdsLedgerApp app, Actor finance, string code, string name, Role role, string? email)
    {
        var id = Ok(await app.SendAsync(new RegisterWorker.Command(finance, Key(), code, name, role, finance.CouncilId, null)));
        if (email is not null) Ok(await app.SendAsync(new SetWorkerSignIn.Command(finance, Key(), id, email, null)));
        return id;
    }

    private async Task<(Guid Person, CreatedBudget Budget)> PersonWithBudget(SdsLedgerApp app, Actor worker, Actor finance, Guid socialWorker,
                                                                            string reference, string name, IReadOnlyList<PartSpec> parts)
    {
        var person = Ok(await app.SendAsync(new RegisterPerson.Command(worker, Key(), reference, name, new LocalDate(1980, 1, 1), "1 Main Street",
            StatementFormat.Standard, socialWorker)));
        var budget = Ok(await app.SendAsync(new CreateBudget.Command(worker, Key(), person, Start, End, parts)));
        Ok(await app.SendAsync(new AgreeSupportPlan.Command(worker, Key(), budget.BudgetId, Start, [new Outcome("Get back into swimming")],
            [new PlanCategory("leisure"), new PlanCategory("personal-care")])));
        Ok(await app.SendAsync(new ActivateBudget.Command(finance, Key(), budget.BudgetId)));
        return (person, budget);
    }

    private string Key() => $"world-{Interlocked.Increment(ref _key)}";

    private static T Ok<T>(Result<T> result) => result.Succeeded ? result.Value! : throw new InvalidOperationException(result.ToString());
}

/// <summary>The same world, with the council's identity provider: Anna and Nora have accounts there, and so does Zed, who has no worker record.</summary>
public sealed class WebWorldWithIdentityProvider : WebWorld
{
    protected override IReadOnlyDictionary<string, (string Subject, string Name)>? IdentityProviderPeople => new Dictionary<string, (string, string)>
    {
        ["anna@north.test"] = ("idp-anna", "Anna Social"),
        ["nora@north.test"] = ("idp-nora", "Nora Finance"),
        ["zed@north.test"] = ("idp-zed", "Zed Nobody"),
    };
}

/// <summary>The same world on a clock the test moves: the session cookie's idle timeout is read from it.</summary>
public sealed class WebWorldWithClock : WebWorld
{
    public MovableClock Clock { get; } = new();

    protected override void ConfigureHost(IWebHostBuilder builder) =>
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
}

/// <summary>The system's time, plus however far a test has moved it on.</summary>
public sealed class MovableClock : TimeProvider
{
    private long _ticks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    public void Reset() => Interlocked.Exchange(ref _ticks, 0);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _ticks));
}
