using Dapper;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.Caseload;
using SdsLedger.Features.People;
using SdsLedger.Features.Plans;
using SdsLedger.Features.Reports;
using SdsLedger.Features.Reviews;
using SdsLedger.Tests.Budgets;

namespace SdsLedger.Tests.Reviews;

public sealed class ReviewTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    // A three-year budget from 1 June 2025: its 12-week review (24 August 2025) and first yearly one (1 June 2026) are
    // both long overdue on the scenario's today, 23 November 2026.
    private static readonly LocalDate Start = new(2025, 6, 1);
    private static readonly LocalDate End = new(2028, 5, 31);
    private static readonly LocalDate Today = new(2026, 11, 23);

    private async Task<(Guid WorkerId, Actor Worker, Guid Person, Guid Budget)> LongBudget()
    {
        var (workerId, worker) = await s.NewSocialWorker();
        var person = await s.PersonOf(worker, workerId);
        var budget = SdsScenario.Ok(await s.App.SendAsync(new CreateBudget.Command(worker, s.Key(), person, Start, End, [SdsScenario.DirectPayment(3000)])));
        SdsScenario.Ok(await s.App.SendAsync(new AgreeSupportPlan.Command(worker, s.Key(), budget.BudgetId, Start, [new Outcome("Stay well at home")],
            [new PlanCategory("leisure")])));
        SdsScenario.Ok(await s.App.SendAsync(new ActivateBudget.Command(s.Finance, s.Key(), budget.BudgetId)));
        return (workerId, worker, person, budget.BudgetId);
    }

    private async Task<LocalDate?> CaseloadReview(Actor worker, Guid workerId, Guid budget, LocalDate asOf) =>
        SdsScenario.Ok(await s.App.SendAsync(new Caseload.Query(worker, workerId, asOf))).Lines.Single(l => l.BudgetId == budget).ReviewDue;

    private async Task<CaseloadBudget> ReportLine(Actor worker, Guid person, LocalDate asOf)
    {
        var reference = await s.Scalar<string>("SELECT reference FROM sds.people WHERE id = @person", new { person });
        return SdsScenario.Ok(await s.App.SendAsync(new CaseloadReport.Query(s.Finance, asOf))).Workers.SelectMany(w => w.Budgets)
            .Single(b => b.PersonReference == reference);
    }

    [Fact]
    public async Task A_recorded_review_settles_the_overdue_one_and_caseload_report_and_budget_show_the_next_a_year_on()
    {
        var (workerId, worker, person, budget) = await LongBudget();
        (await CaseloadReview(worker, workerId, budget, Today)).Should().Be(new LocalDate(2025, 8, 24), "nothing has recorded the 12-week review");
        (await ReportLine(worker, person, Today)).ReviewOverdue.Should().BeTrue();

        var done = SdsScenario.Ok(await s.App.SendAsync(new RecordReview.Command(worker, s.Key(), budget, new LocalDate(2026, 11, 20),
            "Keep the gym membership; add a cookery class in the spring.")));

        done.Should().BeEquivalentTo(new
        {
            DoneOn = new LocalDate(2026, 11, 20), WasDue = (LocalDate?)new LocalDate(2025, 8, 24), NextDue = (LocalDate?)new LocalDate(2027, 11, 20), NextReason = "yearly",
        });
        (await CaseloadReview(worker, workerId, budget, Today)).Should().BeNull("the next review is a year away");
        var report = await ReportLine(worker, person, Today);
        (report.ReviewDue, report.ReviewOverdue).Should().Be(((LocalDate?)null, false));
        (await ReportLine(worker, person, new LocalDate(2027, 11, 1))).Should().BeEquivalentTo(new { ReviewDue = (LocalDate?)new LocalDate(2027, 11, 20), ReviewOverdue = false });
        (await s.Summary(budget)).NextReview.Should().Be(new LocalDate(2027, 11, 20));
        SdsScenario.Ok(await s.App.SendAsync(new PersonBudgets.Query(worker, person, Today))).Budgets.Single().NextReview.Should().Be(new LocalDate(2027, 11, 20));

        var agreed = await s.Scalar<string>("""
            SELECT agreed FROM sds.reviews WHERE budget_id = @budget AND due_on = '2025-08-24' AND done_on = '2026-11-20' AND done_by_id = @WorkerId
            """, new { budget, WorkerId = workerId });
        (await s.Reveal(agreed)).Should().StartWith("Keep the gym");
        (await s.Count("SELECT count(*) FROM sds.reviews WHERE budget_id = @budget AND replaced_on IS NOT NULL", new { budget }))
            .Should().Be(2, "the yearly dates scheduled from the start give way to the one a year after this review");
        (await s.Count("SELECT count(*) FROM sds.audit_log WHERE action = 'RecordReview' AND actor_id = @WorkerId AND person_id = @person AND budget_id = @budget AND outcome = 'done'",
            new { WorkerId = workerId, person, budget })).Should().Be(1);
    }

    [Fact]
    public async Task Someone_in_maintenance_is_reviewed_six_monthly_and_a_relapse_makes_a_reassessment_due_now()
    {
        var (workerId, worker, person, budget) = await LongBudget();
        SdsScenario.Ok(await s.App.SendAsync(new ChangeRecoveryPhase.Command(worker, s.Key(), person, "maintenance", new LocalDate(2026, 10, 1), Relapse: false)));

        var done = SdsScenario.Ok(await s.App.SendAsync(new RecordReview.Command(worker, s.Key(), budget, new LocalDate(2026, 11, 2), "Carry on as agreed.")));
        (done.NextDue, done.NextReason).Should().Be(((LocalDate?)new LocalDate(2027, 5, 2), "six-monthly"));

        var relapse = SdsScenario.Ok(await s.App.SendAsync(new ChangeRecoveryPhase.Command(worker, s.Key(), person, "stabilisation", new LocalDate(2026, 11, 21),
            Relapse: true, "Back in touch with the team")));
        relapse.ReviewsDue.Should().BeEquivalentTo([new ReviewBroughtForward(budget, new LocalDate(2026, 11, 21))]);
        (await CaseloadReview(worker, workerId, budget, Today)).Should().Be(new LocalDate(2026, 11, 21), "a relapse means reassessment now");
        (await ReportLine(worker, person, Today)).ReviewOverdue.Should().BeTrue();

        var reassessed = SdsScenario.Ok(await s.App.SendAsync(new RecordReview.Command(worker, s.Key(), budget, Today, "Plan changed: more support hours.")));
        reassessed.Should().BeEquivalentTo(new { WasDue = (LocalDate?)new LocalDate(2026, 11, 21), NextDue = (LocalDate?)new LocalDate(2027, 11, 23), NextReason = "yearly" },
            "out of maintenance, reviews are yearly again");
        (await s.Summary(budget)).NextReview.Should().Be(new LocalDate(2027, 11, 23));
        (await s.Count("SELECT count(*) FROM sds.recovery_phases WHERE person_id = @person", new { person })).Should().Be(2, "each change of phase is kept");
        (await s.Count("SELECT count(*) FROM sds.audit_log WHERE action = 'ChangeRecoveryPhase' AND actor_id = @WorkerId AND person_id = @person",
            new { WorkerId = workerId, person })).Should().Be(2);
    }

    [Fact]
    public async Task Moving_into_maintenance_brings_the_next_review_to_six_months_after_the_last()
    {
        var (_, worker, person, budget) = await LongBudget();
        SdsScenario.Ok(await s.App.SendAsync(new RecordReview.Command(worker, s.Key(), budget, new LocalDate(2026, 9, 1), "First review, late.")));
        (await s.Summary(budget)).NextReview.Should().Be(new LocalDate(2027, 9, 1));

        SdsScenario.Ok(await s.App.SendAsync(new ChangeRecoveryPhase.Command(worker, s.Key(), person, "maintenance", new LocalDate(2026, 11, 2), Relapse: false)));

        (await s.Summary(budget)).NextReview.Should().Be(new LocalDate(2027, 3, 1));
    }

    [Fact]
    public async Task Only_the_persons_councils_social_workers_record_reviews_and_phases_and_bad_input_names_its_field()
    {
        var (_, worker, person, budget) = await LongBudget();
        var other = await s.OtherCouncil();
        RecordReview.Command Review(Actor actor, LocalDate? on = null, string agreed = "Agreed.") => new(actor, s.Key(), budget, on ?? Today, agreed);
        ChangeRecoveryPhase.Command Phase(Actor actor, string phase = "maintenance", LocalDate? from = null, string note = "") =>
            new(actor, s.Key(), person, phase, from ?? Today, false, note);

        await s.RefusedWith(Review(s.Finance), RefusalCodes.NotAuthorised);
        await s.RefusedWith(Review(s.Provider), RefusalCodes.NotFound);
        await s.RefusedWith(Review(other.SocialWorker), RefusalCodes.NotFound);
        await s.RefusedWith(Phase(s.Finance), RefusalCodes.NotAuthorised);
        await s.RefusedWith(Phase(other.SocialWorker), RefusalCodes.NotFound);

        (await s.App.SendAsync(Review(worker, Today.PlusDays(1)))).Errors.Select(e => e.Field).Should().Equal("On");
        (await s.App.SendAsync(Review(worker, new LocalDate(2025, 5, 1)))).Errors.Select(e => e.Field).Should().Equal("On");
        (await s.App.SendAsync(Review(worker, agreed: ""))).Errors.Select(e => e.Field).Should().Equal("Agreed");
        (await s.App.SendAsync(Review(worker, agreed: "Agreed\u200b"))).Errors.Select(e => e.Field).Should().Equal("Agreed");
        (await s.App.SendAsync(Phase(worker, "cured"))).Errors.Select(e => e.Field).Should().Equal("Phase");
        (await s.App.SendAsync(Phase(worker, from: Today.PlusDays(3)))).Errors.Select(e => e.Field).Should().Equal("From");
        (await s.App.SendAsync(Phase(worker, note: "bell\u0007"))).Errors.Select(e => e.Field).Should().Equal("Note");

        (await s.Count("SELECT count(*) FROM sds.reviews WHERE budget_id = @budget AND (done_on IS NOT NULL OR replaced_on IS NOT NULL)", new { budget })).Should().Be(0);
        (await s.Count("SELECT count(*) FROM sds.recovery_phases WHERE person_id = @person", new { person })).Should().Be(0);
        SdsScenario.Ok(await s.App.SendAsync(Review(s.SocialWorker))).NextDue.Should().Be(Today.PlusYears(1), "any social worker of the council may review");
    }
}
