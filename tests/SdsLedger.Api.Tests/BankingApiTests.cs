using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SdsLedger.Domain;

namespace SdsLedger.Api.Tests;

/// <summary>Real money over HTTP, as the API's own login under row-level security: bank details, a statement in, draft spends, reconciliation.</summary>
public sealed class BankingApiTests(ApiWorld w) : IClassFixture<ApiWorld>
{
    private const string CardFeed = """
        transaction id,date,amount,merchant name,merchant category code
        API-1,2026-04-10,12.00,KIRKTON POOL,7997
        API-2,2026-04-12,30.00,SUNNY BREAKS,4722
        """;

    private static async Task<HttpResponseMessage> Post(HttpClient client, string url, HttpContent content, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Bank_details_are_recorded_masked_and_a_mistyped_account_number_is_a_400_naming_the_field()
    {
        var finance = w.Client(w.Token(Role.CouncilFinance, w.North));

        var ok = await Post(finance, "/api/bank-details", JsonContent.Create(new { holder = "person", personId = w.Bruce, accountName = "Bruce Test", sortCode = "10-79-99", accountNumber = "88837491" }));
        var bad = await Post(finance, "/api/bank-details", JsonContent.Create(new { holder = "person", personId = w.Bruce, accountName = "Bruce Test", sortCode = "10-79-99", accountNumber = "88837492" }));
        var otherCouncil = await Post(w.Client(w.Token(Role.CouncilFinance, w.South)), "/api/bank-details",
            JsonContent.Create(new { holder = "person", personId = w.Bruce, accountName = "Bruce Test", sortCode = "10-79-99", accountNumber = "88837491" }));

        ok.StatusCode.Should().Be(HttpStatusCode.Created, await ok.Content.ReadAsStringAsync());
        (await ok.Content.ReadAsStringAsync()).Should().Contain("10-79-99 ******91").And.NotContain("88837491");
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("accountNumber")[0].GetString().Should().Contain("modulus check");
        otherCouncil.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_card_feed_becomes_draft_spends_that_are_confirmed_through_the_spending_rules_and_reconcile()
    {
        var finance = w.Client(w.Token(Role.CouncilFinance, w.North));
        var url = $"/api/bank-statements?account=person:{w.Ailsa}&fileName=card.csv";

        var imported = await Post(finance, url, new StringContent(CardFeed, Encoding.UTF8, "text/csv"));
        var again = await Post(finance, url, new StringContent(CardFeed, Encoding.UTF8, "text/csv"));
        var broken = await Post(finance, url, new StringContent(CardFeed.Replace("12.00", "12.0.0", StringComparison.Ordinal), Encoding.UTF8, "text/csv"));
        var drafts = await finance.GetFromJsonAsync<JsonElement>($"/api/draft-spends?personId={w.Ailsa}");
        var pool = drafts.EnumerateArray().Single(d => d.GetProperty("payee").GetString() == "KIRKTON POOL").GetProperty("id").GetGuid();
        var holiday = drafts.EnumerateArray().Single(d => d.GetProperty("payee").GetString() == "SUNNY BREAKS").GetProperty("id").GetGuid();
        var confirmed = await Post(finance, $"/api/draft-spends/{pool}/confirm", JsonContent.Create(new { category = "leisure" }));
        var refused = await Post(finance, $"/api/draft-spends/{holiday}/confirm", JsonContent.Create(new { category = "holidays" }));
        var view = await finance.GetFromJsonAsync<JsonElement>($"/api/reconciliations?account=person:{w.Ailsa}&from=2026-04-01&to=2026-04-30");
        var monitoring = await finance.GetAsync("/api/monitoring-return?from=2026-04-01&to=2026-06-30&format=csv");

        imported.StatusCode.Should().Be(HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
        (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("draftSpends").GetInt32().Should().Be(2);
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("importedBefore").GetBoolean().Should().BeTrue();
        broken.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await broken.Content.ReadAsStringAsync()).Should().Contain("line 2, amount: '12.0.0' is not an amount in pounds and pence");
        confirmed.StatusCode.Should().Be(HttpStatusCode.OK, await confirmed.Content.ReadAsStringAsync());
        refused.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().Should().Be("outside-plan");
        view.GetProperty("matched").GetArrayLength().Should().Be(1, "the pool is now a recorded spend");
        view.GetProperty("bankOnly").GetArrayLength().Should().Be(1, "the holiday is still money with no record");
        monitoring.StatusCode.Should().Be(HttpStatusCode.OK);
        (await monitoring.Content.ReadAsStringAsync()).Should().Contain("AILSA-1");
        (await w.LedgerAuditPasses()).Should().BeTrue();
    }

    [Fact]
    public async Task A_social_worker_cannot_make_payment_files_and_a_person_cannot_import_statements()
    {
        var worker = w.Client(w.Token(Role.SocialWorker, w.North));
        var person = w.Client(w.Token(Role.ServiceUser, w.North, person: w.Bruce, name: "person:BRUCE-1"));

        var files = await Post(worker, "/api/payment-files", JsonContent.Create(new { runDate = "2026-04-01" }));
        var statement = await Post(person, $"/api/bank-statements?account=person:{w.Bruce}", new StringContent(CardFeed, Encoding.UTF8, "text/csv"));

        files.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        statement.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Every_banking_operation_in_the_api_document_has_an_operation_id_a_description_and_its_answers()
    {
        var document = await w.Client().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var banking = new[] { "/api/bank-details", "/api/payment-files", "/api/payment-files/{runDate}/{file}", "/api/bank-statements", "/api/reconciliations",
            "/api/draft-spends", "/api/draft-spends/{draftId}/confirm", "/api/draft-spends/{draftId}/dismiss", "/api/monitoring-return" };

        foreach (var path in banking)
        {
            document.GetProperty("paths").TryGetProperty(path, out var item).Should().BeTrue(path);
            foreach (var operation in item.EnumerateObject())
            {
                operation.Value.GetProperty("operationId").GetString().Should().NotBeNullOrEmpty($"{operation.Name} {path}");
                operation.Value.GetProperty("description").GetString().Should().NotBeNullOrEmpty($"{operation.Name} {path}");
                operation.Value.GetProperty("responses").EnumerateObject().Should().Contain(r => r.Name.StartsWith('2'), $"{operation.Name} {path}");
            }
        }
    }
}
