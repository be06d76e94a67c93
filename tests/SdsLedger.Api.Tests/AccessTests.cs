using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using NodaTime;
using SdsLedger.Domain;

namespace SdsLedger.Api.Tests;

public sealed class AccessTests(ApiWorld w) : IClassFixture<ApiWorld>
{
    private static object Spend(long pence, string payee = "Leisure centre") =>
        new { amountPence = pence, category = "leisure", payee, date = "2026-10-05", description = "swimming lessons" };

    private static async Task<HttpResponseMessage> Post(HttpClient client, string url, object body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_social_worker_reads_their_councils_people_and_gets_404_for_another_councils_which_is_audited()
    {
        var client = w.Client(w.Token(Role.SocialWorker, w.North, name: "sw-north"));

        (await client.GetAsync($"/api/people/{w.Ailsa}/budgets")).StatusCode.Should().Be(HttpStatusCode.OK);
        var other = await client.GetAsync($"/api/people/{w.Cara}/budgets");
        var otherBudget = await client.GetAsync($"/api/budgets/{w.CaraBudget}");

        other.StatusCode.Should().Be(HttpStatusCode.NotFound);
        otherBudget.StatusCode.Should().Be(HttpStatusCode.NotFound);
        other.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await w.Count("SELECT count(*) FROM sds.audit_log WHERE actor = 'sw-north' AND outcome = 'refused' AND code = 'not-found'"))
            .Should().BeGreaterThanOrEqualTo(2, "a cross-council read is refused and audited");
        (await w.Count("SELECT count(*) FROM sds.audit_log WHERE actor = 'sw-north' AND outcome = 'done' AND person_id = @P", new { P = w.Ailsa }))
            .Should().BeGreaterThanOrEqualTo(1, "reading a person's data is audited");
    }

    [Fact]
    public async Task A_person_records_a_spend_from_their_direct_payment_and_a_rule_refusal_is_a_422_with_its_code()
    {
        var client = w.Client(w.Token(Role.ServiceUser, w.North, person: w.Bruce, name: "person:BRUCE-1"));
        var worker = w.Client(w.Token(Role.SocialWorker, w.North, name: "sw-spender"));

        var ok = await Post(client, $"/api/parts/{w.BrucePart}/spends", Spend(1_250, "Pool one"));
        var outside = await Post(worker, $"/api/parts/{w.BrucePart}/spends", Spend(500, "Pool two"));

        ok.StatusCode.Should().Be(HttpStatusCode.Created, await ok.Content.ReadAsStringAsync());
        outside.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await outside.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().NotBeNullOrEmpty();
        problem.GetProperty("detail").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_provider_spends_only_from_the_option_2_part_it_holds()
    {
        var client = w.Client(w.Token(Role.Provider, w.North, org: w.Harbour, name: "harbour-lead"));

        var held = await Post(client, $"/api/parts/{w.AilsaHarbourPart}/spends", Spend(2_000, "Harbour pool"));
        held.StatusCode.Should().Be(HttpStatusCode.Created, await held.Content.ReadAsStringAsync());
        (await Post(client, $"/api/parts/{w.AilsaDirectPart}/spends", Spend(2_000))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Post(client, $"/api/parts/{w.BrucePart}/spends", Spend(2_000))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync($"/api/people/{w.Bruce}/budgets")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync("/api/providers/held-funds")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_service_user_sees_only_their_own_budgets()
    {
        var client = w.Client(w.Token(Role.ServiceUser, w.North, person: w.Ailsa, name: "person:AILSA-1"));

        (await client.GetAsync($"/api/people/{w.Ailsa}/budgets")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync($"/api/people/{w.Bruce}/budgets")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Post(client, $"/api/parts/{w.BrucePart}/spends", Spend(100))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_auditor_reads_the_trail_but_never_writes()
    {
        var client = w.Client(w.Token(Role.Auditor, w.North, name: "auditor-north"));

        var trail = await client.GetAsync($"/api/audit?person={w.Ailsa}");
        var write = await Post(client, $"/api/parts/{w.BrucePart}/spends", Spend(100));
        var byActor = await client.GetAsync("/api/audit?actor=sw-north");

        trail.StatusCode.Should().Be(HttpStatusCode.OK);
        byActor.StatusCode.Should().Be(HttpStatusCode.OK);
        write.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await w.Client(w.Token(Role.SocialWorker, w.North)).GetAsync($"/api/audit?person={w.Ailsa}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Missing_forged_and_expired_tokens_are_401()
    {
        var forged = w.Token(Role.SocialWorker, w.North, signingKey: System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));
        var expired = w.Token(Role.SocialWorker, w.North, lifetime: Duration.FromMinutes(5),
            now: SystemClock.Instance.GetCurrentInstant() - Duration.FromHours(2));

        (await w.Client().GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await w.Client(forged).GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await w.Client(expired).GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await w.Client("not.a.token").GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_replay_returns_the_first_answer_and_writes_once_and_another_body_with_the_key_is_a_409()
    {
        var client = w.Client(w.Token(Role.ServiceUser, w.North, person: w.Bruce, name: "person:BRUCE-1"));
        var entries = await w.Count("SELECT count(*) FROM ledger.entries");

        var first = await Post(client, $"/api/parts/{w.BrucePart}/spends", Spend(777, "Retry pool"), "retry-1");
        var again = await Post(client, $"/api/parts/{w.BrucePart}/spends", Spend(777, "Retry pool"), "retry-1");
        var other = await Post(client, $"/api/parts/{w.BrucePart}/spends", Spend(778, "Retry pool"), "retry-1");

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        again.StatusCode.Should().Be(first.StatusCode);
        (await again.Content.ReadAsStringAsync()).Should().Be(await first.Content.ReadAsStringAsync());
        other.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await w.Count("SELECT count(*) FROM ledger.entries")).Should().Be(entries + 1, "the replay writes nothing");
    }

    [Fact]
    public async Task A_post_without_an_idempotency_key_is_a_400_naming_the_header()
    {
        var client = w.Client(w.Token(Role.SocialWorker, w.North));

        var response = await client.PostAsJsonAsync($"/api/parts/{w.BrucePart}/spends", Spend(100));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("Idempotency-Key", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Row_level_security_holds_for_raw_sql_as_the_apis_role()
    {
        await using var dataSource = Ledger.LedgerDataSource.Create(w.ApiConnectionString, Ledger.ConnectionScope.PerTenant);
        await using var conn = await dataSource.OpenConnectionAsync();
        var tables = new[] { "sds.people", "sds.budgets", "sds.budget_parts", "sds.spends", "ledger.accounts", "ledger.postings", "ledger.entries", "ledger.balances", "sds.audit_log" };

        foreach (var table in tables)
            (await conn.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}")).Should().Be(0, $"with no council set, {table} shows nothing");

        await using var tx = await conn.BeginTransactionAsync();
        await w.ActForAsync(conn, tx, w.South, Role.SocialWorker);
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM sds.people WHERE council_id = @N", new { N = w.North }, tx)).Should().Be(0);
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM sds.people", transaction: tx)).Should().Be(1, "South has only Cara");
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM ledger.accounts WHERE council_id IS DISTINCT FROM @S", new { S = w.South }, tx)).Should().Be(0);
        (await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM ledger.postings", transaction: tx)).Should().BeGreaterThan(0);
        (await conn.ExecuteScalarAsync<string>("SELECT current_user::text", transaction: tx)).Should().Be("sdsledger_app");
        var become = async () => await conn.ExecuteAsync("SET LOCAL ROLE sdsledger_installation", transaction: tx);
        await become.Should().ThrowAsync<PostgresException>("the API's login cannot become the installation role");
    }

    [Fact]
    public async Task Row_level_security_narrows_a_provider_to_the_parts_it_holds_and_a_person_to_their_own()
    {
        await using var dataSource = Ledger.LedgerDataSource.Create(w.ApiConnectionString, Ledger.ConnectionScope.PerTenant);
        await using var conn = await dataSource.OpenConnectionAsync();

        async Task SeesOnly(Func<NpgsqlTransaction, Task> actFor, Guid person, Guid part, string who)
        {
            var accounts = (await w.Rows($"SELECT id::text FROM ledger.accounts WHERE owner_id = '{part}'")).Select(Guid.Parse).ToList();
            var entries = (await w.Rows($"SELECT DISTINCT p.entry_id::text FROM ledger.postings p JOIN ledger.accounts a ON a.id = p.account_id WHERE a.owner_id = '{part}'"))
                .Select(Guid.Parse).ToList();
            await using var tx = await conn.BeginTransactionAsync();
            await actFor(tx);
            async Task<List<Guid>> Visible(string sql) => (await conn.QueryAsync<Guid>(sql, transaction: tx)).ToList();

            (await Visible("SELECT id FROM sds.budget_parts")).Should().Equal([part], who);
            (await Visible("SELECT id FROM sds.people")).Should().Equal([person], who);
            (await Visible("SELECT id FROM ledger.accounts")).Should().BeEquivalentTo(accounts, who);
            (await Visible("SELECT account_id FROM ledger.balances")).Should().BeEquivalentTo(accounts, who);
            (await Visible("SELECT DISTINCT account_id FROM ledger.postings")).Should().NotBeEmpty().And.OnlyContain(a => accounts.Contains(a), who);
            (await Visible("SELECT id FROM ledger.entries")).Should().BeEquivalentTo(entries, who);
            (await Visible("SELECT DISTINCT budget_id FROM sds.plan_categories")).Should()
                .Equal(await Visible($"SELECT budget_id FROM sds.budget_parts WHERE id = '{part}'"), who);
        }

        await SeesOnly(tx => w.ActForAsync(conn, tx, w.North, Role.Provider, organisation: w.Harbour), w.Ailsa, w.AilsaHarbourPart,
            "Harbour holds only Ailsa's option-2 part");
        await SeesOnly(tx => w.ActForAsync(conn, tx, w.North, Role.ServiceUser, person: w.Bruce), w.Bruce, w.BrucePart, "Bruce sees only his own budget");

        var ailsasBudget = (await w.Rows($"SELECT budget_id::text FROM sds.budget_parts WHERE id = '{w.AilsaDirectPart}'")).Single();
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await w.ActForAsync(conn, tx, w.North, Role.ServiceUser, person: w.Bruce);
            var write = async () => await conn.ExecuteAsync("""
                INSERT INTO sds.family_agreements (id, budget_id, payee, reason, agreed_by_id, agreed_on)
                VALUES (gen_random_uuid(), @B::uuid, 'Her brother', 'forged', @Bruce, '2026-05-01')
                """, new { B = ailsasBudget, w.Bruce }, tx);
            (await write.Should().ThrowAsync<PostgresException>("Bruce cannot write into Ailsa's budget")).Which.SqlState.Should().Be("42501");
        }
    }

    [Fact]
    public async Task Post_entry_keeps_to_the_tenant_although_it_runs_as_the_ledgers_writer()
    {
        // post_entry runs as sdsledger_writer, which row-level security does not bind: it applies the tenancy itself.
        await using var dataSource = Ledger.LedgerDataSource.Create(w.ApiConnectionString, Ledger.ConnectionScope.PerTenant);
        await using var conn = await dataSource.OpenConnectionAsync();
        async Task<Guid[]> Accounts(Guid part) =>
            (await w.Rows($"SELECT held_account::text || ',' || returned_account::text FROM sds.budget_parts WHERE id = '{part}'"))
                .Single().Split(',').Select(Guid.Parse).ToArray();
        var bruce = await Accounts(w.BrucePart);
        var ailsa = await Accounts(w.AilsaDirectPart);
        var ailsasEntry = (await w.Rows($"""
            SELECT p.entry_id::text || ',' || e.idempotency_key FROM ledger.postings p JOIN ledger.entries e ON e.id = p.entry_id
             WHERE p.account_id = '{ailsa[0]}' ORDER BY e.recorded_at LIMIT 1
            """)).Single().Split(',');
        var entries = await w.Count("SELECT count(*) FROM ledger.entries");
        var bruceBalance = await w.Count($"SELECT posted FROM ledger.balances WHERE account_id = '{bruce[0]}'");

        async Task<(string Status, Guid? Account)> PostEntry(NpgsqlTransaction tx, Guid[] accounts, string? key = null, Guid? reverses = null)
        {
            var row = await conn.QuerySingleAsync<(string, Guid?)>("""
                SELECT status, account_id FROM ledger.post_entry(gen_random_uuid(), @Kind, '2026-10-06', 'raw', 'raw post',
                       coalesce(@Key, 'raw-' || gen_random_uuid()), @Accounts, @Amounts, @Reverses)
                """, new
            {
                Kind = reverses is null ? "transfer" : "reversal",
                Key = key,
                Accounts = reverses is null ? accounts : null,
                Amounts = reverses is null ? new[] { -1L, 1L } : null,
                Reverses = reverses,
            }, tx);
            return row;
        }
        async Task<NpgsqlTransaction> As(Guid? council, Guid? person = null)
        {
            var tx = await conn.BeginTransactionAsync();
            if (council is { } c) await w.ActForAsync(conn, tx, c, person is null ? Role.CouncilFinance : Role.ServiceUser, person);
            return tx;
        }

        await using (var tx = await conn.BeginTransactionAsync())
        {
            var become = async () => await conn.ExecuteAsync("SET LOCAL ROLE sdsledger_writer", transaction: tx);
            await become.Should().ThrowAsync<PostgresException>("the API's login cannot become the writer the balance check trusts");
        }
        await using (var tx = await As(null))
            (await PostEntry(tx, bruce)).Status.Should().Be("unknown_account", "with no tenant the API's role sees no account");
        await using (var tx = await As(w.South))
        {
            var other = await PostEntry(tx, bruce);
            other.Status.Should().Be("unknown_account", "South cannot move North's money");
            bruce.Should().Contain(other.Account!.Value);
        }
        await using (var tx = await As(w.North, w.Bruce))
        {
            (await PostEntry(tx, ailsa)).Status.Should().Be("unknown_account", "Bruce cannot move Ailsa's money");
            (await PostEntry(tx, [bruce[0], ailsa[0]])).Status.Should().Be("unknown_account", "nor move it into or out of his own");
            (await PostEntry(tx, [], reverses: Guid.Parse(ailsasEntry[0]))).Status.Should().Be("not_found", "nor reverse her entries");
            (await PostEntry(tx, bruce)).Status.Should().Be("posted", "his own accounts are his to use");
            var taken = async () => await PostEntry(tx, bruce, key: ailsasEntry[1]);
            (await taken.Should().ThrowAsync<PostgresException>("a key of an entry he may not see is answered as a plain insert would"))
                .Which.SqlState.Should().Be(PostgresErrorCodes.UniqueViolation);
        }

        (await w.Count("SELECT count(*) FROM ledger.entries")).Should().Be(entries, "every transaction above was rolled back");
        (await w.Count($"SELECT posted FROM ledger.balances WHERE account_id = '{bruce[0]}'")).Should().Be(bruceBalance);
        (await w.LedgerAuditPasses()).Should().BeTrue();
    }

    [Fact]
    public async Task Health_and_the_api_document_answer_without_a_token()
    {
        var client = w.Client();
        (await client.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/openapi/v1.json")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_statement_pdf_and_a_report_download()
    {
        var worker = w.Client(w.Token(Role.SocialWorker, w.North));
        var finance = w.Client(w.Token(Role.CouncilFinance, w.North));
        var budgets = await worker.GetFromJsonAsync<JsonElement>($"/api/people/{w.Bruce}/budgets");
        var budgetId = budgets.GetProperty("budgets")[0].GetProperty("budgetId").GetString();

        var pdf = await worker.GetAsync($"/api/budgets/{budgetId}/statement.pdf?period=2026-04");
        var csv = await finance.GetAsync("/api/reports/overview?format=csv");
        var badMonth = await worker.GetAsync($"/api/budgets/{budgetId}/statement.pdf?period=April");
        var easyRead = await worker.GetAsync($"/api/budgets/{budgetId}/statement.pdf?period=2026-04&format=easy-read");
        var large = await worker.GetAsync($"/api/budgets/{budgetId}/statement.pdf?period=2026-04&largePrint=true");
        var badFormat = await worker.GetAsync($"/api/budgets/{budgetId}/statement.pdf?period=2026-04&format=tiny");
        var twoFormats = await worker.GetAsync($"/api/budgets/{budgetId}/statement.pdf?period=2026-04&format=standard&largePrint=true");
        var html = await worker.GetAsync($"/api/budgets/{budgetId}/statement.html?period=2026-04");
        var easyReader = await Post(worker, "/api/people", new { reference = "API-ER-1", name = "Eve Reader", dateOfBirth = "1980-02-03", statementFormat = "easy-read" });
        var oldSpelling = await Post(worker, "/api/people", new { reference = "API-LP-1", name = "Lou Print", dateOfBirth = "1980-02-03", largePrint = true });
        var notAFormat = await Post(worker, "/api/people", new { reference = "API-XX-1", name = "Nat Format", dateOfBirth = "1980-02-03", statementFormat = "braille" });

        pdf.StatusCode.Should().Be(HttpStatusCode.OK);
        pdf.Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        pdf.Content.Headers.ContentDisposition!.FileName.Should().Be("statement-2026-04-standard.pdf", "the person's own format");
        easyRead.Content.Headers.ContentDisposition!.FileName.Should().Be("statement-2026-04-easy-read.pdf");
        large.Content.Headers.ContentDisposition!.FileName.Should().Be("statement-2026-04-large-print.pdf", "largePrint=true still works");
        csv.StatusCode.Should().Be(HttpStatusCode.OK);
        badMonth.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        badFormat.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await badFormat.Content.ReadAsStringAsync()).Should().Contain("format").And.Contain("easy-read");
        twoFormats.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        easyReader.StatusCode.Should().Be(HttpStatusCode.Created, await easyReader.Content.ReadAsStringAsync());
        oldSpelling.StatusCode.Should().Be(HttpStatusCode.Created, "largePrint: true still registers a large-print reader");
        notAFormat.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await notAFormat.Content.ReadAsStringAsync()).Should().Contain("statementFormat");
        html.StatusCode.Should().Be(HttpStatusCode.OK);
        html.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await html.Content.ReadAsStringAsync()).Should().StartWith("<!DOCTYPE html>").And.Contain("<html lang=\"en-GB\">");
    }
}
