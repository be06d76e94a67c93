using System.Net;
using System.Net.Http.Headers;
using System.Text;
using NodaTime;
using SdsLedger.Domain;

namespace SdsLedger.Api.Tests;

/// <summary>A thousand malformed requests: every one is a 4xx, and the ledger is as it was and passes its audit.</summary>
public sealed class FuzzTests(ApiWorld w) : IClassFixture<ApiWorld>
{
    private static readonly string[] Amounts =
        ["0", "-1", "-999999999", "1.5", "0.01", "12.345", "1e3", "9223372036854775807", "9223372036854775808", "99999999999999999999999",
         "\"12\"", "null", "true", "[]", "{}", "NaN", "10000000001"];

    private static readonly string[] Dates = ["\"2026-02-30\"", "\"2026-13-01\"", "\"yesterday\"", "\"\"", "20261005", "null", "\"10/05/2026\"", "\"0000-00-00\""];

    [Fact]
    public async Task A_thousand_malformed_requests_get_only_4xx_and_leave_the_ledger_unchanged()
    {
        var random = new Random(20261123);
        var good = w.Token(Role.SocialWorker, w.North, name: "fuzzer");
        var tokens = new[]
        {
            good, good, good, good, null, "garbage", good[..^4] + "AAAA",
            w.Token(Role.SocialWorker, w.North, signingKey: System.Security.Cryptography.RandomNumberGenerator.GetBytes(64)),
            w.Token(Role.SocialWorker, w.North, lifetime: Duration.FromMinutes(1), now: SystemClock.Instance.GetCurrentInstant() - Duration.FromDays(1)),
        };
        var entries = await w.Count("SELECT count(*) FROM ledger.entries");
        var holds = await w.Count("SELECT count(*) FROM ledger.holds");
        var statuses = new List<(int Status, string Body)>();

        for (var i = 0; i < 1_000; i++)
        {
            var token = tokens[random.Next(tokens.Length)];
            using var client = w.Client(token);
            using var request = Malformed(random, i);
            using var response = await client.SendAsync(request);
            statuses.Add(((int)response.StatusCode, $"{request.Method} {request.RequestUri}: {await response.Content.ReadAsStringAsync()}"));
        }

        statuses.Should().OnlyContain(s => s.Status >= 400 && s.Status < 500, "bad input is the client's problem: {0}",
            string.Join("\n", statuses.Where(s => s.Status is < 400 or >= 500).Take(5).Select(s => $"{s.Status} {s.Body}")));
        statuses.Should().NotContain(s => s.Body.Contains("   at ", StringComparison.Ordinal), "no stack traces in answers");
        (await w.Count("SELECT count(*) FROM ledger.entries")).Should().Be(entries);
        (await w.Count("SELECT count(*) FROM ledger.holds")).Should().Be(holds);
        (await w.LedgerAuditPasses()).Should().BeTrue();
    }

    private HttpRequestMessage Malformed(Random random, int i)
    {
        var part = random.Next(4) switch { 0 => w.BrucePart, 1 => w.CaraPart, 2 => Guid.NewGuid(), _ => w.AilsaDirectPart };
        var url = random.Next(6) switch
        {
            0 => $"/api/parts/{part}/commitments",
            1 => $"/api/parts/not-a-guid/spends",
            _ => $"/api/parts/{part}/spends",
        };
        var amount = Amounts[random.Next(Amounts.Length)];
        var date = random.Next(3) == 0 ? Dates[random.Next(Dates.Length)] : "\"2026-10-05\"";
        var payee = random.Next(5) == 0 ? "\"" + new string('x', random.Next(201, 20_000)) + "\"" : "\"Pool\"";
        var category = random.Next(6) switch { 0 => "42", 1 => "\"GAMBLING!\"", 2 => "\"\"", _ => "\"leisure\"" };
        var extra = random.Next(5) == 0 ? ",\"sneaky\":1" : "";
        var json = random.Next(10) switch
        {
            0 => "{\"amountPence\": ",
            1 => "[1,2,3]",
            2 => "null",
            _ => $"{{\"amountPence\":{amount},\"category\":{category},\"payee\":{payee},\"date\":{date},\"description\":\"d\"{extra}}}",
        };
        // Amounts that are valid on their own get another fault, so no request here is acceptable.
        if (json.Contains("\"amountPence\":10000000001", StringComparison.Ordinal) is false && amount == "0.01") json = json.Replace("\"d\"", "\"\"", StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(json);
        if (random.Next(8) == 0) bytes = [.. bytes.Take(bytes.Length / 2), 0xC3, 0x28, 0xFF, .. bytes.Skip(bytes.Length / 2)];
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(random.Next(12) == 0 ? "text/plain" : "application/json");
        if (random.Next(10) != 0) request.Headers.TryAddWithoutValidation("Idempotency-Key", random.Next(15) == 0 ? new string('k', 300) : $"fuzz-{i}");
        return request;
    }
}
