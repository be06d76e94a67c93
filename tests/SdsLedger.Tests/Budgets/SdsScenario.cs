using Dapper;
using NodaTime;
using NodaTime.Testing;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.Councils;
using SdsLedger.Features.People;
using SdsLedger.Features.Plans;
using SdsLedger.Features.Payments;
using SdsLedger.Features.Spending;
using SdsLedger.Ledger;
using SdsLedger.Pipeline;
using SdsLedger.Testing;

namespace SdsLedger.Tests.Budgets;

/// <summary>
/// A fresh database with one council set up: a finance officer, a social worker, a provider, and helpers to
/// create people and budgets through the same commands the CLI and API use.
/// </summary>
public sealed class SdsScenario : IAsyncLifetime
{
    private readonly FreshDatabase _db = new();
    private int _keys;

    public static readonly LocalDate PeriodStart = new(2026, 10, 1);
    public static readonly LocalDate PeriodEnd = new(2027, 3, 31);

    public SdsLedgerApp App { get; private set; } = null!;
    public LedgerAudit Audit { get; private set; } = null!;
    public string ConnectionString => _db.ConnectionString;

    public Guid CouncilId { get; private set; }
    public Guid ProviderId { get; private set; }
    public Actor Finance { get; private set; } = null!;
    public Actor SocialWorker { get; private set; } = null!;
    public Actor SecondSocialWorker { get; private set; } = null!;
    public Actor Provider { get; private set; } = null!;
    public Guid SocialWorkerId { get; private set; }

    /// <summary>The scenario's today: 23 November 2026.</summary>
    public FakeClock Clock { get; } = new(Instant.FromUtc(2026, 11, 23, 10, 0));

    public string Key() => $"k-{Interlocked.Increment(ref _keys)}-{Guid.NewGuid():N}";

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        App = SdsLedgerApp.Create(_db.ConnectionString, Clock);
        Audit = new LedgerAudit(LedgerDataSource.Create(_db.ConnectionString));

        var setup = new Actor(Guid.CreateVersion7(), "Fiona Finance", Role.CouncilFinance, null);
        CouncilId = Ok(await App.SendAsync(new SetUpCouncil.Command(setup, Key(), "north-test", "North Test Council", "Self-directed support team, 01234 567890",
            "fin-one")));
        Finance = setup with { CouncilId = CouncilId };
        ProviderId = Ok(await App.SendAsync(new RegisterOrganisation.Command(Finance, Key(), "harbour-care", "Harbour Care", "0141 000 0000")));
        SocialWorker = await Worker(Role.SocialWorker, "Sam Worker");
        SocialWorkerId = SocialWorker.Id;
        SecondSocialWorker = await Worker(Role.SocialWorker, "Alex Second");
        Provider = await Worker(Role.Provider, "Harbour Care", ProviderId);
    }

    /// <summary>A worker registered by the scenario's finance officer (or another council's, given its finance officer).</summary>
    public async Task<Actor> Worker(Role role, string name, Guid? organisationId = null, Actor? finance = null)
    {
        var by = finance ?? Finance;
        var council = role is Role.Provider || (role is Role.RecoveryWorker && organisationId is not null) ? null : by.CouncilId;
        var id = Ok(await App.SendAsync(new RegisterWorker.Command(by, Key(), $"w-{Guid.NewGuid():N}"[..20], name, role, council, organisationId)));
        return new Actor(id, name, role, by.CouncilId, organisationId);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await _db.DisposeAsync();
    }

    public static T Ok<T>(Result<T> result)
    {
        result.Succeeded.Should().BeTrue(result.ToString());
        return result.Value!;
    }

    public async Task<Guid> Person(string? reference = null) =>
        Ok(await App.SendAsync(new RegisterPerson.Command(SocialWorker, Key(), reference ?? $"P-{Guid.NewGuid():N}"[..12], "Jo Example",
            new LocalDate(1980, 5, 17), "12 Main Street", StatementFormat.Standard, SocialWorkerId)));

    /// <summary>A person with an active budget of the given parts and an agreed plan of the given categories.</summary>
    public async Task<(Guid PersonId, CreatedBudget Budget)> ActiveBudget(IReadOnlyList<PartSpec> parts, params string[] categories)
    {
        var person = await Person();
        var budget = Ok(await App.SendAsync(new CreateBudget.Command(SocialWorker, Key(), person, PeriodStart, PeriodEnd, parts)));
        Ok(await App.SendAsync(new AgreeSupportPlan.Command(SocialWorker, Key(), budget.BudgetId, PeriodStart,
            [new Outcome("Get out to the shops on my own")],
            (categories.Length == 0 ? ["personal-care", "leisure"] : categories).Select(c => new PlanCategory(c)).ToList())));
        Ok(await App.SendAsync(new ActivateBudget.Command(Finance, Key(), budget.BudgetId)));
        return (person, budget);
    }

    /// <summary>
    /// A confirmed payment run (tests pay several instalments at once on purpose), run on its own day: a run may not be
    /// dated far ahead of today, so the clock is put forward to it for the run when it lies in the scenario's future.
    /// </summary>
    public Task<Result<PaymentRunResult>> PaymentRun(LocalDate date) =>
        OnDay(date, () => App.SendAsync(new PaymentRun.Command(Finance, Key(), CouncilId, date, Confirmed: true)));

    /// <summary>Does something on a day of the scenario's future (a run on its own day, a spend once it has happened): the clock goes forward for it and back afterwards.</summary>
    public async Task<T> OnDay<T>(LocalDate day, Func<Task<T>> act)
    {
        var now = Clock.GetCurrentInstant();
        var then = day.AtStartOfDayInZone(Features.Shared.CouncilClock.Zone).ToInstant().Plus(Duration.FromHours(9));
        if (then > now) Clock.Reset(then);
        try
        {
            return await act();
        }
        finally
        {
            Clock.Reset(now);
        }
    }

    public Actor PersonActor(Guid personId) => Actor.Person(personId, "Jo Example", CouncilId);

    public RecordSpend.Command Spend(Actor actor, Guid partId, decimal pounds, string category = "leisure", string payee = "Leisure Centre",
                                     LocalDate? date = null) =>
        new(actor, Key(), partId, Money.FromPounds(pounds), category, payee, date ?? new LocalDate(2026, 10, 10), "Swimming sessions");

    public Task<BudgetSummaryView> Summary(Guid budgetId) =>
        App.SendAsync(new BudgetSummary.Query(Finance, budgetId, new LocalDate(2026, 11, 23))).ContinueWith(t => Ok(t.Result));

    public async Task<long> LedgerEntries()
    {
        await using var conn = new Npgsql.NpgsqlConnection(_db.ConnectionString);
        return await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM ledger.entries");
    }

    public async Task<long> AuditRecords(string outcome, string? code = null)
    {
        await using var conn = new Npgsql.NpgsqlConnection(_db.ConnectionString);
        return await conn.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM sds.audit_log WHERE outcome = @Outcome AND (@Code IS NULL OR code = @Code)", new { Outcome = outcome, Code = code });
    }

    public async Task AuditPasses()
    {
        var report = await Audit.RunAsync();
        report.Checks.Where(c => !c.Passed).Should().BeEmpty("the ledger audit must pass: {0}",
            string.Join("; ", report.Checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {string.Join(", ", c.Examples)}")));
    }

    public static PartSpec DirectPayment(decimal pounds) => new(SdsOption.DirectPayment, HolderKind.Person, Money.FromPounds(pounds));
    public PartSpec ProviderHeld(decimal pounds) => new(SdsOption.DirectedSupport, HolderKind.Organisation, Money.FromPounds(pounds), ProviderId);
    public static PartSpec CouncilArranged(decimal pounds) => new(SdsOption.CouncilArranged, HolderKind.Council, Money.FromPounds(pounds));
}
