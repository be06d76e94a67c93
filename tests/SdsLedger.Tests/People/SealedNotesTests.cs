using Dapper;
using NodaTime;
using SdsLedger.Features.People;
using SdsLedger.Features.Reviews;
using SdsLedger.Features.Shared;
using SdsLedger.Features.Statements;
using SdsLedger.Features.TestBudgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Pipeline;
using SdsLedger.Tests.Budgets;

namespace SdsLedger.Tests.People;

/// <summary>
/// Notes about a person's care (progress and their own words, what a review agreed, a recovery phase's note, what they
/// asked their social worker for, their plan's outcomes, what they plan to buy, a surplus discussion) are kept sealed with the person's key: the database, and so every dump or backup of it,
/// holds none of the words, while everyone allowed reads them as written.
/// </summary>
public sealed class SealedNotesTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    private const string WhatChanged = "Went to the Thursday mutual aid meeting at Brackenlea";
    private const string OwnWords = "Felt like a weight came off my shoulders";
    private const string Agreed = "Keep the allotment plot at Corrieshiel going";
    private const string PhaseNote = "Two slips over the holidays, back with Dr Ferncastle";
    private const string Asked = "Could some of the money pay for a Tarbolton ferry pass";
    private const string Outcome = "Get back into swimming";
    private const string Planned = "Wetsuit from Drumlanrig Outdoors";
    private const string Discussed = "Saving the rest for a Lochinver camping trip";
    private const string Contact = "Flat 2, 9 Auchtermuchty Lane, Kirkton";

    private static readonly string[] Sealed = [WhatChanged, OwnWords, Agreed, PhaseNote, Asked, Outcome, Planned, Discussed];
    private static readonly string[] Words = [.. Sealed, "Brackenlea", "Corrieshiel", "Ferncastle", "Tarbolton", "Drumlanrig", "Lochinver", Contact, "Auchtermuchty"];

    /// <summary>A person with a running budget and a test budget, and one note of each kind about them.</summary>
    private async Task<(Guid Person, Guid TestBudget)> PersonWithNotes()
    {
        var (person, budget, part, _) = await s.FundedDirectPayment();
        var test = SdsScenario.Ok(await s.App.SendAsync(s.TestBudget(s.SocialWorker, person, 200)));
        SdsScenario.Ok(await s.App.SendAsync(new PlanPurchase.Command(s.PersonActor(person), s.Key(), test.BudgetId, test.OutcomeIds[0], Planned,
            Domain.Money.FromPounds(60), "leisure", new LocalDate(2026, 11, 10))));
        SdsScenario.Ok(await s.App.SendAsync(new Features.Surplus.RecordSurplusDiscussion.Command(s.SocialWorker, s.Key(), part, new LocalDate(2026, 11, 21),
            Discussed, Domain.Money.Zero)));
        SdsScenario.Ok(await s.App.SendAsync(new RecordProgress.Command(s.SocialWorker, s.Key(), test.BudgetId, new LocalDate(2026, 11, 3), WhatChanged,
            OwnWords, OutcomeId: test.OutcomeIds[0])));
        SdsScenario.Ok(await s.App.SendAsync(new RecordReview.Command(s.SocialWorker, s.Key(), budget, new LocalDate(2026, 11, 20), Agreed)));
        SdsScenario.Ok(await s.App.SendAsync(new ChangeRecoveryPhase.Command(s.SocialWorker, s.Key(), person, "stabilisation", new LocalDate(2026, 11, 2),
            Relapse: false, PhaseNote)));
        SdsScenario.Ok(await s.App.SendAsync(new AskForChange.Command(s.PersonActor(person), s.Key(), person, ChangeKind.Purchase, Asked)));
        SdsScenario.Ok(await s.App.SendAsync(new UpdatePerson.Command(s.SocialWorker, s.Key(), person, Contact: Contact)));
        return (person, test.BudgetId);
    }

    private async Task<List<string?>> HeldAbout(Guid person)
    {
        await using var conn = new Npgsql.NpgsqlConnection(s.ConnectionString);
        return (await conn.QueryAsync<string?>("""
            SELECT what_changed FROM sds.progress_notes WHERE person_id = @person
            UNION ALL SELECT in_own_words FROM sds.progress_notes WHERE person_id = @person
            UNION ALL SELECT agreed FROM sds.reviews WHERE person_id = @person AND agreed IS NOT NULL
            UNION ALL SELECT note FROM sds.recovery_phases WHERE person_id = @person
            UNION ALL SELECT details FROM sds.change_requests WHERE person_id = @person
            UNION ALL SELECT text FROM sds.plan_outcomes WHERE person_id = @person
            UNION ALL SELECT description FROM sds.planned_purchases WHERE person_id = @person
            UNION ALL SELECT notes FROM sds.surplus_discussions WHERE person_id = @person
            UNION ALL SELECT contact FROM sds.people WHERE id = @person
            UNION ALL SELECT unnest(ARRAY[old_value, new_value]) FROM sds.person_changes WHERE person_id = @person AND field = 'contact'
            """, new { person })).ToList();
    }

    [Fact]
    public async Task A_dump_of_the_database_holds_none_of_the_notes_words_and_the_application_reads_them_as_written()
    {
        var (person, testBudget) = await PersonWithNotes();

        var held = await HeldAbout(person);
        // Five notes, two outcomes, one planned purchase, one surplus discussion; their contact details, and before and after in their history.
        held.Should().HaveCount(13).And.OnlyContain(t => PersonKeys.IsSealed(t), "every note is kept sealed with the person's key");
        held.Where(t => t!.Contains($"{person:N}")).Should().HaveCount(13, "each is sealed for this person");
        var dump = await s.DumpDataAsync();
        foreach (var words in Words) dump.Should().NotContain(words);

        var plan = SdsScenario.Ok(await s.App.SendAsync(new TestBudgetPlan.Query(s.PersonActor(person), testBudget)));
        plan.Progress.Should().ContainSingle().Which.Should().Match<ProgressItem>(n => n.WhatChanged == WhatChanged && n.InOwnWords == OwnWords);
        plan.Outcomes.Select(o => o.Text).Should().Equal(Outcome, "Reconnect with my daughter");
        plan.Planned.Should().ContainSingle().Which.Description.Should().Be(Planned);
        (await s.Summary(testBudget)).Outcomes.Should().Equal(Outcome, "Reconnect with my daughter");
        var statement = SdsScenario.Ok(await s.App.SendAsync(new PersonStatement.Query(s.Finance, testBudget, new LocalDate(2026, 11, 1), new LocalDate(2026, 11, 30))));
        statement.Outcomes[0].Text.Should().Be(Outcome);
        statement.Outcomes[0].Progress.Should().ContainSingle().Which.Should().Be(new ProgressEntry(new LocalDate(2026, 11, 3), WhatChanged, OwnWords, false));
        var asked = SdsScenario.Ok(await s.App.SendAsync(new ChangeRequests.Query(s.PersonActor(person))));
        asked.Should().ContainSingle().Which.Details.Should().Be(Asked);

        // The subject access export gives every row as held, with the sealed text opened.
        var export = SdsScenario.Ok(await s.App.SendAsync(new PersonExport.Query(s.PersonActor(person), person)));
        var text = System.Text.Json.JsonSerializer.Serialize(export.Tables);
        foreach (var words in Sealed) text.Should().Contain(words);
        export.Person.Contact.Should().Be(Contact);
        text.Should().Contain("12 Main Street", "their contact details before are in their history");
        text.Should().NotContain(PersonKeys.SealedMark);
    }

    [Fact]
    public async Task Once_the_persons_key_is_destroyed_no_copy_of_the_database_can_read_their_notes()
    {
        var (person, testBudget) = await PersonWithNotes();
        // What a copy taken after the key was destroyed holds: the sealed rows, and no key to open them.
        await using (var conn = new Npgsql.NpgsqlConnection(s.ConnectionString))
            await conn.ExecuteAsync("UPDATE sds.person_keys SET wrapped_key = NULL, destroyed_at = clock_timestamp() WHERE person_id = @person", new { person });

        var plan = SdsScenario.Ok(await s.App.SendAsync(new TestBudgetPlan.Query(s.SocialWorker, testBudget)));
        plan.Progress.Should().ContainSingle().Which.Should().Match<ProgressItem>(n => n.WhatChanged == PersonKeys.Erased && n.InOwnWords == PersonKeys.Erased);
        var asked = SdsScenario.Ok(await s.App.SendAsync(new ChangeRequests.Query(s.SocialWorker, person)));
        asked.Should().ContainSingle().Which.Details.Should().Be(PersonKeys.Erased);
    }

    [Fact]
    public async Task Nothing_more_is_written_about_someone_erased_and_each_attempt_is_refused_saying_so()
    {
        var person = await s.Person();
        SdsScenario.Ok(await s.App.SendAsync(new ErasePerson.Command(s.Finance, s.Key(), person, "Asked to be forgotten; no duty to keep")));
        var before = await HeldAbout(person);

        var refusals = new[]
        {
            (await s.App.SendAsync(new ChangeRecoveryPhase.Command(s.SocialWorker, s.Key(), person, "recovery", new LocalDate(2026, 11, 20), false,
                "Doing well"))).Refusal,
            (await s.App.SendAsync(new AskForChange.Command(s.SocialWorker, s.Key(), person, ChangeKind.Review, "An earlier review, please"))).Refusal,
            (await s.App.SendAsync(new UpdatePerson.Command(s.SocialWorker, s.Key(), person, Contact: "3 New Street, Kirkton"))).Refusal,
            // Details kept plain are refused as well: nothing more is kept about them.
            (await s.App.SendAsync(new UpdatePerson.Command(s.SocialWorker, s.Key(), person, Name: "Morven Quillfeather"))).Refusal,
            (await s.App.SendAsync(new Features.Family.RecordFamilyMember.Command(s.SocialWorker, s.Key(), person, "Isla Brandreth", "niece", false))).Refusal,
            (await s.App.SendAsync(new SetPersonSignIn.Command(s.SocialWorker, s.Key(), person, "morven@example.com", null))).Refusal,
        };

        foreach (var refusal in refusals)
            refusal.Should().BeEquivalentTo(new { Code = RefusalCodes.InvalidState, Reason = PersonErasedException.Refusal });
        (await HeldAbout(person)).Should().Equal(before, "nothing was written");
        (await s.Scalar<long>("SELECT count(*) FROM sds.person_changes WHERE person_id = @person", new { person })).Should().Be(0);
        (await s.Scalar<long>("SELECT count(*) FROM sds.family_members WHERE person_id = @person", new { person })).Should().Be(0);
        (await s.Scalar<string?>("SELECT coalesce(email, '') || name FROM sds.people WHERE id = @person", new { person }))
            .Should().Be("A person whose record has been erased");
        (await s.Scalar<long>("""
            SELECT count(*) FROM sds.audit_log WHERE person_id = @person AND outcome = 'refused' AND code = 'invalid-state'
               AND action IN ('ChangeRecoveryPhase', 'AskForChange', 'UpdatePerson', 'RecordFamilyMember', 'SetPersonSignIn')
               AND detail = @Refusal
            """, new { person, PersonErasedException.Refusal })).Should().Be(6, "the refusal's own words are kept, as nothing in them is about the person");
        (await s.Scalar<string>("SELECT detail FROM sds.audit_log WHERE person_id = @person AND action = 'ErasePerson'", new { person }))
            .Should().Be("erased on request (the reason is kept with the erasure)");
    }

    [Fact]
    public async Task Text_typed_to_look_sealed_where_text_is_kept_plain_is_given_as_written()
    {
        var (person, _) = await PersonWithNotes();
        // A person's name is kept plain (and so is its history); these are typed to look like sealed text, one naming the
        // person (who has a key).
        var lookalike = $"enc1:{person:N}:{Convert.ToBase64String(new byte[40])}";
        var notAnId = "enc1:this-is-not-anyone:QUJDRA==";
        foreach (var name in new[] { lookalike, notAnId })
            SdsScenario.Ok(await s.App.SendAsync(new UpdatePerson.Command(s.SocialWorker, s.Key(), person, Name: name)));

        var export = SdsScenario.Ok(await s.App.SendAsync(new PersonExport.Query(s.SocialWorker, person)));

        export.Tables["sds.person_changes"].Where(r => r.GetProperty("field").GetString() == "name")
            .Select(r => r.GetProperty("new_value").GetString()).Should().BeEquivalentTo([lookalike, notAnId]);
        export.Person.Contact.Should().Be(Contact, "real sealed text still opens");
    }

    [Fact]
    public async Task Notes_written_at_the_same_moment_for_someone_with_no_key_yet_make_one_key_and_all_read_back()
    {
        var person = await s.Person();
        var me = s.PersonActor(person);
        var key = s.Key();
        // The first two are one request sent twice (a retry racing the first attempt); the others are each new.
        var asks = Enumerable.Range(1, 6).Select(i => i <= 2
            ? new AskForChange.Command(me, key, person, ChangeKind.Plan, "Request number 1 for Glenmorriston")
            : new AskForChange.Command(me, s.Key(), person, ChangeKind.Plan, $"Request number {i} for Glenmorriston"));

        var results = await Task.WhenAll(asks.Select(a => s.App.SendAsync(a)));

        results.Should().OnlyContain(r => r.Succeeded, string.Join("; ", results.Select(r => r.ToString())));
        results[0].Value.Should().Be(results[1].Value, "the same key is the same request");
        (await s.Scalar<long>("SELECT count(*) FROM sds.person_keys WHERE person_id = @person", new { person })).Should().Be(1);
        var read = SdsScenario.Ok(await s.App.SendAsync(new ChangeRequests.Query(me)));
        read.Select(r => r.Details).Should().BeEquivalentTo(["Request number 1 for Glenmorriston", "Request number 3 for Glenmorriston",
            "Request number 4 for Glenmorriston", "Request number 5 for Glenmorriston", "Request number 6 for Glenmorriston"]);
    }
}
