using Dapper;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.People;
using SdsLedger.Tests.Budgets;

namespace SdsLedger.Tests.People;

public sealed class UpdatePersonTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    private sealed record ChangeRow(string Field, string? OldValue, string? NewValue, Guid ChangedById, string ChangedBy);

    private sealed record PersonRow(string Name, string Contact, string StatementFormat, Guid? SocialWorkerId);

    /// <summary>The person's row, with their contact details (kept sealed with their key) opened.</summary>
    private async Task<PersonRow> Row(Guid person)
    {
        await using var conn = new Npgsql.NpgsqlConnection(s.ConnectionString);
        var row = await conn.QuerySingleAsync<PersonRow>(
            "SELECT name AS Name, contact AS Contact, statement_format AS StatementFormat, social_worker_id AS SocialWorkerId FROM sds.people WHERE id = @person",
            new { person });
        row.Contact.Should().StartWith(Features.Shared.PersonKeys.SealedMark, "contact details are kept sealed with the person's key");
        return row with { Contact = await s.Reveal(row.Contact) };
    }

    /// <summary>The person's history, with the contact details it keeps (sealed with their key) opened.</summary>
    private async Task<List<ChangeRow>> History(Guid person)
    {
        await using var conn = new Npgsql.NpgsqlConnection(s.ConnectionString);
        var rows = (await conn.QueryAsync<ChangeRow>("""
            SELECT field AS Field, old_value AS OldValue, new_value AS NewValue, changed_by_id AS ChangedById, changed_by AS ChangedBy
              FROM sds.person_changes WHERE person_id = @person ORDER BY changed_at, field
            """, new { person })).ToList();
        var opened = new List<ChangeRow>();
        foreach (var row in rows)
        {
            if (row.Field != "contact") { opened.Add(row); continue; }
            new[] { row.OldValue, row.NewValue }.Should().OnlyContain(v => v == null || v == "" || Features.Shared.PersonKeys.IsSealed(v));
            opened.Add(row with { OldValue = row.OldValue is { Length: > 0 } was ? await s.Reveal(was) : row.OldValue,
                                  NewValue = row.NewValue is { Length: > 0 } now ? await s.Reveal(now) : row.NewValue });
        }
        return opened;
    }

    [Fact]
    public async Task A_person_update_changes_only_what_is_given_and_keeps_who_changed_what()
    {
        var person = await s.Person();

        var first = SdsScenario.Ok(await s.App.SendAsync(new UpdatePerson.Command(s.SocialWorker, s.Key(), person, Contact: "4 Shore Road, Kirkton",
            Format: StatementFormat.LargePrint)));
        var second = SdsScenario.Ok(await s.App.SendAsync(new UpdatePerson.Command(s.Finance, s.Key(), person, Name: "Jo Example-Smith",
            SocialWorkerId: s.SecondSocialWorker.Id)));
        var same = SdsScenario.Ok(await s.App.SendAsync(new UpdatePerson.Command(s.Finance, s.Key(), person, Name: "Jo Example-Smith")));

        first.Changes.Select(c => c.Field).Should().Equal("contact", "statement_format");
        same.Changes.Should().BeEmpty();
        (await Row(person)).Should().Be(new PersonRow("Jo Example-Smith", "4 Shore Road, Kirkton", "large-print", s.SecondSocialWorker.Id));
        (await History(person)).Should().BeEquivalentTo(new[]
        {
            new ChangeRow("contact", "12 Main Street", "4 Shore Road, Kirkton", s.SocialWorker.Id, "Sam Worker"),
            new ChangeRow("statement_format", "standard", "large-print", s.SocialWorker.Id, "Sam Worker"),
            new ChangeRow("name", "Jo Example", "Jo Example-Smith", s.Finance.Id, "Fiona Finance"),
            new ChangeRow("social_worker", s.SocialWorkerId.ToString(), s.SecondSocialWorker.Id.ToString(), s.Finance.Id, "Fiona Finance"),
        });
        second.Changes.Should().HaveCount(2);
        (await s.Count("SELECT count(*) FROM sds.audit_log WHERE action = 'UpdatePerson' AND person_id = @person AND outcome = 'done' AND actor_id = ANY (@By)",
            new { person, By = new[] { s.SocialWorker.Id, s.Finance.Id } })).Should().Be(3);
    }

    [Fact]
    public async Task A_bad_update_names_its_field_and_changes_nothing_and_only_the_persons_council_may_update()
    {
        var person = await s.Person();
        var other = await s.OtherCouncil();
        var before = await Row(person);
        UpdatePerson.Command Update(Actor? actor = null, string? name = null, string? contact = null, StatementFormat? format = null, Guid? worker = null) =>
            new(actor ?? s.SocialWorker, s.Key(), person, name, contact, format, worker);

        (await s.App.SendAsync(Update())).Errors.Select(e => e.Field).Should().Equal("Changes");
        (await s.App.SendAsync(Update(name: ""))).Errors.Select(e => e.Field).Should().Equal("Name");
        (await s.App.SendAsync(Update(name: "Jo\u202eExample"))).Errors.Select(e => e.Field).Should().Equal("Name");
        (await s.App.SendAsync(Update(name: new string('a', 201)))).Errors.Select(e => e.Field).Should().Equal("Name");
        (await s.App.SendAsync(Update(contact: new string('a', 301)))).Errors.Select(e => e.Field).Should().Equal("Contact");
        (await s.App.SendAsync(Update(format: (StatementFormat)42))).Errors.Select(e => e.Field).Should().Equal("Format");
        (await s.App.SendAsync(Update(worker: s.Finance.Id))).Errors.Select(e => e.Field).Should().Equal("SocialWorkerId");
        (await s.App.SendAsync(Update(worker: other.SocialWorker.Id))).Errors.Select(e => e.Field).Should().Equal("SocialWorkerId");
        await s.RefusedWith(Update(other.SocialWorker, name: "Someone Else"), RefusalCodes.NotFound);
        await s.RefusedWith(Update(s.Provider, name: "Someone Else"), RefusalCodes.NotAuthorised);
        await s.RefusedWith(Update(s.PersonActor(person), name: "Someone Else"), RefusalCodes.NotAuthorised);

        (await Row(person)).Should().Be(before);
        (await History(person)).Should().BeEmpty();
    }
}
