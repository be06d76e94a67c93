using Dapper;
using Npgsql;
using NodaTime;
using SdsLedger.Access;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Referrals;
using SdsLedger.Tests.Budgets;
using static SdsLedger.Tests.Budgets.TestBudgetSteps;

namespace SdsLedger.Tests.Referrals;

/// <summary>
/// Self-referral: a peer worker starts a referral with a person the council does not know; it waits in the council's
/// social work queue; a social worker accepts it (registering the person, once) or answers it; the referring
/// organisation, and only it, sees the referral and its answer.
/// </summary>
public sealed class ReferralTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    private MakeReferral.Command Referral(Actor worker, string name = "Kim Newcomer") =>
        new(worker, s.Key(), name, new LocalDate(1988, 3, 14), "kim@example.com", "07700 900123",
            "I want to get back into swimming and find a group to walk with.", true);

    [Fact]
    public async Task Bad_referral_input_names_each_field_with_its_fix_and_writes_nothing()
    {
        var worker = await s.RecoveryWorkerOf(s.ProviderId);
        var before = await s.CountRows("SELECT count(*) FROM sds.referrals");

        var allWrong = await s.App.SendAsync(new MakeReferral.Command(worker, s.Key(), " ", new LocalDate(1899, 12, 31), "not-an-email", "0123",
            "", null));
        var future = await s.App.SendAsync(Referral(worker) with { DateOfBirth = new LocalDate(2026, 11, 24) });
        var hidden = await s.App.SendAsync(Referral(worker) with { WouldLike = "Swim\u202Eming" });
        var tooLong = await s.App.SendAsync(Referral(worker) with { Name = new string('a', 201) });
        var socialWorker = await s.App.SendAsync(Referral(s.SocialWorker));
        var provider = await s.App.SendAsync(Referral(s.Provider));

        allWrong.Errors.Select(e => e.Field).Should().BeEquivalentTo(["Name", "DateOfBirth", "Email", "Mobile", "WouldLike", "AgreesToContact"]);
        allWrong.Errors.Should().Contain(e => e.Field == "DateOfBirth" && e.Message.Contains("1900"))
            .And.Contain(e => e.Field == "Email" && e.Message.Contains("name@example.com"))
            .And.Contain(e => e.Field == "Mobile" && e.Message.Contains("07700 900123"))
            .And.Contain(e => e.Field == "AgreesToContact" && e.Message.Contains("yes or no"));
        future.Errors.Should().ContainSingle(e => e.Field == "DateOfBirth").Which.Message.Should().Contain("2026-11-23", "a date of birth cannot be after today");
        hidden.Errors.Should().ContainSingle(e => e.Field == "WouldLike").Which.Message.Should().Contain("direction");
        tooLong.Errors.Should().ContainSingle(e => e.Field == "Name").Which.Message.Should().Contain("at most 200");
        Refused(socialWorker, RefusalCodes.NotAuthorised);
        Refused(provider, RefusalCodes.NotAuthorised);
        (await s.CountRows("SELECT count(*) FROM sds.referrals")).Should().Be(before);
    }

    [Fact]
    public async Task The_same_referral_sent_twenty_times_at_once_with_one_key_is_recorded_once_and_audited_once()
    {
        var worker = await s.RecoveryWorkerOf(s.ProviderId, "Ria Repeat");
        var referral = Referral(worker, "Pat Once");

        var sent = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => s.App.SendAsync(referral))));

        sent.Should().OnlyContain(r => r.Succeeded && r.Value == sent[0].Value, "a retry gets the first answer");
        (await s.CountRows("SELECT count(*) FROM sds.referrals WHERE referred_by_id = @W", new { W = worker.Id })).Should().Be(1);
        (await s.CountRows("SELECT count(*) FROM sds.referrals WHERE id = @Id AND organisation_id = @O AND referred_by_id = @W AND status = 'new'",
            new { Id = sent[0].Value, O = s.ProviderId, W = worker.Id })).Should().Be(1);
        (await s.Opened("SELECT name FROM sds.referrals WHERE id = @Id", new { Id = sent[0].Value })).Should().Equal(["Pat Once"], "kept sealed, read as written");
        (await s.CountRows("SELECT count(*) FROM sds.audit_log WHERE action = 'MakeReferral' AND actor_id = @W AND outcome = 'done'", new { W = worker.Id }))
            .Should().Be(1);
    }

    [Fact]
    public async Task A_referral_waits_in_the_social_work_queue_and_is_accepted_once_by_registering_the_person_and_the_referrer_sees_it()
    {
        var worker = await s.RecoveryWorkerOf(s.ProviderId, "Rob Referrer");
        var id = SdsScenario.Ok(await s.App.SendAsync(Referral(worker, "Lee Accepted")));

        var queue = SdsScenario.Ok(await s.App.SendAsync(new ListReferrals.Query(s.SocialWorker)));
        var noReference = await s.App.SendAsync(new AcceptReferral.Command(s.SocialWorker, s.Key(), id, "", StatementFormat.Standard));
        var byFinance = await s.App.SendAsync(new AcceptReferral.Command(s.Finance, s.Key(), id, "LEE-1", StatementFormat.Standard));
        var byPeer = await s.App.SendAsync(new AcceptReferral.Command(worker, s.Key(), id, "LEE-1", StatementFormat.Standard));
        var other = await s.OtherCouncil();
        var byOtherCouncil = await s.App.SendAsync(new AcceptReferral.Command(other.SocialWorker, s.Key(), id, "LEE-1", StatementFormat.Standard));
        var person = SdsScenario.Ok(await s.App.SendAsync(new AcceptReferral.Command(s.SocialWorker, s.Key(), id, "LEE-1", StatementFormat.LargePrint)));
        var answerAfter = await s.App.SendAsync(new AnswerReferral.Command(s.SecondSocialWorker, s.Key(), id, "Already known to us."));
        var queueAfter = SdsScenario.Ok(await s.App.SendAsync(new ListReferrals.Query(s.SocialWorker)));
        var theirs = SdsScenario.Ok(await s.App.SendAsync(new ListReferrals.Query(worker)));

        queue.Should().Contain(r => r.Id == id && r.Name == "Lee Accepted" && r.Organisation == "Harbour Care" && r.ReferredBy == "Rob Referrer" && r.AgreesToContact);
        noReference.Errors.Should().ContainSingle(e => e.Field == "Reference").Which.Message.Should().Contain("NL-10234");
        Refused(byFinance, RefusalCodes.NotAuthorised);
        Refused(byPeer, RefusalCodes.NotAuthorised);
        Refused(byOtherCouncil, RefusalCodes.NotFound);
        Refused(answerAfter, RefusalCodes.InvalidState).Reason.Should().Contain("already accepted by Sam Worker");
        queueAfter.Should().NotContain(r => r.Id == id);
        theirs.Should().ContainSingle(r => r.Id == id).Which.Should().BeEquivalentTo(new { Status = "accepted", PersonId = (Guid?)person, PersonReference = "LEE-1", DecidedBy = "Sam Worker" });
        (await s.CountRows("""
            SELECT count(*) FROM sds.people WHERE id = @P AND reference = 'LEE-1' AND name = 'Lee Accepted' AND date_of_birth = '1988-03-14'
               AND social_worker_id = @Sw AND statement_format = 'large-print'
            """, new { P = person, Sw = s.SocialWorkerId })).Should().Be(1);
        (await s.Reveal(await s.Scalar<string>("SELECT contact FROM sds.people WHERE id = @P", new { P = person })))
            .Should().Be("kim@example.com, 07700900123", "the referral's email and mobile become their contact details, kept sealed");
        (await s.CountRows("SELECT count(*) FROM sds.consents WHERE person_id = @P", new { P = person })).Should().Be(0, "consent is the person's to give, separately");
        (await s.CountRows("SELECT count(*) FROM sds.audit_log WHERE action = 'AcceptReferral' AND person_id = @P AND outcome = 'done'", new { P = person }))
            .Should().Be(1);
    }

    [Fact]
    public async Task Erasing_a_person_who_came_by_referral_erases_what_the_referral_said_about_them()
    {
        var worker = await s.RecoveryWorkerOf(s.ProviderId, "Eve Eraser");
        var id = SdsScenario.Ok(await s.App.SendAsync(Referral(worker, "Wren Forgotten") with { Email = "wren.forgotten@example.com" }));
        var person = SdsScenario.Ok(await s.App.SendAsync(new AcceptReferral.Command(s.SocialWorker, s.Key(), id, "ERASE-REF-1", StatementFormat.Standard)));

        SdsScenario.Ok(await s.App.SendAsync(new Features.People.ErasePerson.Command(s.Finance, s.Key(), person, "Asked to be forgotten")));

        (await s.CountRows("""
            SELECT count(*) FROM sds.referrals
             WHERE id = @Id AND status = 'accepted' AND person_id = @P AND email IS NULL AND mobile IS NULL
               AND name NOT LIKE '%Wren%' AND would_like NOT LIKE '%swimming%'
            """, new { Id = id, P = person })).Should().Be(1, "who referred and when stay; what was said about the person goes");
        (await s.CountRows("SELECT count(*) FROM sds.audit_log WHERE detail ILIKE '%Wren Forgotten%'")).Should().Be(0);
    }

    [Fact]
    public async Task Two_social_workers_accepting_at_once_register_one_person_and_the_other_gets_a_plain_refusal()
    {
        var worker = await s.RecoveryWorkerOf(s.ProviderId);
        for (var round = 0; round < 5; round++)
        {
            var id = SdsScenario.Ok(await s.App.SendAsync(Referral(worker, $"Twin Race {round}")));
            var first = new AcceptReferral.Command(s.SocialWorker, s.Key(), id, $"RACE-A{round}", StatementFormat.Standard);
            var second = new AcceptReferral.Command(s.SecondSocialWorker, s.Key(), id, $"RACE-B{round}", StatementFormat.Standard);
            var answer = new AnswerReferral.Command(s.SecondSocialWorker, s.Key(), id, "Signposted to the local recovery cafe.");

            var results = await Task.WhenAll(Task.Run(() => s.App.SendAsync(first)), Task.Run(() => s.App.SendAsync(second)), Task.Run(() => s.App.SendAsync(answer)));

            results.Count(r => r.Succeeded).Should().Be(1, "a referral is decided once");
            results.Where(r => !r.Succeeded).Should().OnlyContain(r => r.Refusal != null && r.Refusal.Code == RefusalCodes.InvalidState
                                                                       && r.Refusal.Reason.Contains("already"));
            (await s.CountRows("SELECT count(*) FROM sds.people WHERE name = @N", new { N = $"Twin Race {round}" }))
                .Should().Be(await s.CountRows("SELECT count(*) FROM sds.referrals WHERE id = @Id AND status = 'accepted'", new { Id = id }));
            (await s.CountRows("SELECT count(*) FROM sds.people WHERE name = @N", new { N = $"Twin Race {round}" })).Should().BeLessThanOrEqualTo(1);
        }
    }

    [Fact]
    public async Task An_answer_reaches_the_referring_organisation_and_another_organisation_sees_none_of_its_referrals()
    {
        var worker = await s.RecoveryWorkerOf(s.ProviderId, "Ann Answered");
        var colleague = await s.RecoveryWorkerOf(s.ProviderId, "Col League");
        var elsewhere = await s.RecoveryWorkerOf(await s.Organisation(), "Eli Elsewhere");
        var id = SdsScenario.Ok(await s.App.SendAsync(Referral(worker, "Max Answered")));
        var blank = await s.App.SendAsync(new AnswerReferral.Command(s.SocialWorker, s.Key(), id, "  "));
        SdsScenario.Ok(await s.App.SendAsync(new AnswerReferral.Command(s.SocialWorker, s.Key(), id, "Max is already known to our team; we will be in touch with him.")));

        var colleagues = SdsScenario.Ok(await s.App.SendAsync(new ListReferrals.Query(colleague)));
        var others = SdsScenario.Ok(await s.App.SendAsync(new ListReferrals.Query(elsewhere)));
        var shownElsewhere = await s.App.SendAsync(new ShowReferral.Query(elsewhere, id));
        var decided = SdsScenario.Ok(await s.App.SendAsync(new ListReferrals.Query(s.SocialWorker, Decided: true)));

        blank.Errors.Should().ContainSingle(e => e.Field == "Answer");
        colleagues.Should().ContainSingle(r => r.Id == id).Which.Should().BeEquivalentTo(new { Status = "answered", Answer = "Max is already known to our team; we will be in touch with him." });
        others.Should().BeEmpty();
        Refused(shownElsewhere, RefusalCodes.NotFound);
        decided.Should().Contain(r => r.Id == id && r.Status == "answered");
        (await s.Scalar<string>("SELECT answer FROM sds.referrals WHERE id = @id", new { id })).Should().StartWith("enc1:", "the answer is about Max: sealed with the referral's key");
    }

    /// <summary>Row-level security on its own, with raw SQL as the application's role acting for sealed tenants.</summary>
    [Fact]
    public async Task In_raw_sql_as_the_application_only_the_referring_organisation_and_the_council_see_a_referral()
    {
        var seal = new TenantSeal(TenantSeal.NewKey());
        await seal.InstallAsync(s.ConnectionString);
        var worker = await s.RecoveryWorkerOf(s.ProviderId, "Rhona Raw");
        var otherOrganisation = await s.Organisation("Raw Other Recovery");
        var elsewhere = await s.RecoveryWorkerOf(otherOrganisation, "Ewan Elsewhere");
        var person = await s.Person();
        var id = SdsScenario.Ok(await s.App.SendAsync(Referral(worker, "Rae Rawsql")));

        async Task<long> Visible(Role role, Guid? organisation, Guid? worker, Guid? personId = null, string sql = "SELECT count(*) FROM sds.referrals WHERE id = @Id")
        {
            await using var conn = new NpgsqlConnection(s.ConnectionString);
            await conn.OpenAsync();
            await using var tx = await conn.BeginTransactionAsync();
            await conn.ExecuteAsync("SET LOCAL ROLE sdsledger_app", transaction: tx);
            var expires = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
            await conn.ExecuteAsync("SELECT sds.act_for(@C, @R, @P, @O, @W, @E, @S)", new
            {
                C = s.CouncilId, R = Roles.Text(role), P = personId, O = organisation, W = worker, E = expires,
                S = seal.Sign(s.CouncilId, role, personId, organisation, expires, worker),
            }, tx);
            return await conn.ExecuteScalarAsync<long>(sql, new { Id = id }, tx);
        }

        (await Visible(Role.RecoveryWorker, s.ProviderId, worker.Id)).Should().Be(1, "the referring worker sees their referral");
        (await Visible(Role.RecoveryWorker, otherOrganisation, elsewhere.Id)).Should().Be(0, "another organisation's recovery worker sees nothing");
        (await Visible(Role.RecoveryWorker, otherOrganisation, elsewhere.Id, sql: "SELECT count(*) FROM sds.referrals")).Should().Be(0);
        (await Visible(Role.SocialWorker, null, null)).Should().Be(1, "the council's social workers see it in their queue");
        (await Visible(Role.Provider, s.ProviderId, null)).Should().Be(0, "a provider sees no referrals");
        (await Visible(Role.ServiceUser, null, null, person)).Should().Be(0, "a person sees no referrals");
        (await Visible(Role.RecoveryWorker, otherOrganisation, elsewhere.Id,
            sql: "WITH u AS (UPDATE sds.referrals SET status = 'answered', answer = 'x', decided_by_id = gen_random_uuid(), decided_by = 'x', decided_at = now() WHERE id = @Id RETURNING 1) SELECT count(*) FROM u"))
            .Should().Be(0, "another organisation cannot change it either");

        // The referral's data key: seen where the referral is, and never changed or removed by the application.
        const string Key = "SELECT count(*) FROM sds.referral_keys WHERE referral_id = @Id";
        (await Visible(Role.RecoveryWorker, s.ProviderId, worker.Id, sql: Key)).Should().Be(1);
        (await Visible(Role.SocialWorker, null, null, sql: Key)).Should().Be(1);
        (await Visible(Role.RecoveryWorker, otherOrganisation, elsewhere.Id, sql: Key)).Should().Be(0, "another organisation sees no key of it");
        foreach (var change in new[]
                 {
                     "WITH u AS (UPDATE sds.referral_keys SET wrapped_key = NULL, destroyed_at = now() WHERE referral_id = @Id RETURNING 1) SELECT count(*) FROM u",
                     "WITH d AS (DELETE FROM sds.referral_keys WHERE referral_id = @Id RETURNING 1) SELECT count(*) FROM d",
                     "WITH u AS (UPDATE sds.referrals SET name = 'x' WHERE id = @Id RETURNING 1) SELECT count(*) FROM u",
                 })
        {
            var act = () => Visible(Role.SocialWorker, null, null, sql: change);
            (await act.Should().ThrowAsync<PostgresException>(change)).Which.SqlState.Should().Be(PostgresErrorCodes.InsufficientPrivilege, change);
        }
    }

    [Fact]
    public async Task What_a_referral_says_is_sealed_with_its_own_key_read_as_written_and_unreadable_once_the_person_it_became_is_erased()
    {
        var worker = await s.RecoveryWorkerOf(s.ProviderId, "Sol Sealer");
        var id = SdsScenario.Ok(await s.App.SendAsync(new MakeReferral.Command(worker, s.Key(), "Ishbel Glenfinnan", new LocalDate(1985, 6, 2),
            "ishbel.glenfinnan@example.com", "07700 900765", "Back to the pottery class at Ardnamurchan", true)));

        var dump = await s.DumpDataAsync();
        foreach (var word in new[] { "Glenfinnan", "glenfinnan", "7700900765", "Ardnamurchan" }) dump.Should().NotContain(word, "the referral's words are sealed");
        (await s.Count("SELECT count(*) FROM sds.referral_keys WHERE referral_id = @id AND wrapped_key IS NOT NULL", new { id })).Should().Be(1);
        var shown = SdsScenario.Ok(await s.App.SendAsync(new ShowReferral.Query(s.SocialWorker, id)));
        (shown.Name, shown.Email, shown.Mobile, shown.WouldLike).Should()
            .Be(("Ishbel Glenfinnan", "ishbel.glenfinnan@example.com", "07700900765", "Back to the pottery class at Ardnamurchan"));
        SdsScenario.Ok(await s.App.SendAsync(new ListReferrals.Query(worker))).Should().Contain(r => r.Id == id && r.Name == "Ishbel Glenfinnan");

        var person = SdsScenario.Ok(await s.App.SendAsync(new AcceptReferral.Command(s.SocialWorker, s.Key(), id, $"IG-{Guid.NewGuid():N}"[..12],
            StatementFormat.Standard)));
        (await s.Scalar<string>("SELECT name FROM sds.people WHERE id = @person", new { person })).Should().Be("Ishbel Glenfinnan", "registered as the referral names her");
        (await s.Opened("SELECT contact FROM sds.people WHERE id = @person", new { person })).Should().Equal(["ishbel.glenfinnan@example.com, 07700900765"]);

        SdsScenario.Ok(await s.App.SendAsync(new Features.People.ErasePerson.Command(s.Finance, s.Key(), person, "Asked to be forgotten; no duty to keep")));
        (await s.Count("SELECT count(*) FROM sds.referral_keys WHERE referral_id = @id AND wrapped_key IS NULL AND destroyed_at IS NOT NULL", new { id }))
            .Should().Be(1, "the referral's key is destroyed with hers");
        var after = await s.DumpDataAsync();
        foreach (var word in new[] { "Glenfinnan", "glenfinnan", "7700900765", "Ardnamurchan" }) after.Should().NotContain(word);
    }
}
