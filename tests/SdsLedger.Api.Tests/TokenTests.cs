using System.Net;
using System.Net.Http.Json;
using NodaTime;
using SdsLedger.Access;
using SdsLedger.Domain;

namespace SdsLedger.Api.Tests;

/// <summary>Tokens that are signed correctly but name no one the ledger knows, or spell a role another way, do nothing.</summary>
public sealed class TokenTests(ApiWorld w) : IClassFixture<ApiWorld>
{
    private string Minted(Actor actor, string councilCode = "nowhere", string? roleText = null)
    {
        var token = ApiTokens.Mint(w.Tokens, new ApiTokenSubject(actor, councilCode), SystemClock.Instance.GetCurrentInstant(), Duration.FromHours(1));
        if (roleText is null) return token;
        // The role claim re-spelt: re-sign the same claims with another spelling of the role.
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler();
        var read = handler.ReadJsonWebToken(token);
        var claims = read.Claims.Where(c => c.Type is not ("role" or "iat" or "nbf" or "exp" or "iss" or "aud"))
            .ToDictionary(c => c.Type, c => (object)c.Value);
        claims["role"] = roleText;
        return handler.CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = w.Tokens.Issuer, Audience = w.Tokens.Audience, Claims = claims,
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(w.Tokens.SecurityKey(), Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
        });
    }

    private static async Task<HttpResponseMessage> Post(HttpClient client, string url, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return await client.SendAsync(request);
    }

    [Theory]
    [InlineData(Role.SocialWorker)]
    [InlineData(Role.CouncilFinance)]
    [InlineData(Role.Auditor)]
    public async Task A_signed_token_for_a_council_that_does_not_exist_is_401_everywhere(Role role)
    {
        var ghost = Minted(new Actor(Guid.CreateVersion7(), "Ghost Worker", role, Guid.CreateVersion7()));
        var client = w.Client(ghost);
        var people = await w.Count("SELECT count(*) FROM sds.people");
        var answers = new List<(string What, HttpStatusCode Status)>();

        foreach (var report in new[] { "caseload", "provider-return", "overview", "surplus", "test-budgets" })
            answers.Add(($"report {report}", (await client.GetAsync($"/api/reports/{report}?format=csv")).StatusCode));
        answers.Add(("me", (await client.GetAsync("/api/me")).StatusCode));
        answers.Add(("audit", (await client.GetAsync("/api/audit")).StatusCode));
        answers.Add(("budgets", (await client.GetAsync($"/api/people/{w.Bruce}/budgets")).StatusCode));
        answers.Add(("register", (await Post(client, "/api/people", new { reference = "GHOST-1", name = "Ghost Person", dateOfBirth = "1980-02-03" })).StatusCode));
        answers.Add(("spend", (await Post(client, $"/api/parts/{w.BrucePart}/spends",
            new { amountPence = 100, category = "leisure", payee = "Pool", date = "2026-10-05", description = "swim" })).StatusCode));

        answers.Should().OnlyContain(a => a.Status == HttpStatusCode.Unauthorized, "a token naming no council is no use anywhere: {0}",
            string.Join(", ", answers.Select(a => $"{a.What} {(int)a.Status}")));
        (await w.Count("SELECT count(*) FROM sds.people")).Should().Be(people);
    }

    [Fact]
    public async Task A_signed_token_for_a_worker_who_is_not_registered_is_401()
    {
        var stranger = Minted(new Actor(Guid.CreateVersion7(), "Stranger", Role.SocialWorker, w.North), "north-test");
        var client = w.Client(stranger);

        (await client.GetAsync($"/api/people/{w.Bruce}/budgets")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await client.GetAsync("/api/reports/caseload?format=csv")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("AUDITOR")]
    [InlineData("Auditor")]
    [InlineData("SOCIAL-WORKER")]
    [InlineData("Social-Worker")]
    public async Task A_role_claim_is_compared_exactly_in_lower_case(string spelling)
    {
        var real = w.WorkerActor(spelling.Equals("auditor", StringComparison.OrdinalIgnoreCase) ? Role.Auditor : Role.SocialWorker, w.North,
            name: "spelling " + spelling);
        var client = w.Client(Minted(real, "north-test", spelling));
        var entries = await w.Count("SELECT count(*) FROM ledger.entries");

        var spend = await Post(client, $"/api/parts/{w.BrucePart}/spends",
            new { amountPence = 100, category = "leisure", payee = "Pool", date = "2026-10-05", description = "swim" });
        var read = await client.GetAsync($"/api/people/{w.Bruce}/budgets");

        spend.StatusCode.Should().BeOneOf([HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden], "'{0}' is not a role's spelling", spelling);
        read.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the application reads roles the same exact way as the HTTP policy");
        (await w.Count("SELECT count(*) FROM ledger.entries")).Should().Be(entries);
    }

    [Fact]
    public void Roles_parse_only_their_exact_lower_case_spelling()
    {
        Roles.TryParse("auditor", out var auditor).Should().BeTrue();
        auditor.Should().Be(Role.Auditor);
        Roles.TryParse("AUDITOR", out _).Should().BeFalse();
        Roles.TryParse("Social-Worker", out _).Should().BeFalse();
        Roles.TryParse(" auditor", out _).Should().BeFalse();
    }
}
