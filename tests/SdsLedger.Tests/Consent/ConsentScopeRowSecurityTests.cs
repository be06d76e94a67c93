using Dapper;
using Npgsql;
using NodaTime;
using SdsLedger.Access;
using SdsLedger.Domain;
using SdsLedger.Features.TestBudgets;
using SdsLedger.Tests.Budgets;
using static SdsLedger.Tests.Budgets.TestBudgetSteps;

namespace SdsLedger.Tests.Consent;

/// <summary>
/// What a consent covers, enforced by row-level security on its own (raw SQL as the application's role, for a sealed
/// recovery-worker tenant): a summary-only consent shows the budget but not the test budget's plan or the person's
/// progress notes; a statements consent shows the notes (a statement carries them) but not the plan; a consent to act on
/// the test budget shows both.
/// </summary>
public sealed class ConsentScopeRowSecurityTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    [Theory]
    [InlineData(true, false, false, 0L, 0L)]
    [InlineData(false, true, false, 0L, 1L)]
    [InlineData(false, false, true, 1L, 1L)]
    public async Task A_recovery_worker_reads_a_test_budgets_plan_and_notes_only_as_far_as_the_consent_covers(
        bool summary, bool statements, bool testBudget, long plannedPurchases, long notes)
    {
        var seal = new TenantSeal(TenantSeal.NewKey());
        await seal.InstallAsync(s.ConnectionString);
        var person = await s.Person();
        var worker = await s.RecoveryWorkerOf(s.ProviderId, "Skye Scope");
        var budget = SdsScenario.Ok(await s.App.SendAsync(s.TestBudget(s.SocialWorker, person, 100)));
        SdsScenario.Ok(await s.App.SendAsync(new PlanPurchase.Command(s.SocialWorker, s.Key(), budget.BudgetId, budget.OutcomeIds[0], "Ten swims",
            Money.FromPounds(30), "leisure", new LocalDate(2026, 11, 10))));
        SdsScenario.Ok(await s.App.SendAsync(new RecordProgress.Command(s.SocialWorker, s.Key(), budget.BudgetId, new LocalDate(2026, 11, 2), "Swam twice.")));
        await s.Consent(person, worker, summary, statements, testBudget);

        await using var conn = new NpgsqlConnection(s.ConnectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("SET LOCAL ROLE sdsledger_app", transaction: tx);
        var expires = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        await conn.ExecuteAsync("SELECT sds.act_for(@C, 'recovery-worker', NULL, @O, @W, @E, @S)", new
        {
            C = s.CouncilId, O = s.ProviderId, W = worker.Id, E = expires,
            S = seal.Sign(s.CouncilId, Role.RecoveryWorker, null, s.ProviderId, expires, worker.Id),
        }, tx);
        var budgets = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM sds.budgets WHERE person_id = @person", new { person }, tx);
        var planned = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM sds.planned_purchases WHERE person_id = @person", new { person }, tx);
        var noted = await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM sds.progress_notes WHERE person_id = @person", new { person }, tx);

        budgets.Should().Be(1, "any current consent shows the budget itself");
        planned.Should().Be(plannedPurchases, "the test budget's plan needs a consent to act on it");
        noted.Should().Be(notes, "the notes need a consent to act on the test budget or to see statements");
    }
}
