using Dapper;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.TestBudgets;
using static SdsLedger.Tests.Budgets.TestBudgetSteps;

namespace SdsLedger.Tests.Budgets;

public sealed class TestBudgetTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    [Fact]
    public async Task A_test_budget_over_the_councils_cap_is_refused_with_both_figures_and_writes_nothing()
    {
        var person = await s.Person();
        var written = await s.WrittenRows();
        var refusedBefore = await s.AuditRecords("refused", RefusalCodes.TestBudgetCap);

        var result = await s.App.SendAsync(s.TestBudget(s.SocialWorker, person, 300));

        var refusal = Refused(result, RefusalCodes.TestBudgetCap);
        refusal.Reason.Should().Contain("£250.00").And.Contain("£300.00");
        (await s.WrittenRows()).Should().Be(written);
        (await s.AuditRecords("refused", RefusalCodes.TestBudgetCap)).Should().Be(refusedBefore + 1);
    }

    [Fact]
    public async Task A_test_budget_at_the_cap_is_active_at_once_for_the_councils_time_limit()
    {
        var person = await s.Person();

        var created = SdsScenario.Ok(await s.App.SendAsync(s.TestBudget(s.SocialWorker, person, 250)));
        var summary = await s.Summary(created.BudgetId);

        created.End.Should().Be(TestEnd);
        created.OutcomeIds.Should().HaveCount(2);
        summary.IsTest.Should().BeTrue();
        summary.Status.Should().Be("active");
        summary.Option.Should().Be(SdsOption.DirectedSupport);
        summary.Parts.Should().ContainSingle(p => p.Holder == "The council");
        summary.Allocated.Should().Be(Money.FromPounds(250));
        summary.Received.Should().Be(Money.Zero);
        summary.Outcomes.Should().Equal("Get back into swimming", "Reconnect with my daughter");
        (await s.CountRows("SELECT count(*) FROM sds.plan_outcomes WHERE budget_id = @Id AND recovery_phase = 'maintenance' AND capital_domain = 'personal'",
            new { Id = created.BudgetId })).Should().Be(1);
        (await s.CountRows("SELECT count(*) FROM sds.plan_categories WHERE budget_id = @Id", new { Id = created.BudgetId })).Should().Be(2);
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_test_budget_held_by_a_recovery_service_is_paid_in_full_spent_planned_and_its_progress_noted()
    {
        var person = await s.Person();
        var worker = await s.RecoveryWorkerOf(s.ProviderId);
        await s.Consent(person, worker);

        var created = SdsScenario.Ok(await s.App.SendAsync(s.TestBudget(worker, person, 200, s.ProviderId)));
        var run = SdsScenario.Ok(await s.PaymentRun(TestStart));
        var plan = await s.App.SendAsync(new PlanPurchase.Command(worker, s.Key(), created.BudgetId, created.OutcomeIds[0], "Ten swims at the leisure centre",
            Money.FromPounds(45), "leisure", new LocalDate(2026, 10, 2)));
        var spend = await s.App.SendAsync(s.Spend(worker, created.PartId, 45, "leisure", "Leisure Centre", new LocalDate(2026, 10, 6)));
        var note = await s.App.SendAsync(new RecordProgress.Command(worker, s.Key(), created.BudgetId, new LocalDate(2026, 10, 20),
            "Jo has been swimming twice a week and met an old friend at the pool.", "I forgot how much I love the water.", Completed: true,
            OutcomeId: created.OutcomeIds[0]));
        var general = await s.App.SendAsync(new RecordProgress.Command(s.SocialWorker, s.Key(), created.BudgetId, new LocalDate(2026, 11, 2),
            "Jo phoned her daughter for the first time this year."));
        var summary = await s.Summary(created.BudgetId);

        run.TotalPaid.Should().BeGreaterThanOrEqualTo(Money.FromPounds(200));
        plan.Succeeded.Should().BeTrue(plan.ToString());
        spend.Succeeded.Should().BeTrue(spend.ToString());
        note.Succeeded.Should().BeTrue(note.ToString());
        general.Succeeded.Should().BeTrue(general.ToString());
        summary.Parts.Should().ContainSingle(p => p.Holder == "Harbour Care");
        summary.Received.Should().Be(Money.FromPounds(200), "a test budget is paid in one instalment at the start");
        summary.Spent.Should().Be(Money.FromPounds(45));
        summary.Available.Should().Be(Money.FromPounds(155));
        await using var conn = new Npgsql.NpgsqlConnection(s.ConnectionString);
        var notes = (await conn.QueryAsync<(string RecordedBy, string? InOwnWords, bool Completed, Guid? OutcomeId)>("""
            SELECT a.name, n.in_own_words, n.completed, n.outcome_id
              FROM sds.progress_notes n JOIN sds.actors a ON a.id = n.recorded_by_id WHERE n.budget_id = @Id ORDER BY n.noted_on
            """,
            new { Id = created.BudgetId })).ToList();
        notes[0].InOwnWords.Should().StartWith(Features.Shared.PersonKeys.SealedMark, "the person's own words are kept sealed with their key");
        notes[0] = notes[0] with { InOwnWords = await s.Reveal(notes[0].InOwnWords!) };
        notes.Should().Equal(("Rae Recovery", "I forgot how much I love the water.", true, created.OutcomeIds[0]), ("Sam Worker", null, false, null));
        (await conn.ExecuteScalarAsync<Guid>("SELECT outcome_id FROM sds.planned_purchases WHERE id = @Id", new { Id = plan.Value }))
            .Should().Be(created.OutcomeIds[0]);
        await s.AuditPasses();
    }

    [Fact]
    public async Task Spending_a_test_budget_after_its_time_limit_is_refused_and_writes_nothing()
    {
        var person = await s.Person();
        var created = SdsScenario.Ok(await s.App.SendAsync(s.TestBudget(s.SocialWorker, person, 120)));
        SdsScenario.Ok(await s.PaymentRun(TestStart));

        var lastDay = await s.OnDay(TestEnd, () => s.App.SendAsync(s.Spend(s.Finance, created.PartId, 20, "leisure", "Leisure Centre", TestEnd)));
        var entries = await s.LedgerEntries();
        var late = await s.OnDay(TestEnd.PlusDays(1), () => s.App.SendAsync(s.Spend(s.Finance, created.PartId, 20, "travel", "Bus company", TestEnd.PlusDays(1))));

        lastDay.Succeeded.Should().BeTrue(lastDay.ToString());
        Refused(late, RefusalCodes.OutsidePeriod).Reason.Should().Contain("24 December 2026").And.Contain("23 December 2026");
        (await s.LedgerEntries()).Should().Be(entries);
        await s.AuditPasses();
    }

    [Fact]
    public async Task Only_a_social_worker_or_a_consented_recovery_worker_of_the_holder_may_set_up_a_test_budget()
    {
        var person = await s.Person();
        var other = await s.OtherCouncil();
        var elsewhere = await s.Organisation("Elsewhere Recovery");
        var (elsewhereWorker, orgWorker, councilWorker, unconsented, seeOnly) = (await s.RecoveryWorkerOf(elsewhere), await s.RecoveryWorkerOf(s.ProviderId),
            await s.Worker(Role.RecoveryWorker, "Cal Council"), await s.RecoveryWorkerOf(s.ProviderId, "Una Asked"), await s.RecoveryWorkerOf(s.ProviderId, "Sid Seer"));
        foreach (var w in new[] { elsewhereWorker, orgWorker, councilWorker }) await s.Consent(person, w);
        await s.Consent(person, seeOnly, testBudget: false);

        var finance = await s.App.SendAsync(s.TestBudget(s.Finance, person, 100));
        var otherService = await s.App.SendAsync(s.TestBudget(elsewhereWorker, person, 100, s.ProviderId));
        var councilHeldByOrgWorker = await s.App.SendAsync(s.TestBudget(orgWorker, person, 100));
        var provider = await s.App.SendAsync(s.TestBudget(s.Provider, person, 100, s.ProviderId));
        var otherCouncil = await s.App.SendAsync(s.TestBudget(other.SocialWorker, person, 100));
        var themselves = await s.App.SendAsync(s.TestBudget(s.PersonActor(person), person, 100));
        var noConsent = await s.App.SendAsync(s.TestBudget(unconsented, person, 100, s.ProviderId));
        var notToAct = await s.App.SendAsync(s.TestBudget(seeOnly, person, 100, s.ProviderId));
        var councilRecoveryWorker = await s.App.SendAsync(s.TestBudget(councilWorker, person, 100));

        Refused(finance, RefusalCodes.NotAuthorised);
        Refused(otherService, RefusalCodes.NotAuthorised);
        Refused(councilHeldByOrgWorker, RefusalCodes.NotAuthorised);
        Refused(provider, RefusalCodes.NotAuthorised);
        Refused(otherCouncil, RefusalCodes.NotFound);
        Refused(noConsent, RefusalCodes.NotFound);
        Refused(notToAct, RefusalCodes.NotAuthorised).Reason.Should().Contain("consent");
        councilRecoveryWorker.Succeeded.Should().BeTrue(councilRecoveryWorker.ToString());
    }

    [Fact]
    public async Task A_test_budget_has_one_to_three_outcomes_and_a_holder_that_fits()
    {
        var person = await s.Person();
        var command = s.TestBudget(s.SocialWorker, person, 100);

        var none = await s.App.SendAsync(command with { Outcomes = [] });
        var four = await s.App.SendAsync(command with { Outcomes = [.. command.Outcomes, .. command.Outcomes] });
        var badTag = await s.App.SendAsync(command with { Outcomes = [command.Outcomes[0] with { RecoveryPhase = "relapse" }] });
        var person_ = await s.App.SendAsync(command with { Holder = HolderKind.Person });

        none.Errors.Should().ContainSingle(e => e.Field == "Outcomes");
        four.Errors.Should().ContainSingle(e => e.Field == "Outcomes").Which.Message.Should().Contain("one to 3");
        badTag.Errors.Should().ContainSingle(e => e.Field == "Outcomes[0].RecoveryPhase");
        person_.Errors.Should().ContainSingle(e => e.Field == "Holder");
    }

    [Fact]
    public async Task Planned_purchases_stay_inside_the_plan_and_the_budget_and_the_person_may_plan_their_own()
    {
        var person = await s.Person();
        var created = SdsScenario.Ok(await s.App.SendAsync(s.TestBudget(s.SocialWorker, person, 100)));
        PlanPurchase.Command Plan(Actor actor, decimal pounds, string category = "leisure") =>
            new(actor, s.Key(), created.BudgetId, created.OutcomeIds[1], "Train tickets to see my daughter", Money.FromPounds(pounds), category,
                new LocalDate(2026, 10, 3));

        var own = await s.App.SendAsync(Plan(s.PersonActor(person), 60, "travel"));
        var outside = await s.App.SendAsync(Plan(s.SocialWorker, 10, "gym"));
        var tooMuch = await s.App.SendAsync(Plan(s.SocialWorker, 50));
        var finance = await s.App.SendAsync(Plan(s.Finance, 10));
        var stranger = await s.App.SendAsync(Plan(await s.RecoveryWorkerOf(s.ProviderId), 10));
        var otherOutcome = await s.App.SendAsync(Plan(s.SocialWorker, 10) with { OutcomeId = Guid.NewGuid() });

        own.Succeeded.Should().BeTrue(own.ToString());
        Refused(outside, RefusalCodes.OutsidePlan).Reason.Should().Contain("leisure, travel");
        Refused(tooMuch, RefusalCodes.InsufficientFunds).Reason.Should().Contain("£110.00").And.Contain("£100.00").And.Contain("£60.00");
        Refused(finance, RefusalCodes.NotAuthorised);
        Refused(stranger, RefusalCodes.NotFound);
        otherOutcome.Errors.Should().ContainSingle(e => e.Field == "OutcomeId");
    }

    [Fact]
    public async Task Progress_is_noted_by_the_person_a_consented_recovery_worker_or_the_social_worker_only_and_never_ahead_of_today()
    {
        var person = await s.Person();
        var worker = await s.RecoveryWorkerOf(s.ProviderId);
        await s.Consent(person, worker);
        var created = SdsScenario.Ok(await s.App.SendAsync(s.TestBudget(worker, person, 100, s.ProviderId)));
        RecordProgress.Command Note(Actor actor, LocalDate? on = null) =>
            new(actor, s.Key(), created.BudgetId, on ?? new LocalDate(2026, 11, 1), "Went to the recovery cafe on my own.", "It felt good.");
        var otherCouncil = await s.OtherCouncil();

        var written = await s.WrittenRows();
        var finance = await s.App.SendAsync(Note(s.Finance));
        var provider = await s.App.SendAsync(Note(s.Provider));
        var elsewhere = await s.App.SendAsync(Note(await s.RecoveryWorkerOf(await s.Organisation())));
        var outsider = await s.App.SendAsync(Note(otherCouncil.SocialWorker));
        var future = await s.App.SendAsync(Note(s.SocialWorker, new LocalDate(2026, 11, 24)));
        var unknownBudget = await s.App.SendAsync(Note(s.SocialWorker) with { BudgetId = Guid.NewGuid() });

        Refused(finance, RefusalCodes.NotAuthorised);
        Refused(provider, RefusalCodes.NotAuthorised);
        Refused(elsewhere, RefusalCodes.NotFound);
        Refused(outsider, RefusalCodes.NotFound);
        Refused(unknownBudget, RefusalCodes.NotFound);
        future.Errors.Should().ContainSingle(e => e.Field == "NotedOn");
        (await s.WrittenRows()).Should().Be(written);
        var themselves = await s.App.SendAsync(Note(s.PersonActor(person)));
        themselves.Succeeded.Should().BeTrue("a person notes progress on their own test budget in their own words: {0}", themselves);
    }
}
