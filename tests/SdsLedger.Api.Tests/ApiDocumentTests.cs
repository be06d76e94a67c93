using System.Diagnostics;
using System.Text.Json;
using SdsLedger.Testing;

namespace SdsLedger.Api.Tests;

/// <summary>The API document passes Spectral's OpenAPI ruleset (spectral:oas) with no errors and no warnings.</summary>
public sealed class ApiDocumentTests(ApiWorld w) : IClassFixture<ApiWorld>
{
    private static readonly string Tools = Path.Combine(RepositoryRoot.Path, "tests", "SdsLedger.Api.Tests", "spectral");

    [Fact]
    public async Task The_api_document_says_amounts_are_integers_and_health_needs_no_token_and_every_operation_has_an_id_and_description()
    {
        using var document = JsonDocument.Parse(await w.Client().GetStringAsync("/openapi/v1.json"));
        var root = document.RootElement;
        var amounts = new List<string>();
        void Find(JsonElement e, string path)
        {
            if (e.ValueKind == JsonValueKind.Object)
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Name.EndsWith("Pence", StringComparison.Ordinal) && p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("type", out var type))
                        amounts.Add($"{path}.{p.Name}: {type.ToString().Replace("\n", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal)}");
                    Find(p.Value, $"{path}.{p.Name}");
                }
        }
        Find(root.GetProperty("components"), "components");

        amounts.Should().NotBeEmpty().And.OnlyContain(a => a.Contains("integer", StringComparison.Ordinal) && !a.Contains("string", StringComparison.Ordinal),
            "amounts are whole pence, never strings");
        root.TryGetProperty("security", out _).Should().BeFalse("each operation says whether it needs a token");
        foreach (var health in new[] { "/health/live", "/health/ready" })
            root.GetProperty("paths").GetProperty(health).GetProperty("get").TryGetProperty("security", out _).Should().BeFalse();
        foreach (var path in root.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject())
            {
                operation.Value.GetProperty("operationId").GetString().Should().NotBeNullOrEmpty();
                operation.Value.GetProperty("description").GetString().Should().NotBeNullOrEmpty();
                var responses = operation.Value.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
                responses.Should().Contain(r => r.StartsWith('2'), "{0} {1} documents its success", operation.Name, path.Name);
                if (path.Name.StartsWith("/api", StringComparison.Ordinal))
                {
                    responses.Should().Contain(["401", "403"]);
                    operation.Value.GetProperty("security").GetArrayLength().Should().Be(1);
                }
            }
    }

    [NeedsNpmFact]
    public async Task The_api_document_passes_spectrals_openapi_ruleset_with_no_errors_or_warnings()
    {
        var document = await w.Client().GetStringAsync("/openapi/v1.json");
        var file = Path.Combine(Path.GetTempPath(), $"sdsledger-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, document);
        try
        {
            if (!File.Exists(Path.Combine(Tools, "node_modules", ".bin", "spectral")))
            {
                var install = await RunAsync("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts");
                install.Code.Should().Be(0, "npm ci installs the locked Spectral: {0}", install.Output);
            }
            var lint = await RunAsync(Path.Combine(Tools, "node_modules", ".bin", "spectral"), "lint", file, "--ruleset", Path.Combine(Tools, ".spectral.yaml"),
                "--format", "json", "--quiet", "--fail-severity", "hint");
            var results = JsonDocument.Parse(lint.Output.Length == 0 ? "[]" : lint.Output[lint.Output.IndexOf('[', StringComparison.Ordinal)..]).RootElement
                .EnumerateArray()
                .Where(r => r.GetProperty("severity").GetInt32() <= 1)
                .Select(r => $"{r.GetProperty("code").GetString()} at {string.Join('.', r.GetProperty("path").EnumerateArray().Select(p => p.ToString()))}: {r.GetProperty("message").GetString()}")
                .ToList();

            results.Should().BeEmpty("the document has no Spectral errors or warnings:\n{0}", string.Join("\n", results));
        }
        finally
        {
            File.Delete(file);
        }
    }

    internal static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);

    private static async Task<(int Code, string Output)> RunAsync(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { WorkingDirectory = Tools, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await output + (process.ExitCode is 0 or 1 ? "" : await error));
    }
}

/// <summary>A fact that is skipped, saying why, only when npm is not installed (Spectral runs on Node.js).</summary>
public sealed class NeedsNpmFactAttribute : FactAttribute
{
    public NeedsNpmFactAttribute()
    {
        if (ApiDocumentTests.Which("npm") is null) Skip = "npm is not installed, so Spectral cannot lint the API document: install Node.js 20 or later.";
    }
}
