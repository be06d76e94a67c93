using NodaTime;
using NodaTime.Testing;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.Councils;
using SdsLedger.Features.Payments;
using SdsLedger.Features.People;
using SdsLedger.Features.Plans;
using SdsLedger.Features.Spending;
using SdsLedger.Pipeline;

namespace SdsLedger.Faults.Tests;

/// <summary>
/// A council set up through the same commands the command line uses, with one funded direct payment per person, on
/// whatever server the connection string names; every spend goes through the whole pipeline.
/// </summary>
internal sealed class Council : IAsyncDisposable
{
    private static readonly LocalDate PeriodStart = new(2026, 10, 1);
    private static readonly LocalDate SpentOn = new(2026, 11, 2);

    private readonly Actor _finance;
    private readonly Actor _worker;

    private Council(SdsLedgerApp app, IReadOnlyList<(Guid Part, Actor Person)> people, Actor finance, Actor worker)
    {
        App = app;
        People = people;
        _finance = finance;
        _worker = worker;
    }

    public SdsLedgerApp App { get; }

    /// <summary>Each person's direct payment part, and the person who spends from it.</summary>
    public IReadOnlyList<(Guid Part, Actor Person)> People { get; }

    /// <summary>The day the council's commands run on, inside the budgets' period.</summary>
    public static IClock Clock { get; } = new FakeClock(Instant.FromUtc(2026, 11, 23, 10, 0));

    public static async Task<Council> SetUpAsync(string connectionString, int people, CancellationToken ct)
    {
        var app = SdsLedgerApp.Create(connectionString, Clock);
        var setup = new Actor(Guid.CreateVersion7(), "Fiona Finance", Role.CouncilFinance, null);
        var council = Ok(await app.SendAsync(new SetUpCouncil.Command(setup, Key(), "north-faults", "North Faults Council", "SDS team, 01234 567890",
            "fin-faults"), ct));
        var finance = setup with { CouncilId = council };
        var workerId = Ok(await app.SendAsync(new RegisterWorker.Command(finance, Key(), "sw-one", "Sam Worker", Role.SocialWorker, council, null), ct));
        var worker = new Actor(workerId, "Sam Worker", Role.SocialWorker, council);

        var parts = new List<(Guid, Actor)>();
        for (var i = 0; i < people; i++)
        {
            var person = Ok(await app.SendAsync(new RegisterPerson.Command(worker, Key(), $"NF-{i + 1:D4}", "Jo Example", new LocalDate(1980, 5, 17),
                "12 Main Street", StatementFormat.Standard, workerId), ct));
            var budget = Ok(await app.SendAsync(new CreateBudget.Command(worker, Key(), person, PeriodStart, new LocalDate(2027, 3, 31),
                [new PartSpec(SdsOption.DirectPayment, HolderKind.Person, Money.FromPounds(500_000))]), ct));
            Ok(await app.SendAsync(new AgreeSupportPlan.Command(worker, Key(), budget.BudgetId, PeriodStart,
                [new Outcome("Get out to the shops on my own")], [new PlanCategory("leisure")]), ct));
            Ok(await app.SendAsync(new ActivateBudget.Command(finance, Key(), budget.BudgetId), ct));
            parts.Add((budget.PartIds[0], Actor.Person(person, "Jo Example", council)));
        }
        Ok(await app.SendAsync(new PaymentRun.Command(finance, Key(), council, new LocalDate(2026, 10, 29), Confirmed: true), ct));
        return new Council(app, parts, finance, worker);
    }

    /// <summary>A small spend with a payee of its own, so that the duplicate rule never asks for a confirmation.</summary>
    public RecordSpend.Command Spend(int person, string key, long pence) =>
        new(People[person].Person, key, People[person].Part, Money.FromPence(pence), "leisure", $"Kirkton Leisure {key[^12..]}", SpentOn,
            "Swimming session");

    /// <summary>Someone registered with no budget, whom the council may erase at once.</summary>
    public async Task<Guid> PersonWithoutBudgetAsync(string reference, string name, CancellationToken ct) =>
        Ok(await App.SendAsync(new RegisterPerson.Command(_worker, Key(), reference, name, new LocalDate(1979, 2, 11), "3 Harbour Lane",
            StatementFormat.Standard, _worker.Id), ct));

    public async Task EraseAsync(Guid person, string reason, CancellationToken ct) =>
        Ok(await App.SendAsync(new ErasePerson.Command(_finance, Key(), person, reason), ct));

    public static string Key() => Guid.CreateVersion7().ToString();

    private static T Ok<T>(Result<T> result)
    {
        result.Succeeded.Should().BeTrue(result.ToString());
        return result.Value!;
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
