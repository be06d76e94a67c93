using Dapper;
using Npgsql;

namespace SdsLedger.Cli.Tests;

/// <summary>The verbs that keep a person's record: reviews, recovery phases, changes to their details, and their subject access export.</summary>
public sealed class PersonRecordTests(CliWorld world) : IClassFixture<CliWorld>, IDisposable
{
    private readonly CommandRun _sdsledger = new CommandRun().With("SDSLEDGER_DB", world.ConnectionString);

    public void Dispose() => _sdsledger.Dispose();

    private async Task<long> CountAsync(string sql, object args)
    {
        await using var conn = new NpgsqlConnection(world.ConnectionString);
        return await conn.ExecuteScalarAsync<long>(sql, args);
    }

    [Fact]
    public async Task Review_record_settles_the_review_due_and_review_phase_with_a_relapse_makes_one_due_at_once()
    {
        var person = await world.PersonWithBudgetAsync();

        var review = await _sdsledger.RunAsync("review", "record", "--budget", person, "--on", "2026-12-01", "--agreed", "Keep the swimming; add a cookery class",
            "--as", CliWorld.SocialWorker);

        review.ExitCode.Should().Be(ExitCodes.Ok, review.Everything);
        review.Output.Should().Contain($"Recorded: Jo Example's review ({person}) on 1 December 2026. No further review falls before this budget ends.");
        await using (var conn = new NpgsqlConnection(world.ConnectionString))
        {
            var agreed = await conn.QuerySingleAsync<string>("""
                SELECT r.agreed FROM sds.reviews r JOIN sds.people p ON p.id = r.person_id WHERE p.reference = @person AND r.done_on = '2026-12-01'
                """, new { person });
            (await Testing.SealedText.OpenAsync(world.ConnectionString, agreed)).Should().Be("Keep the swimming; add a cookery class");
        }

        var relapse = await _sdsledger.RunAsync("review", "phase", "--person", person, "--phase", "stabilisation", "--relapse", "--from", "2026-12-02",
            "--as", CliWorld.SocialWorker);

        relapse.ExitCode.Should().Be(ExitCodes.Ok, relapse.Everything);
        relapse.Output.Should().Contain("Jo Example's recovery phase from 2 December 2026").And.Contain("is now due on 2 December 2026");
        (await CountAsync("""
            SELECT count(*) FROM sds.reviews r JOIN sds.people p ON p.id = r.person_id
             WHERE p.reference = @person AND r.due_on = '2026-12-02' AND r.reason = 'reassessment' AND r.done_on IS NULL
            """, new { person })).Should().Be(1, "a relapse means reassessment: a review due at once");
    }

    [Fact]
    public async Task Person_sign_in_keeps_the_addresses_sealed_and_names_the_option_that_is_wrong()
    {
        var person = await world.PersonWithBudgetAsync();
        var other = await world.PersonWithBudgetAsync();

        var set = await _sdsledger.RunAsync("person", "sign-in", "--ref", person, "--email", "Jo.Kinlochleven@example.com", "--mobile", "07700 900 432",
            "--as", CliWorld.SocialWorker);
        var taken = await _sdsledger.RunAsync("person", "sign-in", "--ref", other, "--mobile", "+44 7700 900432", "--as", CliWorld.SocialWorker);
        var badEmail = await _sdsledger.RunAsync("person", "sign-in", "--ref", other, "--email", "jo at example", "--as", CliWorld.SocialWorker);
        var badMobile = await _sdsledger.RunAsync("person", "sign-in", "--ref", other, "--mobile", "0131 496 0000", "--as", CliWorld.SocialWorker);
        var nobody = await _sdsledger.RunAsync("person", "sign-in", "--ref", "NO-SUCH", "--email", "x@example.com", "--as", CliWorld.SocialWorker);

        set.ExitCode.Should().Be(ExitCodes.Ok, set.Everything);
        set.Output.Should().Contain("Jo Example signs in to the web app with a code by email or a code by text message.");
        taken.ExitCode.Should().Be(ExitCodes.Refused, taken.Everything);
        taken.Error.Should().Contain("--mobile: Another person here signs in with that mobile number");
        badEmail.Error.Should().Contain("--email: Give an email address like name@example.com");
        badMobile.Error.Should().Contain("--mobile: Give a UK mobile number like 07700 900123");
        nobody.Error.Should().Contain("--ref: Nobody of this council has the reference 'NO-SUCH'.");
        await using var conn = new NpgsqlConnection(world.ConnectionString);
        var held = await conn.QuerySingleAsync<(string Email, string Mobile)>("SELECT email, mobile FROM sds.people WHERE reference = @person", new { person });
        (await Testing.SealedText.OpenAsync(world.ConnectionString, held.Email)).Should().Be("Jo.Kinlochleven@example.com");
        (await Testing.SealedText.OpenAsync(world.ConnectionString, held.Mobile)).Should().Be("07700900432");
        held.Email.Should().StartWith("enc1:");
        (await CountAsync("SELECT count(*) FROM sds.people WHERE reference = @other AND (email IS NOT NULL OR mobile IS NOT NULL)", new { other }))
            .Should().Be(0, "nothing was written for a refused request");
    }

    [Fact]
    public async Task Review_verbs_name_the_option_that_is_wrong_and_refuse_a_finance_officer()
    {
        var person = await world.PersonWithBudgetAsync();

        var future = await _sdsledger.RunAsync("review", "record", "--budget", person, "--on", "2030-01-01", "--agreed", "x", "--as", CliWorld.SocialWorker);
        var phase = await _sdsledger.RunAsync("review", "phase", "--person", person, "--phase", "cured", "--as", CliWorld.SocialWorker);
        var finance = await _sdsledger.RunAsync("review", "record", "--budget", person, "--agreed", "x", "--as", CliWorld.Finance);

        future.ExitCode.Should().Be(ExitCodes.Refused, future.Everything);
        future.Error.Should().Contain("--on: A review is recorded once it has happened");
        phase.Error.Should().Contain("--phase: The recovery phase is one of stabilisation, maintenance, recovery.");
        finance.Error.Should().Contain("Refused (not-authorised)");
        (await CountAsync("SELECT count(*) FROM sds.reviews r JOIN sds.people p ON p.id = r.person_id WHERE p.reference = @person AND r.done_on IS NOT NULL",
            new { person })).Should().Be(0);
    }

    [Fact]
    public async Task Person_update_changes_what_is_given_keeps_the_history_and_names_a_bad_option()
    {
        var person = await world.PersonWithBudgetAsync();

        var update = await _sdsledger.RunAsync("person", "update", "--ref", person, "--contact", "4 Shore Road, Kirkton", "--statement-format", "large-print",
            "--as", CliWorld.SocialWorker);
        var bad = await _sdsledger.RunAsync("person", "update", "--ref", person, "--statement-format", "tiny", "--as", CliWorld.SocialWorker);
        var nothing = await _sdsledger.RunAsync("person", "update", "--ref", person, "--as", CliWorld.SocialWorker);

        update.ExitCode.Should().Be(ExitCodes.Ok, update.Everything);
        update.Output.Should().Contain($"Changed for {person}: contact, statement format. The history keeps what they were.");
        bad.ExitCode.Should().Be(ExitCodes.Refused, bad.Everything);
        bad.Error.Should().Contain("--statement-format: 'tiny' is not a statement format");
        nothing.Error.Should().Contain("Say what to change");
        (await CountAsync("""
            SELECT count(*) FROM sds.person_changes c JOIN sds.people p ON p.id = c.person_id
             WHERE p.reference = @person AND c.changed_by = 'Sam Worker' AND p.statement_format = 'large-print'
            """, new { person })).Should().Be(2);
        await using (var conn = new NpgsqlConnection(world.ConnectionString))
        {
            var contact = await conn.QuerySingleAsync<string>("SELECT contact FROM sds.people WHERE reference = @person", new { person });
            (await Testing.SealedText.OpenAsync(world.ConnectionString, contact)).Should().Be("4 Shore Road, Kirkton");
        }
    }

    [Fact]
    public async Task Person_export_writes_the_json_and_the_pdf_into_the_folder_and_is_audited()
    {
        var person = await world.PersonWithBudgetAsync();
        var folder = Path.Combine(_sdsledger.Folder, "sar");

        // A relative folder is in the command's working directory.
        var export = await _sdsledger.RunAsync("person", "export", "--ref", person, "--out", "sar", "--as", CliWorld.SocialWorker);
        var nobody = await _sdsledger.RunAsync("person", "export", "--ref", "NT-NOBODY", "--out", folder, "--as", CliWorld.SocialWorker);

        export.ExitCode.Should().Be(ExitCodes.Ok, export.Everything);
        export.Output.Should().Contain($"Wrote everything held about Jo Example ({person})");
        using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, $"{person}-subject-access.json")));
        json.RootElement.GetProperty("format").GetString().Should().Be("sdsledger-subject-access/1");
        json.RootElement.GetProperty("person").GetProperty("reference").GetString().Should().Be(person);
        var tables = json.RootElement.GetProperty("tables");
        tables.GetProperty("sds.budgets").GetArrayLength().Should().Be(1);
        tables.GetProperty("sds.budget_parts").GetArrayLength().Should().Be(2);
        tables.GetProperty("ledger.entries").GetArrayLength().Should().BeGreaterThan(0);
        json.RootElement.GetProperty("ledger").GetArrayLength().Should().BeGreaterThan(0);
        (await File.ReadAllBytesAsync(Path.Combine(folder, $"{person}-subject-access.pdf")))[..5].Should().Equal("%PDF-"u8.ToArray());
        (await CountAsync("""
            SELECT count(*) FROM sds.audit_log a JOIN sds.people p ON p.id = a.person_id
             WHERE p.reference = @person AND a.action = 'PersonExport' AND a.outcome = 'done' AND a.actor = 'Sam Worker' AND a.actor_id IS NOT NULL
            """, new { person })).Should().Be(1);
        nobody.ExitCode.Should().Be(ExitCodes.Refused, nobody.Everything);
        nobody.Error.Should().Contain("--ref: Nobody of this council has the reference 'NT-NOBODY'.");
    }

    [Fact]
    public async Task A_social_worker_reads_someone_off_their_caseload_only_after_person_open_with_a_reason_and_the_report_lists_it()
    {
        var person = await world.PersonWithBudgetAsync();
        var code = $"sw-cover-{Guid.NewGuid():N}"[..20];
        (await _sdsledger.RunAsync("worker", "add", "--code", code, "--name", "Cover Worker", "--role", "social-worker", "--as", CliWorld.Finance))
            .ExitCode.Should().Be(ExitCodes.Ok);
        var folder = Path.Combine(_sdsledger.Folder, "sar-" + person);

        var refused = await _sdsledger.RunAsync("person", "export", "--ref", person, "--out", folder, "--as", code);
        var bad = await _sdsledger.RunAsync("person", "open", "--ref", person, "--reason", "Cover\u001b[2J", "--as", code);
        var open = await _sdsledger.RunAsync("person", "open", "--ref", person, "--reason", "Covering the duty desk", "--as", code);
        var export = await _sdsledger.RunAsync("person", "export", "--ref", person, "--out", folder, "--as", code);
        var report = await _sdsledger.RunAsync("report", "unusual-access", "--period", DateTime.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
            "--out", Path.Combine(_sdsledger.Folder, "unusual.csv"), "--as", CliWorld.Finance);

        refused.ExitCode.Should().Be(ExitCodes.Refused, refused.Everything);
        refused.Error.Should().Contain("Refused (reason-needed)").And.Contain("not on your caseload");
        bad.ExitCode.Should().Be(ExitCodes.Refused, bad.Everything);
        bad.Error.Should().Contain("--reason:").And.Contain("terminal escape character");
        open.ExitCode.Should().Be(ExitCodes.Ok, open.Everything);
        open.Output.Should().Contain($"({person}) for you until");
        export.ExitCode.Should().Be(ExitCodes.Ok, export.Everything);
        report.ExitCode.Should().Be(ExitCodes.Ok, report.Everything);
        var lines = await File.ReadAllLinesAsync(Path.Combine(_sdsledger.Folder, "unusual.csv"));
        lines.Where(l => l.StartsWith("break-the-glass,", StringComparison.Ordinal) && l.Contains(person, StringComparison.Ordinal)).Should().ContainSingle()
            .Which.Should().Contain("Cover Worker").And.Contain("Covering the duty desk");
    }

    [Fact]
    public async Task Person_erase_refuses_a_running_budget_then_erases_once_it_has_ended_and_retention_dry_run_changes_nothing()
    {
        var person = await world.PersonWithBudgetAsync();

        var running = await _sdsledger.RunAsync("person", "erase", "--ref", person, "--reason", "Asked to be forgotten", "--as", CliWorld.Finance);
        running.ExitCode.Should().Be(ExitCodes.Refused, running.Everything);
        running.Error.Should().Contain("budget running until");

        var ended = await _sdsledger.RunAsync("budget", "end", "--budget", person, "--reason", "Moved away", "--as", CliWorld.Finance);
        ended.ExitCode.Should().Be(ExitCodes.Ok, ended.Everything);
        var erased = await _sdsledger.RunAsync("person", "erase", "--ref", person, "--reason", "Asked to be forgotten", "--as", CliWorld.Finance);
        erased.ExitCode.Should().Be(ExitCodes.Ok, erased.Everything);
        erased.Output.Should().Contain($"Erased {person}");
        (await CountAsync("SELECT count(*) FROM sds.people WHERE reference = @person AND name = 'A person whose record has been erased' AND contact = ''",
            new { person })).Should().Be(1);

        var erasures = await CountAsync("SELECT count(*) FROM sds.erasures", new { });
        var dry = await _sdsledger.RunAsync("retention", "run", "--dry-run", "--as", CliWorld.Finance);
        dry.ExitCode.Should().Be(ExitCodes.Ok, dry.Everything);
        dry.Output.Should().Contain("Nobody is past the council's retention period");
        (await CountAsync("SELECT count(*) FROM sds.erasures", new { })).Should().Be(erasures);
    }
}
