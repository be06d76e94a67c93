using Dapper;
using NodaTime;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Access;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.People;
using SdsLedger.Features.Shared;
using SdsLedger.Features.Statements;
using SdsLedger.Tests.Budgets;

namespace SdsLedger.Tests.Access;

/// <summary>Least access: a social worker opens someone's record who is not on their caseload only with a reason.</summary>
public sealed class BreakTheGlassTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    private static readonly LocalDate Today = new(2026, 11, 23);

    private BreakTheGlass.Command Open(Guid person, string reason, string? key = null) =>
        new(s.SecondSocialWorker, key ?? s.Key(), person, null, reason);

    private Task<long> Openings(Guid person) => s.Count("SELECT count(*) FROM sds.record_openings WHERE person_id = @person", new { person });

    [Fact]
    public async Task Reading_someone_off_caseload_without_a_reason_is_refused_with_a_plain_reason()
    {
        var (person, budget) = await s.ActiveBudget([SdsScenario.DirectPayment(1300)]);
        var refusedBefore = await s.AuditRecords("refused", RefusalCodes.ReasonNeeded);

        var people = await s.App.SendAsync(new PersonBudgets.Query(s.SecondSocialWorker, person, Today));
        var summary = await s.App.SendAsync(new BudgetSummary.Query(s.SecondSocialWorker, budget.BudgetId, Today));
        var statement = await s.App.SendAsync(new PersonStatement.Query(s.SecondSocialWorker, budget.BudgetId, SdsScenario.PeriodStart, Today));
        var export = await s.App.SendAsync(new PersonExport.Query(s.SecondSocialWorker, person));

        foreach (var refusal in new[] { people.Refusal, summary.Refusal, statement.Refusal, export.Refusal })
        {
            refusal.Should().NotBeNull();
            refusal!.Code.Should().Be(RefusalCodes.ReasonNeeded);
            refusal.Reason.Should().Contain("not on your caseload").And.Contain("Give a reason");
        }
        (await s.AuditRecords("refused", RefusalCodes.ReasonNeeded)).Should().Be(refusedBefore + 4, "each refused look is audited against the person");
        (await s.Count("SELECT count(*) FROM sds.audit_log WHERE person_id = @person AND outcome = 'refused' AND actor_id = @worker",
            new { person, worker = s.SecondSocialWorker.Id })).Should().Be(4);

        // Their named social worker, the finance officer and the council's auditor read it as before.
        SdsScenario.Ok(await s.App.SendAsync(new PersonBudgets.Query(s.SocialWorker, person, Today)));
        SdsScenario.Ok(await s.App.SendAsync(new BudgetSummary.Query(s.Finance, budget.BudgetId, Today)));
        var auditor = await s.Worker(Domain.Role.Auditor, "Ava Auditor");
        SdsScenario.Ok(await s.App.SendAsync(new BudgetSummary.Query(auditor, budget.BudgetId, Today)));
        (await Openings(person)).Should().Be(0);

        // Someone not yet allocated to a social worker is the team's: any of the council's social workers reads them.
        var unallocated = SdsScenario.Ok(await s.App.SendAsync(new RegisterPerson.Command(s.Finance, s.Key(), $"U-{Guid.NewGuid():N}"[..12], "Pat Waiting",
            new LocalDate(1975, 3, 1), "3 Quay Street", Domain.StatementFormat.Standard, null)));
        SdsScenario.Ok(await s.App.SendAsync(new PersonBudgets.Query(s.SecondSocialWorker, unallocated, Today)));
    }

    [Fact]
    public async Task With_a_reason_the_record_opens_for_eight_hours_for_that_worker_and_the_opening_is_audited()
    {
        var (person, budget) = await s.ActiveBudget([SdsScenario.DirectPayment(1300)]);
        const string reason = "Duty cover: Sam is off sick and Jo phoned about a late payment";

        var opened = SdsScenario.Ok(await s.App.SendAsync(new BreakTheGlass.Command(s.SecondSocialWorker, s.Key(), null, budget.BudgetId, reason)));

        opened.PersonId.Should().Be(person);
        SdsScenario.Ok(await s.App.SendAsync(new PersonBudgets.Query(s.SecondSocialWorker, person, Today)));
        SdsScenario.Ok(await s.App.SendAsync(new BudgetSummary.Query(s.SecondSocialWorker, budget.BudgetId, Today)));
        SdsScenario.Ok(await s.App.SendAsync(new PersonStatement.Query(s.SecondSocialWorker, budget.BudgetId, SdsScenario.PeriodStart, Today)));

        await using var conn = new Npgsql.NpgsqlConnection(s.ConnectionString);
        var row = await conn.QuerySingleAsync<(Guid Worker, string Name, string Reason, double Hours)>(
            "SELECT worker_id, worker, reason, extract(epoch FROM open_until - opened_at) / 3600 FROM sds.record_openings WHERE person_id = @person",
            new { person });
        row.Should().Be((s.SecondSocialWorker.Id, "Alex Second", row.Reason, 8.0));
        row.Reason.Should().StartWith($"{PersonKeys.SealedMark}{person:N}:", "why a record was opened is kept sealed with the person's key");
        (await s.Reveal(row.Reason)).Should().Be(reason);
        var audited = await conn.QuerySingleAsync<(string Actor, string Role, Guid? Budget, string Detail)>(
            "SELECT actor, role, budget_id, detail FROM sds.audit_log WHERE action = 'BreakTheGlass' AND outcome = 'done' AND person_id = @person AND actor_id = @worker",
            new { person, worker = s.SecondSocialWorker.Id });
        (audited with { Detail = await s.Reveal(audited.Detail) }).Should().Be(("Alex Second", "social-worker", (Guid?)budget.BudgetId, $"break the glass: {reason}"));

        // The person's subject access export holds the opening, with who opened their record and why.
        var export = SdsScenario.Ok(await s.App.SendAsync(new PersonExport.Query(s.SecondSocialWorker, person)));
        export.Tables["sds.record_openings"].Should().ContainSingle().Which.GetProperty("reason").GetString().Should().Be(reason);

        // Open to that worker only: a third social worker is still asked.
        var third = await s.Worker(Domain.Role.SocialWorker, "Kim Third");
        (await s.App.SendAsync(new PersonBudgets.Query(third, person, Today))).Refusal!.Code.Should().Be(RefusalCodes.ReasonNeeded);

        // Once the eight hours have passed, the worker is asked again.
        await conn.ExecuteAsync("UPDATE sds.record_openings SET opened_at = opened_at - interval '9 hours', open_until = open_until - interval '9 hours' WHERE person_id = @person",
            new { person });
        (await s.App.SendAsync(new PersonBudgets.Query(s.SecondSocialWorker, person, Today))).Refusal!.Code.Should().Be(RefusalCodes.ReasonNeeded);
    }

    [Fact]
    public async Task Two_requests_with_the_same_key_at_once_record_one_opening()
    {
        var person = await s.Person();
        var key = s.Key();

        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => s.App.SendAsync(Open(person, "Covering the duty desk", key)))));

        answers.Select(a => SdsScenario.Ok(a).OpeningId).Distinct().Should().HaveCount(1);
        (await Openings(person)).Should().Be(1);
        (await s.Count("SELECT count(*) FROM sds.audit_log WHERE action = 'BreakTheGlass' AND outcome = 'done' AND person_id = @person", new { person }))
            .Should().Be(1);
    }

    [Fact]
    public async Task A_reason_that_is_empty_too_long_or_has_control_characters_is_refused_naming_the_field_and_nothing_is_opened()
    {
        var person = await s.Person();

        foreach (var reason in new[] { "", "   ", new string('a', BreakTheGlass.MaxReason + 1), "Duty cover\u0007", "Duty\u001b[2J cover", "Cover\u202e" })
        {
            var answer = await s.App.SendAsync(Open(person, reason));
            answer.Errors.Select(e => e.Field).Should().Equal(["Reason"], reason);
            answer.Errors[0].Message.Should().Contain("reason for opening this record");
        }
        (await s.App.SendAsync(new BreakTheGlass.Command(s.SecondSocialWorker, s.Key(), null, null, "Covering"))).Errors.Select(e => e.Field)
            .Should().Equal("PersonId");
        (await s.App.SendAsync(new BreakTheGlass.Command(s.Finance, s.Key(), person, null, "Curious"))).Refusal!.Code.Should().Be(RefusalCodes.NotAuthorised);
        var other = await s.OtherCouncil();
        (await s.App.SendAsync(new BreakTheGlass.Command(other.SocialWorker, s.Key(), person, null, "Curious"))).Refusal!.Code.Should().Be(RefusalCodes.NotFound);

        (await Openings(person)).Should().Be(0);
        (await s.App.SendAsync(new PersonBudgets.Query(s.SecondSocialWorker, person, Today))).Refusal!.Code.Should().Be(RefusalCodes.ReasonNeeded);
    }
}
