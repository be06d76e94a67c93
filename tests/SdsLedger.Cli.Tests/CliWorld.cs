using Dapper;
using NodaTime;
using Npgsql;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.Councils;
using SdsLedger.Features.People;
using SdsLedger.Features.Plans;
using SdsLedger.Features.Payments;
using SdsLedger.Pipeline;
using SdsLedger.Testing;

namespace SdsLedger.Cli.Tests;

/// <summary>
/// A fresh database with a council, its finance officer (fin-test), a social worker (sw-test) and a provider
/// (harbour-care, whose worker is harbour-finance), set up in-process through the same commands the CLI sends;
/// and a way to give each test a person of its own with an active two-part budget, so tests do not share money.
/// </summary>
public sealed class CliWorld : IAsyncLifetime
{
    public const string Finance = "fin-test";
    public const string SocialWorker = "sw-test";
    public const string ProviderWorker = "harbour-finance";
    public const string Provider = "harbour-care";

    public static readonly LocalDate Start = new(2026, 10, 1);
    public static readonly LocalDate End = new(2027, 3, 31);

    private readonly FreshDatabase _db = new();
    private SdsLedgerApp _app = null!;
    private Actor _finance = null!;
    private Actor _socialWorker = null!;
    private Guid _councilId;
    private Guid _providerId;
    private Guid _socialWorkerId;
    private int _people;

    public string ConnectionString => _db.ConnectionString;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _app = SdsLedgerApp.Create(_db.ConnectionString);
        var setup = new Actor(Guid.CreateVersion7(), "Fiona Finance", Role.CouncilFinance, null);
        _councilId = Ok(await _app.SendAsync(new SetUpCouncil.Command(setup, Key(), "north-test", "North Test Council", "SDS team, 01234 567890", Finance)));
        _finance = setup with { CouncilId = _councilId };
        _socialWorkerId = Ok(await _app.SendAsync(new RegisterWorker.Command(_finance, Key(), SocialWorker, "Sam Worker", Role.SocialWorker, _councilId, null)));
        _socialWorker = new Actor(_socialWorkerId, "Sam Worker", Role.SocialWorker, _councilId);
        _providerId = Ok(await _app.SendAsync(new RegisterOrganisation.Command(_finance, Key(), Provider, "Harbour Care", "0141 000 0000")));
        Ok(await _app.SendAsync(new RegisterWorker.Command(_finance, Key(), ProviderWorker, "Harbour Care finance", Role.Provider, null, _providerId)));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    /// <summary>
    /// A new person with an active budget for 1 October 2026 to 31 March 2027: part 1 a £2,600 direct payment, part 2 £5,200 of
    /// directed support held by Harbour Care; plan categories personal-care and leisure; the first instalments paid
    /// (£400.00 to part 1, £800.00 to part 2). Returns the person's reference.
    /// </summary>
    public async Task<string> PersonWithBudgetAsync()
    {
        var reference = $"NT-{Interlocked.Increment(ref _people):D4}";
        var person = Ok(await _app.SendAsync(new RegisterPerson.Command(_socialWorker, Key(), reference, "Jo Example", new LocalDate(1980, 5, 17),
            "12 Main Street", StatementFormat.Standard, _socialWorkerId)));
        var budget = Ok(await _app.SendAsync(new CreateBudget.Command(_socialWorker, Key(), person, Start, End,
        [
            new PartSpec(SdsOption.DirectPayment, HolderKind.Person, Money.FromPounds(2600)),
            new PartSpec(SdsOption.DirectedSupport, HolderKind.Organisation, Money.FromPounds(5200), _providerId),
        ])));
        Ok(await _app.SendAsync(new AgreeSupportPlan.Command(_socialWorker, Key(), budget.BudgetId, Start, [new Outcome("Get out to the shops on my own")],
            [new PlanCategory("personal-care"), new PlanCategory("leisure")])));
        Ok(await _app.SendAsync(new ActivateBudget.Command(_finance, Key(), budget.BudgetId)));
        Ok(await _app.SendAsync(new PaymentRun.Command(_finance, Key(), _councilId, Start)));
        return reference;
    }

    public async Task<long> SpendsAsync(string? reference = null)
    {
        await using var conn = new NpgsqlConnection(_db.ConnectionString);
        return await conn.ExecuteScalarAsync<long>("""
            SELECT count(*) FROM sds.spends s JOIN sds.budget_parts p ON p.id = s.part_id JOIN sds.budgets b ON b.id = p.budget_id
              JOIN sds.people pe ON pe.id = b.person_id
             WHERE @Reference IS NULL OR pe.reference = @Reference
            """, new { Reference = reference });
    }

    public async Task<long> LedgerEntriesAsync()
    {
        await using var conn = new NpgsqlConnection(_db.ConnectionString);
        return await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM ledger.entries");
    }

    private static string Key() => Guid.NewGuid().ToString();

    private static T Ok<T>(Result<T> result)
    {
        result.Succeeded.Should().BeTrue(result.ToString());
        return result.Value!;
    }
}
