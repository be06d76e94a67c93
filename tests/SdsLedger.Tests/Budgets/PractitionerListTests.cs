using Dapper;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.Caseload;
using SdsLedger.Features.People;
using SdsLedger.Features.Providers;
using SdsLedger.Features.TestBudgets;
using static SdsLedger.Tests.Budgets.TestBudgetSteps;

namespace SdsLedger.Tests.Budgets;

public sealed class PractitionerListTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    private static readonly LocalDate ThirdInstalment = new(2026, 11, 26);

    [Fact]
    public async Task A_caseload_shows_each_budget_of_the_workers_people_with_spending_against_time_reviews_due_and_approvals_waiting()
    {
        var (workerId, worker) = await s.NewSocialWorker();
        var (p1, p2, p3) = (await s.PersonOf(worker, workerId), await s.PersonOf(worker, workerId), await s.PersonOf(worker, workerId));
        var someoneElses = await s.Person();
        var untouched = await s.BudgetFor(worker, s.Finance, p1, [SdsScenario.DirectPayment(1300)]);
        var testBudget = SdsScenario.Ok(await s.App.SendAsync(s.TestBudget(worker, p1, 100)));
        var onTrack = await s.BudgetFor(worker, s.Finance, p2, [SdsScenario.CouncilArranged(1300)]);
        var draft = await s.BudgetFor(worker, null, p2, [SdsScenario.DirectPayment(500)]);
        var ahead = await s.BudgetFor(worker, s.Finance, p3, [SdsScenario.CouncilArranged(1300)]);
        await s.BudgetFor(s.SocialWorker, s.Finance, someoneElses, [SdsScenario.DirectPayment(1300)]);
        await s.SpendInPieces(s.Finance, onTrack.PartIds[0], "leisure", 240, 160);
        await s.SpendInPieces(s.Finance, ahead.PartIds[0], "leisure", 240, 240, 240);
        await using var conn = new Npgsql.NpgsqlConnection(s.ConnectionString);
        // Approvals are asked for by their own command; here only the count of those waiting matters.
        await conn.ExecuteAsync("""
            INSERT INTO sds.approvals (id, part_id, amount, category, payee, description, requested_by_id)
            VALUES (@Id, @PartId, 30000, 'leisure', 'Bike shop', 'A bike to get to the recovery cafe', @By)
            """, new { Id = Guid.NewGuid(), PartId = onTrack.PartIds[0], By = s.SocialWorker.Id });
        await conn.ExecuteAsync("UPDATE sds.reviews SET done_on = '2026-11-20' WHERE budget_id = @Id", new { Id = ahead.BudgetId });

        var early = SdsScenario.Ok(await s.App.SendAsync(new Caseload.Query(worker, workerId, new LocalDate(2026, 11, 23))));
        var view = SdsScenario.Ok(await s.App.SendAsync(new Caseload.Query(s.Finance, workerId, new LocalDate(2026, 11, 30))));

        view.WorkerName.Should().Be("Morag Worker");
        view.People.Should().Be(3);
        view.Lines.Select(l => l.BudgetId).Should().BeEquivalentTo([untouched.BudgetId, testBudget.BudgetId, onTrack.BudgetId, draft.BudgetId, ahead.BudgetId]);
        CaseloadLine Line(Guid budgetId) => view.Lines.Single(l => l.BudgetId == budgetId);
        Line(untouched.BudgetId).Pace.Should().Be(Pace.Underspending);
        Line(untouched.BudgetId).Allocated.Should().Be(Money.FromPounds(1300));
        Line(untouched.BudgetId).ShareElapsed.Should().Be(0.3352m); // 61 of 182 days
        Line(onTrack.BudgetId).Should().BeEquivalentTo(new
        {
            Option = SdsOption.CouncilArranged, Spent = Money.FromPounds(400), ShareSpent = 0.3077m, Pace = (Pace?)Pace.OnTrack,
            ReviewDue = (LocalDate?)new LocalDate(2026, 12, 24), ApprovalsWaiting = 1,
        });
        Line(ahead.BudgetId).Should().BeEquivalentTo(new
        {
            Spent = Money.FromPounds(720), ShareSpent = 0.5538m, Pace = (Pace?)Pace.Overspending, ReviewDue = (LocalDate?)null, ApprovalsWaiting = 0,
        });
        Line(draft.BudgetId).Should().BeEquivalentTo(new { Status = "draft", Allocated = Money.Zero, Pace = (Pace?)null });
        Line(testBudget.BudgetId).Should().BeEquivalentTo(new { IsTest = true, Option = SdsOption.DirectedSupport, ReviewDue = (LocalDate?)null });
        view.ReviewsDue.Should().Be(2, "the 12-week reviews on 24 December are within 30 days of 30 November");
        view.ApprovalsWaiting.Should().Be(1);
        early.ReviewsDue.Should().Be(0, "24 December is more than 30 days after 23 November");
        (await s.Summary(onTrack.BudgetId)).Spent.Should().Be(Line(onTrack.BudgetId).Spent);
        (await s.CountRows("SELECT count(*) FROM sds.audit_log WHERE action = 'Caseload' AND person_id = ANY (@People)",
            new { People = new[] { p1, p2, p3 } })).Should().Be(6, "each reading of the caseload is audited once per person shown");
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_caseload_is_read_only_by_staff_of_the_workers_council()
    {
        var (workerId, worker) = await s.NewSocialWorker();
        var person = await s.PersonOf(worker, workerId);
        var other = await s.OtherCouncil();
        Caseload.Query Read(Actor actor, Guid? id = null) => new(actor, id ?? workerId, new LocalDate(2026, 11, 23));

        Refused(await s.App.SendAsync(Read(other.SocialWorker)), RefusalCodes.NotFound);
        Refused(await s.App.SendAsync(Read(s.Provider)), RefusalCodes.NotAuthorised);
        Refused(await s.App.SendAsync(Read(s.PersonActor(person))), RefusalCodes.NotAuthorised);
        Refused(await s.App.SendAsync(Read(worker, Guid.NewGuid())), RefusalCodes.NotFound);
        SdsScenario.Ok(await s.App.SendAsync(Read(s.SocialWorker))).Lines.Should().BeEmpty();
    }

    [Fact]
    public async Task A_providers_held_funds_show_received_spent_returned_and_balance_per_person_and_reconcile_to_the_ledger_of_its_own_council()
    {
        var org = await s.Organisation();
        var provider = await s.Worker(Role.Provider, "Bridge Recovery", org);
        var worker = await s.RecoveryWorkerOf(org);
        var other = await s.OtherCouncil();
        var (pa, pb, pd) = (await s.Person(), await s.Person(), await s.Person());
        var pc = await s.PersonOf(other.SocialWorker, null);
        await s.Consent(pb, worker);
        var mixed = await s.BudgetFor(s.SocialWorker, s.Finance, pa, [HeldBy(org, 1300), SdsScenario.DirectPayment(1300)]);
        var test = SdsScenario.Ok(await s.App.SendAsync(s.TestBudget(worker, pb, 200, org)));
        SdsScenario.Ok(await s.App.SendAsync(s.TestBudget(s.SocialWorker, pb, 100)));
        await s.BudgetFor(s.SocialWorker, null, pd, [HeldBy(org, 900)]);
        var elsewhere = await s.App.SendAsync(new CreateBudget.Command(other.SocialWorker, s.Key(), pc, SdsScenario.PeriodStart, SdsScenario.PeriodEnd,
            [HeldBy(org, 650)]));
        SdsScenario.Ok(await s.PaymentRun(ThirdInstalment));
        SdsScenario.Ok(await s.App.SendAsync(new Features.Payments.PaymentRun.Command(other.Finance, s.Key(), other.CouncilId, SdsScenario.PeriodStart)));
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(provider, mixed.PartIds[0], 120, "personal-care", "Bridge support hours") with { Hours = 4m }));
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(worker, test.PartId, 45, "leisure", "Leisure Centre")));
        SdsScenario.Ok(await s.App.SendAsync(s.Discussion(mixed.PartIds[0], 100)));
        SdsScenario.Ok(await s.App.SendAsync(s.Reclaim(mixed.PartIds[0], 100)));

        var view = SdsScenario.Ok(await s.App.SendAsync(new ProviderHeldFunds.Query(provider, org)));
        var council = SdsScenario.Ok(await s.App.SendAsync(new ProviderHeldFunds.Query(s.Finance, org)));
        var otherCouncil = await s.App.SendAsync(new ProviderHeldFunds.Query(other.Finance, org));

        view.Organisation.Should().Be("Bridge Recovery");
        elsewhere.Errors.Should().ContainSingle().Which.Message.Should().Be(BudgetWriter.NoSuchOrganisation, "an organisation holds money only for the council that registered it");
        view.People.Select(p => p.PersonId).Should().BeEquivalentTo([pa, pb], "a draft budget has nothing held yet");
        view.People.Single(p => p.PersonId == pa).Should().BeEquivalentTo(new
        {
            Received = Money.FromPounds(600), Spent = Money.FromPounds(120), Returned = Money.FromPounds(100), Balance = Money.FromPounds(380), Hours = 4m,
        }, "only the part the organisation holds counts, not the direct payment");
        view.People.Single(p => p.PersonId == pb).Parts.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            IsTest = true, Received = Money.FromPounds(200), Spent = Money.FromPounds(45), Balance = Money.FromPounds(155), Reconciles = true,
        });
        view.Should().BeEquivalentTo(new
        {
            Received = Money.FromPounds(800), Spent = Money.FromPounds(165), Returned = Money.FromPounds(100), Balance = Money.FromPounds(535),
            Reconciles = true,
        });
        (await s.CountRows("""
            SELECT sum(b.posted) FROM ledger.balances b JOIN sds.budget_parts p ON p.held_account = b.account_id
             WHERE p.holder_organisation_id = @Org
            """, new { Org = org })).Should().Be(view.Balance.Pence);
        council.People.Select(p => p.PersonId).Should().BeEquivalentTo([pa, pb], "council staff see what is held for their own council's people");
        council.Balance.Should().Be(Money.FromPounds(535));
        Refused(otherCouncil, RefusalCodes.NotFound);
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_providers_held_funds_are_not_for_other_organisations_or_people()
    {
        var org = await s.Organisation();
        var person = await s.Person();

        Refused(await s.App.SendAsync(new ProviderHeldFunds.Query(s.Provider, org)), RefusalCodes.NotFound);
        Refused(await s.App.SendAsync(new ProviderHeldFunds.Query(await s.RecoveryWorkerOf(s.ProviderId), org)), RefusalCodes.NotFound);
        Refused(await s.App.SendAsync(new ProviderHeldFunds.Query(s.PersonActor(person), org)), RefusalCodes.NotFound);
        Refused(await s.App.SendAsync(new ProviderHeldFunds.Query(s.Finance, Guid.NewGuid())), RefusalCodes.NotFound);
    }

    [Fact]
    public async Task A_persons_budgets_match_their_summaries_and_a_provider_sees_only_the_parts_it_holds()
    {
        var org = await s.Organisation();
        var person = await s.Person();
        var mixed = await s.BudgetFor(s.SocialWorker, s.Finance, person, [HeldBy(org, 1300), SdsScenario.DirectPayment(1300)]);
        var test = SdsScenario.Ok(await s.App.SendAsync(s.TestBudget(s.SocialWorker, person, 100)));
        SdsScenario.Ok(await s.PaymentRun(ThirdInstalment));
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(s.PersonActor(person), mixed.PartIds[1], 30)));
        var asOf = new LocalDate(2026, 11, 23);

        var staff = SdsScenario.Ok(await s.App.SendAsync(new PersonBudgets.Query(s.SocialWorker, person, asOf)));
        var own = SdsScenario.Ok(await s.App.SendAsync(new PersonBudgets.Query(s.PersonActor(person), person, asOf)));
        var holder = SdsScenario.Ok(await s.App.SendAsync(new PersonBudgets.Query(await s.Worker(Role.Provider, "Bridge Recovery", org), person, asOf)));
        var summary = await s.Summary(mixed.BudgetId);

        staff.Budgets.Select(b => b.BudgetId).Should().BeEquivalentTo([mixed.BudgetId, test.BudgetId]);
        staff.Budgets.Single(b => b.BudgetId == mixed.BudgetId).Should().BeEquivalentTo(new
        {
            summary.Option, summary.Allocated, summary.Received, summary.Spent, summary.Committed, summary.Available, summary.Returned,
            summary.ShareElapsed, summary.ShareSpent, summary.NextReview, Amount = summary.AgreedTotal, Parts = 2,
        });
        staff.Budgets.Single(b => b.BudgetId == test.BudgetId).Should().BeEquivalentTo(new { IsTest = true, Option = SdsOption.DirectedSupport, End = TestEnd });
        own.Should().BeEquivalentTo(staff);
        holder.Budgets.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            BudgetId = mixed.BudgetId, Option = SdsOption.DirectedSupport, Parts = 1, Amount = Money.FromPounds(1300), Received = Money.FromPounds(600),
            Spent = Money.Zero,
        });
        (await s.CountRows("SELECT count(*) FROM sds.audit_log WHERE action = 'PersonBudgets' AND person_id = @Id AND outcome = 'done'", new { Id = person }))
            .Should().Be(3, "each reading of a person's budgets is audited");
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_persons_budgets_are_not_found_by_anyone_who_may_not_see_them()
    {
        var person = await s.Person();
        await s.BudgetFor(s.SocialWorker, s.Finance, person, [SdsScenario.DirectPayment(1300)]);
        var other = await s.OtherCouncil();
        PersonBudgets.Query Read(Actor actor, Guid? id = null) => new(actor, id ?? person, new LocalDate(2026, 11, 23));

        Refused(await s.App.SendAsync(Read(other.SocialWorker)), RefusalCodes.NotFound);
        Refused(await s.App.SendAsync(Read(s.Provider)), RefusalCodes.NotFound);
        Refused(await s.App.SendAsync(Read(await s.RecoveryWorkerOf(s.ProviderId))), RefusalCodes.NotFound);
        Refused(await s.App.SendAsync(Read(s.PersonActor(await s.Person()))), RefusalCodes.NotFound);
        Refused(await s.App.SendAsync(Read(s.SocialWorker, Guid.NewGuid())), RefusalCodes.NotFound);
        (await s.CountRows("SELECT count(*) FROM sds.audit_log WHERE action = 'PersonBudgets' AND person_id = @Id AND outcome = 'refused'", new { Id = person }))
            .Should().Be(4);
    }

    private static PartSpec HeldBy(Guid organisationId, decimal pounds) =>
        new(SdsOption.DirectedSupport, HolderKind.Organisation, Money.FromPounds(pounds), organisationId);
}
