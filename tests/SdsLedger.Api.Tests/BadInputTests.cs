using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SdsLedger.Domain;

namespace SdsLedger.Api.Tests;

/// <summary>Bad input over HTTP: each a 400 naming the field (or a 415), nothing written, never a 500.</summary>
public sealed class BadInputTests(ApiWorld w) : IClassFixture<ApiWorld>
{
    private async Task<(HttpStatusCode Status, string Body)> Post(string url, string json, string contentType = "application/json")
    {
        using var client = w.Client(w.Token(Role.SocialWorker, w.North, name: "bad input"));
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json)) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<(HttpStatusCode Status, string Body)> Get(string url)
    {
        using var client = w.Client(w.Token(Role.CouncilFinance, w.North, name: "bad input reader"));
        using var response = await client.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Spend(string payee = "Pool", string date = "2026-10-05", string hours = "null") =>
        JsonSerializer.Serialize(new { amountPence = 100, category = "leisure", payee, date, description = "swim" })
            .Replace("}", $",\"hours\":{hours}}}", StringComparison.Ordinal);

    public static TheoryData<string, string> BadPayees => new()
    {
        { "Po\0ol", "NUL" },
        { "a\u001b[31m", "terminal escape" },
        { "\u200b", "invisible" },
        { "\u202eloop", "direction" },
        { "Pool\u0007", "control" },
        { "caf\ufffd", "replacement" },
    };

    [Theory]
    [MemberData(nameof(BadPayees))]
    public async Task A_payee_with_a_nul_control_invisible_or_bidi_character_is_a_400_naming_it(string payee, string kind)
    {
        var entries = await w.Count("SELECT count(*) FROM ledger.entries");

        var (status, body) = await Post($"/api/parts/{w.BrucePart}/spends", Spend(payee));

        status.Should().Be(HttpStatusCode.BadRequest, "{0}: {1}", kind, body);
        body.Should().Contain("\"payee\"");
        (await w.Count("SELECT count(*) FROM ledger.entries")).Should().Be(entries);
    }

    [Fact]
    public async Task A_nul_in_a_persons_name_is_a_400_naming_it()
    {
        var (status, body) = await Post("/api/people", """{"reference":"NUL-1","name":"Jo\u0000Example","dateOfBirth":"1980-01-01"}""");

        status.Should().Be(HttpStatusCode.BadRequest, body);
        body.Should().Contain("\"name\"").And.Contain("NUL");
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("9999-12-31")]
    [InlineData("1999-12-31")]
    public async Task Dates_outside_the_ledgers_range_are_a_400_on_spends_commitments_budgets_and_plans(string date)
    {
        var spend = await Post($"/api/parts/{w.BrucePart}/spends", Spend(date: date));
        var commit = await Post($"/api/parts/{w.BrucePart}/commitments", Spend(date: date).Replace(",\"hours\":null", "", StringComparison.Ordinal));
        var budget = await Post("/api/budgets", $$"""{"personId":"{{w.Bruce}}","start":"{{date}}","end":"2027-03-31","parts":[{"option":1,"holder":"person","amountPence":100}]}""");
        var plan = await Post($"/api/budgets/{w.CaraBudget}/plan", $$"""{"agreedOn":"{{date}}","outcomes":[{"text":"swim"}],"categories":[{"category":"leisure"}]}""");

        spend.Status.Should().Be(HttpStatusCode.BadRequest, spend.Body);
        spend.Body.Should().Contain("\"date\"");
        commit.Status.Should().Be(HttpStatusCode.BadRequest, commit.Body);
        budget.Status.Should().Be(HttpStatusCode.BadRequest, budget.Body);
        budget.Body.Should().Contain("\"start\"");
        plan.Status.Should().Be(HttpStatusCode.BadRequest, plan.Body);
    }

    [Theory]
    [InlineData("/api/reports/caseload?format=csv&asOf=9999-12-31", "asOf")]
    [InlineData("/api/reports/provider-return?format=csv&month=9999-12", "month")]
    [InlineData("/api/reports/overview?format=csv&asOf=0001-01-01", "asOf")]
    public async Task Report_dates_outside_the_range_are_a_400_naming_the_parameter(string url, string field)
    {
        var (status, body) = await Get(url);

        status.Should().Be(HttpStatusCode.BadRequest, body);
        body.Should().Contain(field);
    }

    [Fact]
    public async Task A_statement_period_outside_the_range_is_a_400()
    {
        var (status, body) = await Get($"/api/budgets/{w.CaraBudget}/statement?period=9999-12");
        status.Should().Be(HttpStatusCode.BadRequest, body);
        body.Should().Contain("period");
    }

    [Fact]
    public async Task Null_entries_in_parts_outcomes_and_categories_are_a_400_naming_the_entry()
    {
        var budget = await Post("/api/budgets", $$"""{"personId":"{{w.Bruce}}","start":"2026-04-01","end":"2027-03-31","parts":[null]}""");
        var outcomes = await Post($"/api/budgets/{w.CaraBudget}/plan", """{"agreedOn":"2026-04-01","outcomes":[null],"categories":[{"category":"leisure"}]}""");
        var categories = await Post($"/api/budgets/{w.CaraBudget}/plan", """{"agreedOn":"2026-04-01","outcomes":[{"text":"swim"}],"categories":[{"category":"leisure"},null]}""");

        budget.Status.Should().Be(HttpStatusCode.BadRequest, budget.Body);
        budget.Body.Should().Contain("parts[0]");
        outcomes.Status.Should().Be(HttpStatusCode.BadRequest, outcomes.Body);
        outcomes.Body.Should().Contain("outcomes[0]");
        categories.Status.Should().Be(HttpStatusCode.BadRequest, categories.Body);
        categories.Body.Should().Contain("categories[1]");
    }

    [Fact]
    public async Task Hours_with_more_than_two_decimal_places_are_refused_not_rounded()
    {
        var entries = await w.Count("SELECT count(*) FROM ledger.entries");

        var (status, body) = await Post($"/api/parts/{w.BrucePart}/spends", Spend(hours: "12.345"));

        status.Should().Be(HttpStatusCode.BadRequest, body);
        body.Should().Contain("hours").And.Contain("two decimal places");
        (await w.Count("SELECT count(*) FROM ledger.entries")).Should().Be(entries);
    }

    [Fact]
    public async Task Json_declared_as_utf16_is_a_415_not_a_500()
    {
        var (status, body) = await Post($"/api/parts/{w.BrucePart}/spends", Spend(), "application/json; charset=utf-16");

        status.Should().Be(HttpStatusCode.UnsupportedMediaType, body);
        body.Should().Contain("UTF-8");
    }
}
