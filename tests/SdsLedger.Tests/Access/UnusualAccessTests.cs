using Dapper;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Access;
using SdsLedger.Features.People;
using SdsLedger.Features.Reports;
using SdsLedger.Tests.Budgets;

namespace SdsLedger.Tests.Access;

/// <summary>The council's report of unusual access: every break-the-glass opening, and reads outside working hours.</summary>
public sealed class UnusualAccessTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    private static readonly LocalDate Today = new(2026, 11, 23);

    [Fact]
    public async Task The_report_lists_exactly_the_break_the_glass_openings_with_who_whose_when_why_and_the_reads_while_open()
    {
        var first = await s.Person("UA-0001");
        var second = await s.Person("UA-0002");
        var onCaseload = await s.Person("UA-0003");
        var auditor = await s.Worker(Role.Auditor, "Ava Auditor");
        SdsScenario.Ok(await s.App.SendAsync(new PersonBudgets.Query(s.SocialWorker, onCaseload, Today)));
        SdsScenario.Ok(await s.App.SendAsync(new PersonBudgets.Query(s.Finance, second, Today)));
        (await s.App.SendAsync(new PersonBudgets.Query(s.SecondSocialWorker, onCaseload, Today))).Refusal!.Code.Should().Be(RefusalCodes.ReasonNeeded);

        SdsScenario.Ok(await s.App.SendAsync(new BreakTheGlass.Command(s.SecondSocialWorker, s.Key(), first, null, "Duty cover for Sam")));
        SdsScenario.Ok(await s.App.SendAsync(new PersonBudgets.Query(s.SecondSocialWorker, first, Today)));
        SdsScenario.Ok(await s.App.SendAsync(new PersonBudgets.Query(s.SecondSocialWorker, first, Today)));
        SdsScenario.Ok(await s.App.SendAsync(new BreakTheGlass.Command(s.SecondSocialWorker, s.Key(), second, null, "Safeguarding call from the GP")));

        var report = SdsScenario.Ok(await s.App.SendAsync(new UnusualAccess.Query(auditor, Today, new LocalDate(2030, 1, 1))));

        report.GlassBreaks.Select(g => (g.Worker, g.PersonReference, g.PersonName, g.Reason, g.ReadsWhileOpen)).Should().Equal(
            ("Alex Second", "UA-0002", "Jo Example", "Safeguarding call from the GP", 0),
            ("Alex Second", "UA-0001", "Jo Example", "Duty cover for Sam", 2));
        report.GlassBreaks.Should().OnlyContain(g => g.OpenUntil == g.OpenedAt.Plus(Duration.FromHours(8)));
        (await s.App.SendAsync(new UnusualAccess.Query(s.SocialWorker, Today, Today))).Refusal!.Code.Should().Be(RefusalCodes.NotAuthorised);
        (await s.App.SendAsync(new UnusualAccess.Query(auditor, Today, Today.PlusDays(-1)))).Errors.Select(e => e.Field).Should().Equal("To");
        SdsScenario.Ok(await s.App.SendAsync(new UnusualAccess.Query(s.Finance, Today, new LocalDate(2030, 1, 1)))).GlassBreaks.Should().HaveCount(2);
    }

    [Fact]
    public async Task Reads_outside_working_hours_are_listed_and_reads_inside_them_are_not()
    {
        var person = await s.Person("UA-0100");
        var auditor = await s.Worker(Role.Auditor, "Owen Auditor");
        await using (var conn = new Npgsql.NpgsqlConnection(s.ConnectionString))
        {
            // A Sunday night, a Monday at 07:59 and 18:00 (UK time, GMT in November), and a Monday at 10:00; and the person's own look on Sunday.
            const string insert = """
                INSERT INTO sds.audit_log (at, actor_id, actor, role, action, council_id, person_id, outcome, detail)
                VALUES (@At, @ActorId, @Actor, @Role, @Action, @Council, @Person, 'done', '')
                """;
            foreach (var (at, action) in new[]
                     {
                         (new DateTime(2026, 11, 22, 23, 30, 0, DateTimeKind.Utc), "SundayNight"), (new DateTime(2026, 11, 23, 7, 59, 0, DateTimeKind.Utc), "MondayEarly"),
                         (new DateTime(2026, 11, 23, 18, 0, 0, DateTimeKind.Utc), "MondayEvening"), (new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc), "MondayMorning"),
                     })
                await conn.ExecuteAsync(insert, new { At = at, ActorId = s.SocialWorker.Id, Actor = "Sam Worker", Role = "social-worker", Action = action, Council = s.CouncilId, Person = person });
            await conn.ExecuteAsync(insert, new { At = new DateTime(2026, 11, 22, 22, 0, 0, DateTimeKind.Utc), ActorId = person, Actor = "Jo Example", Role = "service-user",
                Action = "OwnLook", Council = s.CouncilId, Person = person });
        }

        var report = SdsScenario.Ok(await s.App.SendAsync(new UnusualAccess.Query(auditor, new LocalDate(2026, 11, 22), Today)));

        report.OutOfHours.Where(r => r.PersonReference == "UA-0100").Select(r => (r.Action, r.Actor)).Should().Equal(
            ("MondayEvening", "Sam Worker"), ("MondayEarly", "Sam Worker"), ("SundayNight", "Sam Worker"));
    }
}
