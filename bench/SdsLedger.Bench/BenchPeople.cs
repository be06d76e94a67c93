using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.Councils;
using SdsLedger.Features.Payments;
using SdsLedger.Features.People;
using SdsLedger.Features.Plans;
using SdsLedger.Features.Spending;
using SdsLedger.Pipeline;

namespace SdsLedger.Bench;

/// <summary>
/// A council set up through the commands, as a social worker and a finance officer would: one person per client, each
/// with an active, funded direct payment they spend from as themselves. Used where a benchmark sends whole commands.
/// </summary>
internal static class BenchPeople
{
    public static readonly LocalDate Start = new(2026, 4, 1);

    public static async Task<(Guid Council, IReadOnlyList<(Actor Actor, Guid Part)> People)> SeedAsync(string owner, int count, CancellationToken ct)
    {
        await using var app = SdsLedgerApp.Create(owner);
        var keys = 0;
        string Key() => $"seed-{++keys}";
        var setup = new Actor(Guid.CreateVersion7(), "Bench Finance", Role.CouncilFinance, null);
        var council = Ok(await app.SendAsync(new SetUpCouncil.Command(setup, Key(), "bench", "Bench Council", "-", "bench-finance"), ct));
        var finance = setup with { CouncilId = council };
        var workerId = Ok(await app.SendAsync(new RegisterWorker.Command(finance, Key(), "bench-worker", "Bench Worker", Role.SocialWorker, council, null), ct));
        var worker = new Actor(workerId, "Bench Worker", Role.SocialWorker, council);
        var people = new List<(Actor, Guid)>();
        for (var i = 0; i < count; i++)
        {
            var person = Ok(await app.SendAsync(new RegisterPerson.Command(worker, Key(), $"BENCH-{i}", $"Bench Person {i}", new LocalDate(1980, 1, 1), "",
                StatementFormat.Standard, null), ct));
            var budget = Ok(await app.SendAsync(new CreateBudget.Command(worker, Key(), person, Start, Start.PlusYears(1).PlusDays(-1),
                [new PartSpec(SdsOption.DirectPayment, HolderKind.Person, Money.FromPounds(50_000_000), InstalmentWeeks: 0)]), ct));
            Ok(await app.SendAsync(new AgreeSupportPlan.Command(worker, Key(), budget.BudgetId, Start, [new Outcome("Bench")], [new PlanCategory("leisure")]), ct));
            Ok(await app.SendAsync(new ActivateBudget.Command(finance, Key(), budget.BudgetId), ct));
            people.Add((Actor.Person(person, $"Bench Person {i}", council), budget.PartIds[0]));
        }
        Ok(await app.SendAsync(new PaymentRun.Command(finance, Key(), council, Start), ct));
        return (council, people);
    }

    /// <summary>
    /// A spend with a key and payee of its side's own, so that no spend looks like another's (the duplicate rule would
    /// refuse it, and the approval threshold counts a payee's spends together).
    /// </summary>
    public static RecordSpend.Command Spend(Actor actor, Guid part, string side, int client, long n) =>
        new(actor, $"{side}-{client}-{n}", part, Money.FromPence(100 + n % 900), "leisure", $"{side} shop {client}-{n}", new LocalDate(2026, 4, 10), "bench spend");

    private static T Ok<T>(Result<T> result) => result.Succeeded ? result.Value! : throw new InvalidOperationException(result.ToString());
}
