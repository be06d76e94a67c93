using Dapper;
using Npgsql;
using NodaTime;
using SdsLedger.Access;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.Consent;
using SdsLedger.Features.People;
using SdsLedger.Features.Statements;
using SdsLedger.Features.TestBudgets;
using SdsLedger.Tests.Budgets;
using static SdsLedger.Tests.Budgets.TestBudgetSteps;

namespace SdsLedger.Tests.Consent;

public sealed class ConsentTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    private static readonly LocalDate From = new(2026, 11, 1);

    private GiveConsent.Command Give(Actor by, Guid person, Actor worker, bool summary = true, bool statements = false, bool testBudget = true) =>
        new(by, s.Key(), person, ConsentKind.PeerWorker, worker.Id, null, summary, statements, testBudget, From);

    [Fact]
    public async Task A_person_gives_and_withdraws_consent_and_the_worker_sees_them_only_in_between_with_both_in_the_audit_trail()
    {
        var person = await s.Person();
        var worker = await s.RecoveryWorkerOf(s.ProviderId);
        var budget = SdsScenario.Ok(await s.App.SendAsync(s.TestBudget(s.SocialWorker, person, 100)));
        var summary = new BudgetSummary.Query(worker, budget.BudgetId, new LocalDate(2026, 11, 23));

        var before = await s.App.SendAsync(summary);
        var id = SdsScenario.Ok(await s.App.SendAsync(Give(s.PersonActor(person), person, worker)));
        var during = await s.App.SendAsync(summary);
        var people = SdsScenario.Ok(await s.App.SendAsync(new ConsentedPeople.Query(worker)));
        var statement = await s.App.SendAsync(new PersonStatement.Query(worker, budget.BudgetId, new LocalDate(2026, 10, 1), new LocalDate(2026, 10, 31)));
        SdsScenario.Ok(await s.App.SendAsync(new WithdrawConsent.Command(s.PersonActor(person), s.Key(), id)));
        var after = await s.App.SendAsync(summary);
        var again = await s.App.SendAsync(new WithdrawConsent.Command(s.SocialWorker, s.Key(), id));
        var listed = SdsScenario.Ok(await s.App.SendAsync(new PersonConsents.Query(s.SocialWorker, person)));
        var looked = SdsScenario.Ok(await s.App.SendAsync(new RecordReads.Query(s.PersonActor(person), person)));

        Refused(before, RefusalCodes.NotFound);
        during.Succeeded.Should().BeTrue(during.ToString());
        people.Should().ContainSingle(p => p.PersonId == person).Which.ActOnTestBudget.Should().BeTrue();
        Refused(statement, RefusalCodes.NotAuthorised).Reason.Should().Contain("statements");
        Refused(after, RefusalCodes.NotFound);
        Refused(again, RefusalCodes.InvalidState).Reason.Should().Contain("already withdrawn");
        listed.Should().ContainSingle().Which.Should().BeEquivalentTo(new { IsCurrent = false, WitnessedBy = "Jo Example", WithdrawnBy = "Jo Example", GranteeName = "Rae Recovery" });
        (await s.CountRows("SELECT count(*) FROM sds.audit_log WHERE person_id = @P AND action IN ('GiveConsent', 'WithdrawConsent') AND outcome = 'done'",
            new { P = person })).Should().Be(2);
        looked.Should().Contain(r => r.Role == "recovery-worker" && r.Action == "BudgetSummary" && r.Organisation == "Harbour Care",
            "a read by the consented worker shows in who has looked at the person's record");
    }

    [Fact]
    public async Task Consent_for_another_person_or_to_see_only_shows_nothing_more()
    {
        var (person, other) = (await s.Person(), await s.Person());
        var worker = await s.RecoveryWorkerOf(s.ProviderId, "Ola Other");
        var budget = SdsScenario.Ok(await s.App.SendAsync(s.TestBudget(s.SocialWorker, person, 100)));
        SdsScenario.Ok(await s.App.SendAsync(Give(s.SocialWorker, other, worker)));

        var notHim = await s.App.SendAsync(new BudgetSummary.Query(worker, budget.BudgetId, new LocalDate(2026, 11, 23)));
        SdsScenario.Ok(await s.App.SendAsync(Give(s.SocialWorker, person, worker, testBudget: false)));
        var seen = await s.App.SendAsync(new BudgetSummary.Query(worker, budget.BudgetId, new LocalDate(2026, 11, 23)));
        var note = await s.App.SendAsync(new RecordProgress.Command(worker, s.Key(), budget.BudgetId, new LocalDate(2026, 11, 2), "Went swimming."));

        Refused(notHim, RefusalCodes.NotFound);
        seen.Succeeded.Should().BeTrue(seen.ToString());
        Refused(note, RefusalCodes.NotAuthorised).Reason.Should().Contain("consent");
    }

    [Fact]
    public async Task Bad_consent_input_names_each_field_and_writes_nothing_and_only_the_person_or_their_social_worker_records_it()
    {
        var person = await s.Person();
        var worker = await s.RecoveryWorkerOf(s.ProviderId);
        var other = await s.OtherCouncil();
        var before = await s.CountRows("SELECT count(*) FROM sds.consents");

        var nothing = await s.App.SendAsync(Give(s.SocialWorker, person, worker) with { SeeSummary = false, ActOnTestBudget = false });
        var both = await s.App.SendAsync(Give(s.SocialWorker, person, worker) with { OrganisationId = s.ProviderId });
        var nobody = await s.App.SendAsync(Give(s.SocialWorker, person, worker) with { WorkerId = null });
        var backwards = await s.App.SendAsync(Give(s.SocialWorker, person, worker) with { Until = From.PlusDays(-1) });
        var typo = await s.App.SendAsync(Give(s.SocialWorker, person, worker) with { From = new LocalDate(2620, 1, 1) });
        var stranger = await s.App.SendAsync(Give(s.SocialWorker, person, worker) with { WorkerId = Guid.NewGuid() });
        var finance = await s.App.SendAsync(Give(s.Finance, person, worker));
        var themselves = await s.App.SendAsync(Give(worker, person, worker));
        var otherCouncil = await s.App.SendAsync(Give(other.SocialWorker, person, worker));
        var someoneElse = await s.App.SendAsync(Give(s.PersonActor(await s.Person()), person, worker));

        nothing.Errors.Should().ContainSingle(e => e.Field == "SeeSummary");
        both.Errors.Should().ContainSingle(e => e.Field == "OrganisationId");
        nobody.Errors.Should().ContainSingle(e => e.Field == "WorkerId");
        backwards.Errors.Should().ContainSingle(e => e.Field == "Until").Which.Message.Should().Contain("on or after");
        typo.Errors.Should().Contain(e => e.Field == "From");
        stranger.Errors.Should().ContainSingle(e => e.Field == "WorkerId");
        Refused(finance, RefusalCodes.NotAuthorised);
        Refused(themselves, RefusalCodes.NotFound);
        Refused(otherCouncil, RefusalCodes.NotFound);
        Refused(someoneElse, RefusalCodes.NotFound);
        (await s.CountRows("SELECT count(*) FROM sds.consents")).Should().Be(before);
    }

    [Fact]
    public async Task Giving_or_withdrawing_twenty_times_at_once_with_one_key_records_it_once()
    {
        var person = await s.Person();
        var worker = await s.RecoveryWorkerOf(s.ProviderId);
        var give = Give(s.SocialWorker, person, worker);
        var withdraw = new WithdrawConsent.Command(s.SocialWorker, s.Key(), Guid.Empty);

        var gave = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => s.App.SendAsync(give))));
        var id = gave[0].Value;
        var withdrew = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => s.App.SendAsync(withdraw with { ConsentId = id }))));

        gave.Should().OnlyContain(r => r.Succeeded && r.Value == id, "a retry gets the first answer");
        withdrew.Should().OnlyContain(r => r.Succeeded && r.Value == id, "a retry of the withdrawal gets its first answer, not 'already withdrawn'");
        (await s.CountRows("SELECT count(*) FROM sds.consents WHERE person_id = @P", new { P = person })).Should().Be(1);
        (await s.CountRows("SELECT count(*) FROM sds.consents WHERE person_id = @P AND withdrawn_at IS NOT NULL", new { P = person })).Should().Be(1);
        (await s.CountRows("SELECT count(*) FROM sds.audit_log WHERE person_id = @P AND action = 'WithdrawConsent' AND outcome = 'done'", new { P = person }))
            .Should().Be(1);
    }

    /// <summary>
    /// Row-level security on its own, with raw SQL as the application's role acting for a sealed recovery-worker tenant:
    /// no consent, nothing; a consent, the person's rows; withdrawn, nothing again; a consent for another person, nothing of this one.
    /// </summary>
    [Fact]
    public async Task In_raw_sql_as_the_application_a_recovery_worker_sees_a_persons_rows_only_while_their_consent_holds()
    {
        var seal = new TenantSeal(TenantSeal.NewKey());
        await seal.InstallAsync(s.ConnectionString);
        var (person, other) = (await s.Person(), await s.Person());
        var worker = await s.RecoveryWorkerOf(s.ProviderId, "Rita Raw");
        var budget = SdsScenario.Ok(await s.App.SendAsync(s.TestBudget(s.SocialWorker, person, 100)));
        SdsScenario.Ok(await s.App.SendAsync(new RecordProgress.Command(s.SocialWorker, s.Key(), budget.BudgetId, new LocalDate(2026, 11, 2), "Swam.")));

        async Task<long[]> Visible()
        {
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
            return [
                await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM sds.people WHERE id = @P", new { P = person }, tx),
                await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM sds.budgets WHERE person_id = @P", new { P = person }, tx),
                await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM sds.budget_parts WHERE person_id = @P", new { P = person }, tx),
                await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM sds.progress_notes WHERE person_id = @P", new { P = person }, tx),
                await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM ledger.balances WHERE person_id = @P", new { P = person }, tx),
                await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM sds.budgets", transaction: tx),
            ];
        }

        var none = await Visible();
        var id = SdsScenario.Ok(await s.App.SendAsync(Give(s.SocialWorker, person, worker)));
        var consented = await Visible();
        SdsScenario.Ok(await s.App.SendAsync(new WithdrawConsent.Command(s.PersonActor(person), s.Key(), id)));
        var withdrawn = await Visible();
        SdsScenario.Ok(await s.App.SendAsync(Give(s.SocialWorker, other, worker)));
        var anotherPerson = await Visible();

        none.Should().OnlyContain(n => n == 0);
        consented[..5].Should().OnlyContain(n => n > 0, "each of the person's rows is visible while the consent holds");
        consented[5].Should().Be(consented[1], "only the consenting person's budgets are visible");
        withdrawn.Should().OnlyContain(n => n == 0, "a withdrawal takes effect at once");
        anotherPerson[..5].Should().OnlyContain(n => n == 0, "a consent for someone else shows nothing of this person");
    }
}
