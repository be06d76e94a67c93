using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SdsLedger.Domain;
using Xunit.Abstractions;

namespace SdsLedger.Api.Tests;

/// <summary>
/// Seeded, bounded fuzz over every GET and POST in the API document: each request is a plausible one with one thing
/// made bad (NUL, control and bidi characters, huge numbers, wrong types, deep nesting, a 10 MB body, dates out of range,
/// null entries, bad ids and query values). No answer is a 5xx, and the ledger's rows change only if some answer was 2xx.
/// Set SDSLEDGER_FUZZ_SEED to replay a run; the seed is printed.
/// </summary>
public sealed class DocumentFuzzTests(ApiWorld w, ITestOutputHelper output) : IClassFixture<ApiWorld>
{
    private const int Requests = 2_000;

    private static readonly string[] BadStrings =
        ["a\u0000b", "\u001b[31mred", "\u200b", "\u202eevil", "\ud800", "x\u0007", "", " ", new string('x', 5_000), "\ufffd", "\u2028"];

    private static readonly string[] BadJson =
        ["99999999999999999999999999", "-9223372036854775809", "1e400", "\"12\"", "true", "null", "[]", "{}", "1.000001", "-1", "0",
         "\"0001-01-01\"", "\"9999-12-31\"", "\"2026-02-30\"", "[null]", "[null,null]", "\"not-a-uuid\""];

    [Fact]
    public async Task Two_thousand_malformed_requests_over_every_operation_get_no_5xx_and_change_the_ledger_only_by_their_2xx()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("SDSLEDGER_FUZZ_SEED"), out var s) ? s : Environment.TickCount;
        output.WriteLine($"fuzz seed {seed} (replay with SDSLEDGER_FUZZ_SEED={seed})");
        var random = new Random(seed);
        using var document = JsonDocument.Parse(await w.Client().GetStringAsync("/openapi/v1.json"));
        var operations = (from path in document.RootElement.GetProperty("paths").EnumerateObject()
                          from op in path.Value.EnumerateObject()
                          where op.Name is "get" or "post"
                          select (Path: path.Name, Method: op.Name, Op: op.Value.Clone())).ToList();
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas").Clone();
        var tokens = new[]
        {
            w.Token(Role.SocialWorker, w.North, name: "doc fuzzer"), w.Token(Role.CouncilFinance, w.North, name: "doc fuzzer finance"),
            w.Token(Role.Auditor, w.North, name: "doc fuzzer auditor"), w.Token(Role.SocialWorker, w.South, name: "doc fuzzer south"),
        };
        const string Counts = "SELECT (SELECT count(*) FROM ledger.entries) + (SELECT count(*) FROM ledger.holds) + (SELECT count(*) FROM sds.people) + (SELECT count(*) FROM sds.budgets)";
        var before = await w.Count(Counts);
        var failures = new List<string>();
        var succeeded = 0;
        var clients = tokens.Select(w.Client).ToArray();

        for (var i = 0; i < Requests; i++)
        {
            var (path, method, op) = operations[i % operations.Count];
            using var request = Build(random, path, method, op, schemas, i);
            HttpResponseMessage response;
            try
            {
                response = await clients[random.Next(clients.Length)].SendAsync(request);
            }
            catch (InvalidOperationException e) when (e.Message.Contains("null characters", StringComparison.Ordinal))
            {
                // The in-memory test server will not carry a NUL in a path; Kestrel answers such a request 400 itself.
                continue;
            }
            catch (HttpRequestException e)
            {
                failures.Add($"{method} {request.RequestUri}: no answer ({e.Message})");
                continue;
            }
            using (response)
            {
                var status = (int)response.StatusCode;
                if (status >= 500) failures.Add($"{status} {method} {request.RequestUri}: {(await response.Content.ReadAsStringAsync())[..Math.Min(300, (int)(response.Content.Headers.ContentLength ?? 300))]}");
                if (status is >= 200 and < 300 && method == "post") succeeded++;
            }
        }
        var after = await w.Count(Counts);
        output.WriteLine($"{Requests} requests over {operations.Count} operations; {succeeded} POSTs answered 2xx; ledger rows {before} -> {after}");

        failures.Should().BeEmpty("seed {0}: no bad input is a server error:\n{1}", seed, string.Join("\n", failures.Take(10)));
        if (succeeded == 0) after.Should().Be(before, "seed {0}: nothing was accepted, so nothing was written", seed);
        else (after - before).Should().BeInRange(0, succeeded * 4L, "seed {0}: only the {1} accepted requests wrote", seed, succeeded);
        (await w.LedgerAuditPasses()).Should().BeTrue();
    }

    private HttpRequestMessage Build(Random random, string path, string method, JsonElement op, JsonElement schemas, int i)
    {
        var ids = new[] { w.Bruce, w.BrucePart, w.CaraBudget, w.CaraPart, w.AilsaDirectPart, Guid.NewGuid() };
        var url = System.Text.RegularExpressions.Regex.Replace(path, "\\{[^}]+\\}", _ => random.Next(8) switch
        {
            0 => "not-a-guid",
            1 => "%00",
            2 => Uri.EscapeDataString(BadStrings[random.Next(BadStrings.Length)]),
            _ => ids[random.Next(ids.Length)].ToString(),
        });
        var query = new List<string>();
        if (op.TryGetProperty("parameters", out var parameters))
            foreach (var p in parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query"))
                if (random.Next(2) == 0)
                    query.Add($"{p.GetProperty("name").GetString()}={Uri.EscapeDataString(random.Next(3) switch
                    {
                        0 => BadStrings[random.Next(BadStrings.Length)],
                        1 => BadJson[random.Next(BadJson.Length)].Trim('"'),
                        _ => "9999-12",
                    })}");
        var request = new HttpRequestMessage(method == "get" ? HttpMethod.Get : HttpMethod.Post, url + (query.Count > 0 ? "?" + string.Join('&', query) : ""));
        if (method == "post")
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", $"doc-fuzz-{i}-{random.Next()}");
            var body = Body(random, op, schemas);
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(random.Next(20) == 0 ? "application/json; charset=utf-16" : "application/json");
        }
        return request;
    }

    private byte[] Body(Random random, JsonElement op, JsonElement schemas)
    {
        switch (random.Next(40))
        {
            case 0: return Encoding.UTF8.GetBytes("{\"a\":" + new string('[', 300) + new string(']', 300) + "}");
            case 1 when random.Next(4) == 0: return Encoding.UTF8.GetBytes("{\"payee\":\"" + new string('x', 10 * 1024 * 1024) + "\"}");
            case 2: return [0x7B, 0x22, 0xC3, 0x28, 0xFF, 0x22, 0x7D];
            case 3: return Encoding.UTF8.GetBytes("null");
        }
        var obj = new JsonObject();
        if (op.TryGetProperty("requestBody", out var requestBody)
            && requestBody.GetProperty("content").EnumerateObject().FirstOrDefault().Value is { ValueKind: JsonValueKind.Object } content
            && content.TryGetProperty("schema", out var schema) && schema.TryGetProperty("$ref", out var reference)
            && schemas.TryGetProperty(reference.GetString()!.Split('/')[^1], out var shape) && shape.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject()) obj[property.Name] = Plausible(property.Name);
            var names = properties.EnumerateObject().Select(p => p.Name).ToList();
            if (names.Count > 0)
            {
                var bad = names[random.Next(names.Count)];
                obj[bad] = random.Next(2) == 0
                    ? JsonValue.Create(BadStrings[random.Next(BadStrings.Length)])
                    : JsonNode.Parse(BadJson[random.Next(BadJson.Length)]);
            }
        }
        else obj["text"] = BadStrings[random.Next(BadStrings.Length)];
        return Encoding.UTF8.GetBytes(obj.ToJsonString());
    }

    private JsonNode? Plausible(string name) => name switch
    {
        _ when name.EndsWith("Pence", StringComparison.Ordinal) => 100,
        "date" or "start" or "agreedOn" or "runDate" => "2026-10-05",
        "end" => "2027-03-31",
        "dateOfBirth" => "1980-01-01",
        "personId" => w.Bruce.ToString(),
        "parts" => JsonNode.Parse("[{\"option\":1,\"holder\":\"person\",\"amountPence\":100}]"),
        "outcomes" => JsonNode.Parse("[{\"text\":\"swim\"}]"),
        "categories" => JsonNode.Parse("[{\"category\":\"leisure\"}]"),
        "category" => "leisure",
        "hours" => 1.5,
        "option" => 1,
        _ when name.StartsWith("is", StringComparison.Ordinal) || name.StartsWith("confirm", StringComparison.Ordinal) || name.StartsWith("payeeIs", StringComparison.Ordinal) || name == "largePrint" => false,
        _ when name.EndsWith("Id", StringComparison.Ordinal) => Guid.NewGuid().ToString(),
        _ => "fuzz " + name,
    };
}
