using Dapper;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.Consent;
using SdsLedger.Features.Councils;
using SdsLedger.Features.People;
using SdsLedger.Features.Plans;
using SdsLedger.Features.Surplus;
using SdsLedger.Features.TestBudgets;
using SdsLedger.Pipeline;

namespace SdsLedger.Tests.Budgets;

/// <summary>A council of another place, with its own finance officer and social worker.</summary>
internal sealed record OtherCouncil(Guid CouncilId, Actor Finance, Actor SocialWorker);

/// <summary>Steps the test-budget, surplus and practitioner-list tests share, on top of <see cref="SdsScenario"/>.</summary>
internal static class TestBudgetSteps
{
    public static readonly LocalDate TestStart = SdsScenario.PeriodStart;

    /// <summary>With the default rules (12 weeks), a test budget starting 1 October 2026 runs to 23 December 2026, both days included.</summary>
    public static readonly LocalDate TestEnd = new(2026, 12, 23);

    /// <summary>A recovery worker of an organisation: they act within the council that registered it.</summary>
    public static Task<Actor> RecoveryWorkerOf(this SdsScenario s, Guid organisationId, string name = "Rae Recovery") =>
        s.Worker(Role.RecoveryWorker, name, organisationId);

    /// <summary>The person's consent, recorded by their social worker, for the worker to see and act on their test budgets from the scenario's today.</summary>
    public static async Task<Guid> Consent(this SdsScenario s, Guid personId, Actor worker, bool summary = true, bool statements = true, bool testBudget = true) =>
        SdsScenario.Ok(await s.App.SendAsync(new GiveConsent.Command(s.SocialWorker, s.Key(), personId, ConsentKind.PeerWorker, worker.Id, null,
            summary, statements, testBudget, new LocalDate(2026, 11, 1))));

    public static CreateTestBudget.Command TestBudget(this SdsScenario s, Actor actor, Guid personId, decimal pounds, Guid? organisationId = null) =>
        new(actor, s.Key(), personId, TestStart, Money.FromPounds(pounds), organisationId is null ? HolderKind.Council : HolderKind.Organisation,
            organisationId,
            [new Outcome("Get back into swimming", "maintenance", "personal"), new Outcome("Reconnect with my daughter", CapitalDomain: "social")],
            [new PlanCategory("leisure"), new PlanCategory("travel", Money.FromPounds(40))]);

    public static RecordSurplusDiscussion.Command Discussion(this SdsScenario s, Guid partId, decimal agreedPounds, Actor? actor = null) =>
        new(actor ?? s.SocialWorker, s.Key(), partId, new LocalDate(2027, 1, 25),
            "Talked through the balance with Jo; Jo is saving for a holiday in the spring and agreed the rest can go back.", Money.FromPounds(agreedPounds));

    public static ReclaimSurplus.Command Reclaim(this SdsScenario s, Guid partId, decimal pounds, Actor? actor = null) =>
        new(actor ?? s.Finance, s.Key(), partId, Money.FromPounds(pounds), new LocalDate(2027, 1, 28));

    /// <summary>A new organisation, so that a test sees only what it holds itself.</summary>
    public static async Task<Guid> Organisation(this SdsScenario s, string name = "Bridge Recovery") =>
        SdsScenario.Ok(await s.App.SendAsync(new RegisterOrganisation.Command(s.Finance, s.Key(), $"org-{Guid.NewGuid():N}"[..20], name, "")));

    /// <summary>A new social worker of the scenario's council, with a caseload of their own.</summary>
    public static async Task<(Guid WorkerId, Actor Actor)> NewSocialWorker(this SdsScenario s, string name = "Morag Worker")
    {
        var worker = await s.Worker(Role.SocialWorker, name);
        return (worker.Id, worker);
    }

    public static async Task<Guid> PersonOf(this SdsScenario s, Actor socialWorker, Guid? socialWorkerId, string name = "Jo Example") =>
        SdsScenario.Ok(await s.App.SendAsync(new RegisterPerson.Command(socialWorker, s.Key(), $"P-{Guid.NewGuid():N}"[..12], name,
            new LocalDate(1984, 2, 9), "", StatementFormat.Standard, socialWorkerId)));

    public static async Task<OtherCouncil> OtherCouncil(this SdsScenario s)
    {
        var setup = new Actor(Guid.CreateVersion7(), "Olive Other", Role.CouncilFinance, null);
        var id = SdsScenario.Ok(await s.App.SendAsync(new SetUpCouncil.Command(setup, s.Key(), $"other-{Guid.NewGuid():N}"[..20], "Other Council", "01000 000000",
            $"fin-{Guid.NewGuid():N}"[..20])));
        var finance = setup with { CouncilId = id };
        return new OtherCouncil(id, finance, await s.Worker(Role.SocialWorker, "Oscar Other", finance: finance));
    }

    /// <summary>A budget set up, planned and activated by the given council staff; with no finance officer it stays a draft.</summary>
    public static async Task<CreatedBudget> BudgetFor(this SdsScenario s, Actor socialWorker, Actor? finance, Guid personId, IReadOnlyList<PartSpec> parts,
                                                      params string[] categories)
    {
        var budget = SdsScenario.Ok(await s.App.SendAsync(new CreateBudget.Command(socialWorker, s.Key(), personId, SdsScenario.PeriodStart,
            SdsScenario.PeriodEnd, parts)));
        SdsScenario.Ok(await s.App.SendAsync(new AgreeSupportPlan.Command(socialWorker, s.Key(), budget.BudgetId, SdsScenario.PeriodStart,
            [new Outcome("Stay well at home")], (categories.Length == 0 ? ["personal-care", "leisure"] : categories).Select(c => new PlanCategory(c)).ToList())));
        if (finance is not null) SdsScenario.Ok(await s.App.SendAsync(new ActivateBudget.Command(finance, s.Key(), budget.BudgetId)));
        return budget;
    }

    /// <summary>Spends in pieces under the approval threshold, to distinct payees, so that no rule but the ones under test applies.</summary>
    public static async Task SpendInPieces(this SdsScenario s, Actor actor, Guid partId, string category, params decimal[] pieces)
    {
        for (var i = 0; i < pieces.Length; i++)
            SdsScenario.Ok(await s.App.SendAsync(s.Spend(actor, partId, pieces[i], category, $"Payee {i + 1}", new LocalDate(2026, 10, 10 + i))));
    }

    public static async Task<long> CountRows(this SdsScenario s, string sql, object? args = null)
    {
        await using var conn = new Npgsql.NpgsqlConnection(s.ConnectionString);
        return await conn.ExecuteScalarAsync<long>(sql, args);
    }

    /// <summary>What a refused command leaves behind: ledger entries, budgets, plans, purchases, notes, discussions, answered commands.</summary>
    public static Task<long> WrittenRows(this SdsScenario s) => s.CountRows("""
        SELECT (SELECT count(*) FROM ledger.entries) + (SELECT count(*) FROM ledger.accounts) + (SELECT count(*) FROM sds.budgets)
             + (SELECT count(*) FROM sds.budget_parts) + (SELECT count(*) FROM sds.plan_outcomes) + (SELECT count(*) FROM sds.plan_categories)
             + (SELECT count(*) FROM sds.support_plans) + (SELECT count(*) FROM sds.planned_purchases) + (SELECT count(*) FROM sds.progress_notes)
             + (SELECT count(*) FROM sds.surplus_discussions WHERE used_by_entry IS NOT NULL)
        """);

    public static Refusal Refused<T>(Result<T> result, string code)
    {
        result.Refusal.Should().NotBeNull(result.ToString());
        result.Refusal!.Code.Should().Be(code, result.Refusal.Reason);
        return result.Refusal;
    }
}
