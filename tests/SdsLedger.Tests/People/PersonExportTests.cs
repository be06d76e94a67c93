using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using NodaTime;
using SdsLedger.Documents.People;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Approvals;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.Family;
using SdsLedger.Features.People;
using SdsLedger.Features.Reviews;
using SdsLedger.Pipeline;
using SdsLedger.Tests.Budgets;
using SdsLedger.Tests.Documents;

namespace SdsLedger.Tests.People;

public sealed class PersonExportTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    /// <summary>A person with a funded direct payment, a spend, an approval asked for, family, a review, a phase, a change of details and reads.</summary>
    private async Task<(Guid Person, Guid Budget)> PersonWithHistory()
    {
        var (person, budget, part, actor) = await s.FundedDirectPayment();
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(actor, part, 45, payee: "Kirkton Leisure Centre")));
        SdsScenario.Ok(await s.App.SendAsync(new RequestApproval.Command(actor, s.Key(), part, Money.FromPounds(300), "leisure", "Kirkton Bikes",
            "A bike to get to the recovery cafe")));
        SdsScenario.Ok(await s.App.SendAsync(new RecordFamilyMember.Command(s.SocialWorker, s.Key(), person, "Mary Example", "sister", SameHousehold: false)));
        SdsScenario.Ok(await s.App.SendAsync(new RecordReview.Command(s.SocialWorker, s.Key(), budget, new LocalDate(2026, 11, 20), "Keep the swimming going.")));
        SdsScenario.Ok(await s.App.SendAsync(new ChangeRecoveryPhase.Command(s.SocialWorker, s.Key(), person, "maintenance", new LocalDate(2026, 11, 1), false)));
        SdsScenario.Ok(await s.App.SendAsync(new UpdatePerson.Command(s.SocialWorker, s.Key(), person, Contact: "4 Shore Road, Kirkton")));
        SdsScenario.Ok(await s.App.SendAsync(new BudgetSummary.Query(s.Finance, budget, new LocalDate(2026, 11, 23))));
        return (person, budget);
    }

    private async Task<List<string>> RowsAbout(Guid person, string table, string where)
    {
        await using var conn = new Npgsql.NpgsqlConnection(s.ConnectionString);
        return (await conn.QueryAsync<string>($"SELECT row_to_json(t)::text FROM {table} t WHERE {where}", new { person })).ToList();
    }

    /// <summary>The row as the database holds it, with each text sealed with a person's key opened as the application opens it.</summary>
    private async Task<JsonNode?> Opened(string row)
    {
        var fields = JsonNode.Parse(row)!.AsObject();
        foreach (var (name, value) in fields.ToList())
            if (value is JsonValue v && v.TryGetValue<string>(out var text) && Features.Shared.PersonKeys.IsSealed(text))
                fields[name] = await s.Reveal(text);
        return fields;
    }

    private static List<JsonNode?> Sorted(IEnumerable<JsonNode?> rows) => rows.OrderBy(r => r!.ToJsonString(), StringComparer.Ordinal).ToList();

    [Fact]
    public async Task The_export_holds_every_row_the_database_holds_about_the_person_and_is_itself_audited()
    {
        var (person, _) = await PersonWithHistory();
        var someoneElse = await s.ActiveBudget([SdsScenario.DirectPayment(500)]);

        var export = SdsScenario.Ok(await s.App.SendAsync(new PersonExport.Query(s.SocialWorker, person)));
        // What the person receives: the JSON file, read back.
        var json = JsonNode.Parse(JsonSerializer.Serialize(export, SdsJson.Indented))!;

        json["format"]!.GetValue<string>().Should().Be("sdsledger-subject-access/1");
        // The shape the README documents.
        json.AsObject().Select(p => p.Key).Should().Equal("format", "exportedAt", "exportedBy", "person", "ledger", "tables");
        json["person"]!.AsObject().Select(p => p.Key).Should().Equal("id", "reference", "name", "dateOfBirth", "contact", "statementFormat", "socialWorker");
        json["ledger"]![0]!.AsObject().Select(p => p.Key).Should().Equal("entryId", "date", "kind", "description", "account", "amount");
        json["ledger"]![0]!["amount"]!.AsObject().Select(p => p.Key).Should().Equal("pence", "pounds");
        json["person"]!["contact"]!.GetValue<string>().Should().Be("4 Shore Road, Kirkton");
        var exported = json["tables"]!.AsObject();

        // Every table of the database that has a person_id column, found here from the catalogue, not from the export's code.
        await using var conn = new Npgsql.NpgsqlConnection(s.ConnectionString);
        var tables = (await conn.QueryAsync<string>("""
            SELECT n.nspname || '.' || c.relname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE a.attname = 'person_id' AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            """)).Select(t => (t, "person_id = @person")).ToList();
        tables.AddRange([
            ("sds.people", "id = @person"),
            ("ledger.entries", "id IN (SELECT entry_id FROM ledger.postings WHERE person_id = @person)"),
            ("sds.payment_batch_instalments", "part_id IN (SELECT id FROM sds.budget_parts WHERE person_id = @person)"),
        ]);
        var held = 0;
        foreach (var (table, where) in tables)
        {
            var rows = new List<JsonNode?>();
            foreach (var row in await RowsAbout(person, table, where)) rows.Add(await Opened(row));
            if (table == "sds.audit_log")
            {
                // The export's own audit record is written as it finishes: the one row the export cannot hold.
                var own = rows.Where(r => r!["action"]!.GetValue<string>() == "PersonExport").ToList();
                own.Should().ContainSingle();
                own[0]!["actor_id"]!.GetValue<Guid>().Should().Be(s.SocialWorker.Id);
                own[0]!["detail"]!.GetValue<string>().Should().Be("subject access export");
                rows.Remove(own[0]);
                rows.Select(r => r!["action"]!.GetValue<string>()).Should().Contain(["BudgetSummary", "RecordSpend", "UpdatePerson"],
                    "reads of the person's data are in it, with the changes");
            }
            var inExport = exported.TryGetPropertyValue(table, out var node) ? node!.AsArray().ToList() : [];
            var want = Sorted(rows);
            var got = Sorted(inExport.Select(n => n?.DeepClone()));
            got.Count.Should().Be(want.Count, $"{table} holds {want.Count} rows about the person");
            for (var i = 0; i < want.Count; i++)
                JsonNode.DeepEquals(got[i], want[i]).Should().BeTrue($"{table}: {got[i]?.ToJsonString()} should be {want[i]?.ToJsonString()}");
            held += want.Count;
        }
        exported.Select(t => t.Key).Should().BeSubsetOf(tables.Select(t => t.Item1), "the export holds nothing but rows about the person");
        exported.Select(t => t.Key).Should().Contain(["sds.budgets", "sds.budget_parts", "sds.support_plans", "sds.plan_outcomes", "sds.spends", "sds.approvals",
            "sds.family_members", "sds.reviews", "sds.recovery_phases", "sds.person_changes", "sds.audit_log", "ledger.entries", "ledger.postings", "ledger.accounts"]);
        held.Should().BeGreaterThan(40);
        exported["sds.reviews"]!.AsArray().Select(r => r!["agreed"]?.GetValue<string>()).Should().Contain("Keep the swimming going.",
            "text kept sealed is given as it was written");
        json.ToJsonString().Should().NotContain(Features.Shared.PersonKeys.SealedMark);
        export.Ledger.Should().NotBeEmpty().And.Contain(l => l.Amount == Money.FromPounds(-45) || l.Amount == Money.FromPounds(45));
        json.ToJsonString().Should().NotContain(someoneElse.Budget.BudgetId.ToString(), "nobody else's records are in it");
    }

    [Fact]
    public async Task The_readable_copy_names_their_details_money_records_and_who_looked()
    {
        var (person, _) = await PersonWithHistory();
        var export = SdsScenario.Ok(await s.App.SendAsync(new PersonExport.Query(s.PersonActor(person), person)));

        var text = ReadPdf.Of(stream => SubjectAccessDocument.WritePdf(export, stream)).Text;

        text.Should().Contain("Everything we hold about Jo Example").And.Contain("4 Shore Road, Kirkton").And.Contain("Money on your accounts")
            .And.Contain("Kirkton Leisure Centre").And.Contain("Kirkton Bikes").And.Contain("Mary Example").And.Contain("Keep the swimming going.")
            .And.Contain("Who used or looked at your record").And.Contain("BudgetSummary").And.Contain("Changes to your details");
    }

    [Fact]
    public async Task Only_the_person_and_their_councils_staff_may_export()
    {
        var (person, _) = await PersonWithHistory();
        var other = await s.OtherCouncil();
        var (someoneElse, _) = await s.ActiveBudget([SdsScenario.DirectPayment(500)]);

        (await s.App.SendAsync(new PersonExport.Query(other.SocialWorker, person))).Refusal!.Code.Should().Be(RefusalCodes.NotFound);
        (await s.App.SendAsync(new PersonExport.Query(s.Provider, person))).Refusal!.Code.Should().Be(RefusalCodes.NotAuthorised);
        (await s.App.SendAsync(new PersonExport.Query(s.PersonActor(someoneElse), person))).Refusal!.Code.Should().Be(RefusalCodes.NotFound);
    }
}
