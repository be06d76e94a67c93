using System.Diagnostics;
using Dapper;
using NodaTime;
using Npgsql;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.Family;
using SdsLedger.Features.People;
using Microsoft.Extensions.DependencyInjection;
using SdsLedger.Features.Shared;
using SdsLedger.LocalPostgres;
using SdsLedger.Pipeline;
using SdsLedger.Tests.Budgets;

namespace SdsLedger.Tests.People;

public sealed class ErasePersonTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    private const string Name = "Morag Quillfeather";
    private const string Contact = "7 Larkspur Wynd, Kirkton";
    private const string Description = "Pottery class with Isla Brandreth";
    private const string Payee = "Thistlecombe Ceramics";

    /// <summary>A person with a spend, a family member and changed details, whose budget has been ended.</summary>
    private async Task<(Guid Person, Guid Budget, Guid Part)> EndedPersonWithHistory()
    {
        var (person, budget, part, actor) = await s.FundedDirectPayment();
        SdsScenario.Ok(await s.App.SendAsync(new UpdatePerson.Command(s.SocialWorker, s.Key(), person, Name: Name, Contact: Contact)));
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(actor, part, 45, payee: Payee) with { Description = Description }));
        SdsScenario.Ok(await s.App.SendAsync(new RecordFamilyMember.Command(s.SocialWorker, s.Key(), person, "Isla Brandreth", "niece", SameHousehold: false)));
        // Refused (no agreement to pay family): the stored answer, kept for a retry, names her.
        await s.RefusedWith(s.Spend(actor, part, 20, payee: "Isla Brandreth"), RefusalCodes.FamilyPayeeUnagreed);
        SdsScenario.Ok(await s.App.SendAsync(new EndBudget.Command(s.Finance, s.Key(), budget, "Moved away")));
        return (person, budget, part);
    }

    private async Task<List<(string Kind, long Posted, long Pending)>> TrialBalance()
    {
        await using var conn = new NpgsqlConnection(s.ConnectionString);
        return (await conn.QueryAsync<(string, long, long)>("""
            SELECT a.kind, sum(b.posted)::bigint, sum(b.pending)::bigint FROM ledger.balances b JOIN ledger.accounts a ON a.id = b.account_id
             GROUP BY a.kind ORDER BY a.kind
            """)).ToList();
    }

    [Fact]
    public async Task After_erasure_a_dump_of_the_database_holds_none_of_their_text_and_the_ledger_still_adds_up()
    {
        var (person, _, _) = await EndedPersonWithHistory();
        var before = await s.DumpDataAsync();
        before.Should().Contain(Name);
        // Whom they paid and for what are kept sealed with the person's key, in the spend's row and in the ledger's entry alike.
        before.Should().NotContain(Description).And.NotContain(Payee);
        (await s.Scalar<long>("SELECT count(*) FROM ledger.entries WHERE description LIKE '%Pottery%'")).Should().Be(0);
        var trial = await TrialBalance();

        var erased = SdsScenario.Ok(await s.App.SendAsync(new ErasePerson.Command(s.Finance, s.Key(), person, "Asked to be forgotten; no duty to keep")));

        erased.AlreadyErased.Should().BeFalse();
        var after = await s.DumpDataAsync();
        foreach (var text in new[] { Name, Contact, Description, Payee, "Isla Brandreth", "Larkspur", "Quillfeather" })
            after.Should().NotContain(text);
        (await TrialBalance()).Should().Equal(trial);
        await s.AuditPasses();
        (await s.Scalar<long>("SELECT count(*) FROM sds.erasures WHERE person_id = @person AND kind = 'request'", new { person })).Should().Be(1);
    }

    [Fact]
    public async Task The_same_erasure_twice_or_two_at_once_erases_once_and_answers_both()
    {
        var (person, _, _) = await EndedPersonWithHistory();
        var key = s.Key();
        var first = SdsScenario.Ok(await s.App.SendAsync(new ErasePerson.Command(s.Finance, key, person, "Asked to be forgotten")));
        var again = SdsScenario.Ok(await s.App.SendAsync(new ErasePerson.Command(s.Finance, key, person, "Asked to be forgotten")));
        again.Should().Be(first);

        var (other, _, _) = await EndedPersonWithHistory();
        var both = await Task.WhenAll(
            s.App.SendAsync(new ErasePerson.Command(s.Finance, s.Key(), other, "Asked to be forgotten")),
            s.App.SendAsync(new ErasePerson.Command(s.Finance, s.Key(), other, "Asked to be forgotten")));
        both.Should().OnlyContain(r => r.Succeeded);
        both.Count(r => !r.Value!.AlreadyErased).Should().Be(1);
        (await s.Scalar<long>("SELECT count(*) FROM sds.erasures WHERE person_id IN (@person, @other)", new { person, other })).Should().Be(2);
    }

    [Fact]
    public async Task A_person_whose_budget_is_still_running_is_not_erased()
    {
        var (person, _, _, _) = await s.FundedDirectPayment();
        var refusal = await s.RefusedWith(new ErasePerson.Command(s.Finance, s.Key(), person, "Asked to be forgotten"), RefusalCodes.InvalidState);
        refusal.Reason.Should().Contain("budget running until 31 March 2027");
        (await s.Scalar<string>("SELECT name FROM sds.people WHERE id = @person", new { person })).Should().Be("Jo Example");
    }

    /// <summary>What the spend path writes, in a scope of its own, as a retry after a lost connection would.</summary>
    private async Task<string> SealInAScope(Guid person, string key, string text)
    {
        await using var scope = s.App.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        await session.BeginAsync(false, CancellationToken.None);
        var sealedText = await scope.ServiceProvider.GetRequiredService<PersonKeys>().SealAsync(person, key, text, CancellationToken.None);
        await session.CommitAsync(CancellationToken.None);
        return sealedText;
    }

    [Fact]
    public async Task A_spend_retried_with_the_same_key_seals_the_same_text_so_the_ledger_takes_it_as_the_same_entry()
    {
        var (person, _, part, actor) = await s.FundedDirectPayment();
        var spend = s.Spend(actor, part, 12) with { Description = "Bus pass for the group" };
        SdsScenario.Ok(await s.App.SendAsync(spend));
        var entry = await s.Scalar<string>("""
            SELECT e.description FROM ledger.entries e JOIN sds.spends sp ON sp.entry_id = e.id
             WHERE sp.part_id = @part AND sp.amount = 1200
            """, new { part });
        entry.Should().StartWith("enc1:");
        var ledgerKey = await s.Scalar<string>("SELECT idempotency_key FROM ledger.entries WHERE description = @entry", new { entry });

        // The same key and text seal alike in another scope (another attempt); another text does not.
        (await SealInAScope(person, ledgerKey, "Bus pass for the group (Leisure Centre)")).Should().Be(entry);
        (await SealInAScope(person, ledgerKey, "Bus pass for two (Leisure Centre)")).Should().NotBe(entry);
        await using var revealScope = s.App.Services.CreateAsyncScope();
        var session = revealScope.ServiceProvider.GetRequiredService<DbSession>();
        await session.BeginAsync(false, CancellationToken.None);
        (await revealScope.ServiceProvider.GetRequiredService<PersonKeys>().RevealAsync(entry, CancellationToken.None))
            .Should().Be("Bus pass for the group (Leisure Centre)");
    }

    [Fact]
    public async Task A_retention_dry_run_lists_exactly_the_people_past_their_time_and_a_run_erases_them()
    {
        var (past, pastBudget, _) = await EndedPersonWithHistory();
        var (inside, _, _) = await EndedPersonWithHistory();
        // The scenario's budgets end on 31 March 2027; with six years kept, the first day one may go is 1 April 2033.
        await using (var conn = new NpgsqlConnection(s.ConnectionString))
            await conn.ExecuteAsync("UPDATE sds.budgets SET period_end = period_end - 1 WHERE id = @pastBudget", new { pastBudget });
        var today = new LocalDate(2033, 3, 31);

        var dry = await s.OnDay(today, () => s.App.SendAsync(new Retention.Command(s.Finance, s.Key(), DryRun: true)));
        var listed = SdsScenario.Ok(dry).People.Where(p => p.PersonId == past || p.PersonId == inside).ToList();
        listed.Select(p => p.PersonId).Should().Equal(past);
        listed[0].LastBudgetEnded.Should().Be(new LocalDate(2027, 3, 30));
        listed[0].KeptUntil.Should().Be(new LocalDate(2033, 3, 30));
        (await s.Scalar<long>("SELECT count(*) FROM sds.erasures WHERE person_id = @past", new { past })).Should().Be(0);

        var run = SdsScenario.Ok(await s.OnDay(today, () => s.App.SendAsync(new Retention.Command(s.Finance, s.Key(), DryRun: false))));
        run.People.Select(p => p.PersonId).Should().Contain(past).And.NotContain(inside);
        (await s.Scalar<string>("SELECT kind FROM sds.erasures WHERE person_id = @past", new { past })).Should().Be("retention");
        (await s.Scalar<long>("SELECT count(*) FROM sds.erasures WHERE person_id = @inside", new { inside })).Should().Be(0);
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_retention_run_erases_everyone_due_at_once_and_leaves_everyone_elses_text()
    {
        var names = new[] { "Ailsa Threepwood", "Brodie Marchbanks", "Catriona Wolfsbane" };
        var due = new List<Guid>();
        foreach (var name in names)
        {
            var (person, budget, _) = await EndedPersonWithHistory();
            SdsScenario.Ok(await s.App.SendAsync(new UpdatePerson.Command(s.SocialWorker, s.Key(), person, Name: name)));
            await using var conn = new NpgsqlConnection(s.ConnectionString);
            await conn.ExecuteAsync("UPDATE sds.budgets SET period_end = period_end - 1 WHERE id = @budget", new { budget });
            due.Add(person);
        }
        var (kept, _, _) = await EndedPersonWithHistory();
        SdsScenario.Ok(await s.App.SendAsync(new UpdatePerson.Command(s.SocialWorker, s.Key(), kept, Name: "Dougal Keepsake")));

        var run = SdsScenario.Ok(await s.OnDay(new LocalDate(2033, 3, 31), () => s.App.SendAsync(new Retention.Command(s.Finance, s.Key(), DryRun: false))));

        run.People.Select(p => p.PersonId).Should().Contain(due).And.NotContain(kept);
        var dump = await s.DumpDataAsync();
        foreach (var name in names) dump.Should().NotContain(name).And.NotContain(name.Split(' ')[1]);
        dump.Should().Contain("Dougal Keepsake", "someone still inside the council's retention period keeps their record");
        (await s.Scalar<long>("SELECT count(*) FROM sds.erasures WHERE kind = 'retention' AND person_id = ANY(@due)", new { due = due.ToArray() }))
            .Should().Be(names.Length);
        (await s.Scalar<long>("SELECT count(*) FROM sds.person_keys WHERE person_id = ANY(@due) AND wrapped_key IS NULL", new { due = due.ToArray() }))
            .Should().Be(names.Length, "each of their data keys is destroyed");
        await s.AuditPasses();
    }

    [Fact]
    public async Task Two_retention_runs_at_once_erase_each_person_once_and_both_finish()
    {
        var due = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var (person, budget, _) = await EndedPersonWithHistory();
            await using var conn = new NpgsqlConnection(s.ConnectionString);
            await conn.ExecuteAsync("UPDATE sds.budgets SET period_end = period_end - 1 WHERE id = @budget", new { budget });
            due.Add(person);
        }
        var trial = await TrialBalance();

        var runs = await s.OnDay(new LocalDate(2033, 3, 31), () => Task.WhenAll(
            Task.Run(() => s.App.SendAsync(new Retention.Command(s.Finance, s.Key(), DryRun: false))),
            Task.Run(() => s.App.SendAsync(new Retention.Command(s.Finance, s.Key(), DryRun: false)))));

        runs.Should().OnlyContain(r => r.Succeeded, "the second run waits for the first and finds them erased");
        (await s.Scalar<long>("SELECT count(*) FROM sds.erasures WHERE person_id = ANY(@due)", new { due = due.ToArray() }))
            .Should().Be(due.Count, "each person is erased once");
        runs.SelectMany(r => r.Value!.People.Select(p => p.PersonId)).Where(due.Contains).Should()
            .OnlyHaveUniqueItems("each run reports only the people it erased").And.HaveCount(due.Count);
        (await TrialBalance()).Should().Equal(trial);
        await s.AuditPasses();
    }

    [Fact]
    public async Task A_data_key_wrapped_by_another_key_encryption_key_is_refused_with_the_fix_and_nothing_is_written()
    {
        var (_, _, part, actor) = await s.FundedDirectPayment();
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(actor, part, 10)));
        var otherKey = KeyEncryptionKey.FromBase64(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        await using var misconfigured = new SdsLedgerApp(new ServiceCollection().AddSingleton(otherKey)
            .AddSdsLedger(s.ConnectionString, s.Clock).BuildServiceProvider());
        var entriesBefore = await s.Scalar<long>("SELECT count(*) FROM ledger.entries");

        var refused = async () => await misconfigured.SendAsync(s.Spend(actor, part, 5));

        (await refused.Should().ThrowAsync<KeyEncryptionKeyMismatchException>())
            .Which.Message.Should().Contain(KeyEncryptionKey.Variable).And.Contain("Fix:");
        (await s.Scalar<long>("SELECT count(*) FROM ledger.entries")).Should().Be(entriesBefore);
    }

    [Fact]
    public async Task Processes_making_the_local_key_file_at_the_same_moment_all_use_the_one_that_was_written_first()
    {
        var folder = Directory.CreateTempSubdirectory("sdsledger-kek-");
        try
        {
            var file = Path.Combine(folder.FullName, "pg.kek");
            var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => KeyEncryptionKey.FromFile(file))));
            var person = Guid.NewGuid();
            var wrapped = keys[0].Wrap(person, new byte[32]);
            foreach (var key in keys) key.Unwrap(person, wrapped).Should().Equal(new byte[32]);
            Directory.GetFiles(folder.FullName).Should().Equal(new[] { file }, "no half-made key file is left behind");
            if (!OperatingSystem.IsWindows())
                File.GetUnixFileMode(file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
