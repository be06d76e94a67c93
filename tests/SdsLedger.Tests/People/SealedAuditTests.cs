using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Access;
using SdsLedger.Features.Audit;
using SdsLedger.Features.Family;
using SdsLedger.Features.People;
using SdsLedger.Features.Shared;
using SdsLedger.Tests.Budgets;

namespace SdsLedger.Tests.People;

/// <summary>
/// An audit record about a person can repeat what was typed about them (a payee, a reason): its detail is kept sealed
/// with the person's key, so a dump of the audit trail holds none of the words, while an auditor reads them as written.
/// </summary>
public sealed class SealedAuditTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    private const string Payee = "Glenbervie Pottery";
    private const string Family = "Eilidh Strathcarron";
    private const string FamilyReason = "She cares for him most evenings at Kinnordy";
    private const string GlassReason = "Safeguarding call from Dr Pitcaple";

    private static readonly string[] Words = ["Glenbervie", "Strathcarron", "Kinnordy", "Pitcaple"];

    /// <summary>A person with a spend, a refused spend, an agreement to pay a family member and a break-the-glass read.</summary>
    private async Task<Guid> PersonWithTrail()
    {
        var (person, budget, part, actor) = await s.FundedDirectPayment();
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(actor, part, 45, payee: Payee)));
        await s.RefusedWith(s.Spend(actor, part, 9000, payee: Payee), RefusalCodes.InsufficientFunds);
        SdsScenario.Ok(await s.App.SendAsync(new RecordFamilyAgreement.Command(s.SocialWorker, s.Key(), budget, Family, FamilyReason,
            new LocalDate(2026, 10, 1))));
        SdsScenario.Ok(await s.App.SendAsync(new BreakTheGlass.Command(s.SecondSocialWorker, s.Key(), person, null, GlassReason)));
        return person;
    }

    private Task<AuditTrailView> Trail(Actor auditor, Guid person) =>
        s.App.SendAsync(new AuditTrailQuery.Query(auditor, person, null)).ContinueWith(t => SdsScenario.Ok(t.Result));

    [Fact]
    public async Task A_dump_of_the_audit_trail_holds_none_of_the_words_typed_about_a_person_and_the_auditor_reads_them_as_written()
    {
        var person = await PersonWithTrail();

        var details = (await s.Query<string>("""
            SELECT detail FROM sds.audit_log
             WHERE person_id = @person AND action IN ('RecordSpend', 'RecordFamilyAgreement', 'BreakTheGlass') ORDER BY id
            """, new { person })).ToList();
        details.Should().HaveCount(4).And.OnlyContain(d => PersonKeys.IsSealed(d) && d.Contains($"{person:N}"), "each is sealed for this person");
        var dump = await s.DumpDataAsync("sds.audit_log");
        dump.Should().Contain($"{person}", "the dump holds the person's records");
        foreach (var word in Words) dump.Should().NotContain(word);
        (await s.DumpDataAsync()).Should().NotContain("Pitcaple", "why the record was opened is kept sealed as well (sds.record_openings)");

        var auditor = await s.Worker(Role.Auditor, "Ava Auditor");
        var trail = await Trail(auditor, person);
        trail.Records.Select(r => r.Detail).Should().Contain([
            $"£45.00 to {Payee} for leisure",
            "This would spend £9,000.00 but only £355.00 is available.",
            $"agreed to pay family member {Family}: {FamilyReason}",
            $"break the glass: {GlassReason}",
        ]);
        trail.Records.Should().NotContain(r => r.Detail.Contains(PersonKeys.SealedMark));
        // An actor's trail crosses many people's records, each opened with its own person's key.
        var byActor = SdsScenario.Ok(await s.App.SendAsync(new AuditTrailQuery.Query(auditor, null, s.SecondSocialWorker.Name)));
        byActor.Records.Select(r => r.Detail).Should().Contain($"break the glass: {GlassReason}");

        // The subject access export gives the records as written too.
        var export = SdsScenario.Ok(await s.App.SendAsync(new PersonExport.Query(s.SocialWorker, person)));
        var held = System.Text.Json.JsonSerializer.Serialize(export.Tables["sds.audit_log"]);
        held.Should().Contain(GlassReason).And.Contain(FamilyReason).And.NotContain(PersonKeys.SealedMark);
    }

    [Fact]
    public async Task Once_the_persons_key_is_destroyed_their_audit_details_read_as_erased_and_later_records_keep_nothing()
    {
        var person = await PersonWithTrail();
        var auditor = await s.Worker(Role.Auditor, "Owen Auditor");
        // What a copy taken after the key was destroyed holds: the sealed details, and no key to open them.
        await s.Execute("UPDATE sds.person_keys SET wrapped_key = NULL, destroyed_at = clock_timestamp() WHERE person_id = @person", new { person });

        var trail = await Trail(auditor, person);
        trail.Records.Where(r => r.Action is "RecordSpend" or "BreakTheGlass").Should().HaveCount(3)
            .And.OnlyContain(r => r.Detail == PersonKeys.Erased);
        // Reading their trail now is itself a record about them, which keeps nothing.
        (await s.Scalar<string>("""
            SELECT detail FROM sds.audit_log WHERE person_id = @person AND action = 'AuditTrailQuery' ORDER BY id DESC LIMIT 1
            """, new { person })).Should().Be(PersonKeys.ErasedDetail);
    }

    [Fact]
    public async Task A_record_naming_someone_not_found_makes_no_key_and_keeps_the_refusals_own_words()
    {
        var auditor = await s.Worker(Role.Auditor, "Isla Auditor");
        var nobody = Guid.NewGuid();

        var trail = await Trail(auditor, nobody);
        var refused = await s.App.SendAsync(new AuditTrailQuery.Query(s.SocialWorker, nobody, null));

        trail.Records.Should().BeEmpty();
        refused.Refusal!.Reason.Should().Contain("only auditors");
        (await s.Scalar<long>("SELECT count(*) FROM sds.person_keys WHERE person_id = @nobody", new { nobody })).Should().Be(0);
        (await s.Query<string>("SELECT detail FROM sds.audit_log WHERE person_id = @nobody ORDER BY id", new { nobody }))
            .Should().Equal("audit trail of a person", refused.Refusal.Reason);
    }
}
