using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NodaTime;
using SdsLedger.Hosting;
using SdsLedger.LocalPostgres;
using SdsLedger.Access;

namespace SdsLedger.Bench;

internal sealed record WebBenchOptions(int Budgets, long Postings, int Requests, bool Rebuild, string? DataDirectory);

/// <summary>One page: the server's own time per request (from the first middleware in to the answer written), p50 and p95.</summary>
internal sealed record PageTiming(string Name, string Path, int Requests, double P50Ms, double P95Ms, double TargetMs)
{
    public bool Met => P95Ms < TargetMs;
}

internal sealed record WebFigures(string Server, int Cores, int Budgets, long Postings, bool Reused, double SetupSeconds, int WorkerPeople,
                                  int PreviewPayees, IReadOnlyList<PageTiming> Pages)
{
    public string Table()
    {
        var lines = Pages.Select(p => string.Create(CultureInfo.InvariantCulture,
            $"  {p.Name,-34} p50 {p.P50Ms,7:F1} ms  p95 {p.P95Ms,7:F1} ms  (target p95 < {p.TargetMs:F0} ms: {(p.Met ? "PASS" : "MISS")}; {p.Requests} requests)"));
        return string.Create(CultureInfo.InvariantCulture, $"""
            Web pages' server time on a council of {Budgets:N0} budgets and {Postings:N0} postings ({Server}, {Cores} cores; council {(Reused ? "reused" : $"generated in {SetupSeconds:F0} s")})
              the worker's caseload has {WorkerPeople} people; the payment-run preview lists {PreviewPayees} payees
            {string.Join(Environment.NewLine, lines)}

            """);
    }

    public string Json() => JsonSerializer.Serialize(new
    {
        server = Server, cores = Cores, budgets = Budgets, postings = Postings, reused = Reused, workerPeople = WorkerPeople, previewPayees = PreviewPayees,
        pages = Pages.Select(p => new { name = p.Name, requests = p.Requests, p50Ms = Math.Round(p.P50Ms, 2), p95Ms = Math.Round(p.P95Ms, 2), targetMs = p.TargetMs, met = p.Met }),
    });
}

/// <summary>
/// The web app over the generated council, in this process (no network): a social worker with about 40 people signs in
/// by link and opens their caseload and a budget's page; the council's finance officer opens the payment-run preview
/// of the whole council. Each page is asked for in turn after a warm-up; the server's time for each request is taken by
/// a middleware ahead of the app's own, so it is the page's work (sign-in cookie, queries, rendering), not the client's.
/// </summary>
internal sealed partial class WebBenchmark(WebBenchOptions options, RunLog progress)
{
    public const string Database = "sdsledger_bench_web";
    public const double PageTargetMs = 50;
    public const double PreviewTargetMs = 200;

    private const string WorkerNearForty = """
        SELECT w.id, w.code, count(*)::int AS people FROM sds.workers w JOIN sds.people p ON p.social_worker_id = w.id
         GROUP BY w.id, w.code ORDER BY abs(count(*) - 40), w.code LIMIT 1
        """;

    private const string ABudgetOf = """
        SELECT b.id FROM sds.budgets b JOIN sds.people p ON p.id = b.person_id WHERE p.social_worker_id = @W ORDER BY b.id LIMIT 1
        """;

    public async Task<WebFigures> RunAsync(CancellationToken ct)
    {
        var server = DatabaseServer.FromEnvironment(options.DataDirectory, progress.Report);
        var admin = await server.AdminConnectionStringAsync(ct: ct);
        var serverName = await BenchServer.DescribeAsync(server, admin, ct);
        var shape = new CouncilShape(options.Budgets, options.Postings, CouncilShape.DefaultAsOf);
        var db = await new BenchCouncil(progress).EnsureAsync(admin, Database, shape, options.Rebuild, ct);

        Guid worker, budget;
        int people;
        await using (var conn = new NpgsqlConnection(db.OwnerConnectionString))
        {
            await conn.OpenAsync(ct);
            await using (var cmd = new NpgsqlCommand(WorkerNearForty, conn))
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
            {
                if (!await reader.ReadAsync(ct)) throw new InvalidOperationException("The bench council has no social worker with people.");
                (worker, people) = (reader.GetGuid(0), reader.GetInt32(2));
            }
            await using var budgetCmd = new NpgsqlCommand(ABudgetOf, conn);
            budgetCmd.Parameters.AddWithValue("W", worker);
            budget = (Guid)(await budgetCmd.ExecuteScalarAsync(ct))!;
        }

        var secrets = LocalSecrets.BesideDataDirectory(server.Cluster?.RequestedDataDirectory ?? LocalCluster.DefaultDataDirectory(Environment.CurrentDirectory));
        var apiLogin = await ServiceDatabase.ProvisionLoginAsync(db.OwnerConnectionString, secrets, ct);
        var linkKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(64);
        var keys = Path.Combine(Path.GetTempPath(), "sdsledger-bench-web-keys-" + Guid.NewGuid().ToString("N"));
        var times = new ConcurrentQueue<double>();
        await using var factory = new WebApplicationFactory<SdsLedger.Web.Pages.IndexModel>().WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:SdsLedger", apiLogin);
            b.UseSetting("SignIn:LinkKey", Convert.ToBase64String(linkKey));
            b.UseSetting("Tenancy:Key", Convert.ToBase64String(secrets.TenantKey()));
            b.UseSetting("DataProtection:KeysDirectory", keys);
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            b.UseSetting("SdsLedger:Banner", "false");
            b.UseEnvironment("Production");
            b.UseContentRoot(AppContext.BaseDirectory);
            b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new ServerTime(times)));
        });
        try
        {
            using var social = await SignedInAsync(factory, linkKey, worker, ct);
            using var finance = await SignedInAsync(factory, linkKey, db.Finance.Id, ct);
            var previewHtml = await PageAsync(finance, "/finance/payment-run", ct);
            var payees = PreviewPayees().Match(previewHtml) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

            var pages = new List<PageTiming>();
            foreach (var (name, client, path, target) in new[]
                     {
                         ($"caseload of a worker with {people} people", social, "/caseload", PageTargetMs),
                         ("a person's budget page", social, $"/budgets/{budget}", PageTargetMs),
                         ("payment-run preview, whole council", finance, "/finance/payment-run", PreviewTargetMs),
                     })
            {
                for (var i = 0; i < Math.Max(3, options.Requests / 10); i++) await PageAsync(client, path, ct);
                times.Clear();
                for (var i = 0; i < options.Requests; i++) await PageAsync(client, path, ct);
                var ordered = times.Order().ToList();
                var timing = new PageTiming(name, path, ordered.Count, Percentile(ordered, 0.50), Percentile(ordered, 0.95), target);
                progress.Report(string.Create(CultureInfo.InvariantCulture, $"{name}: p50 {timing.P50Ms:F1} ms, p95 {timing.P95Ms:F1} ms."));
                pages.Add(timing);
            }
            return new WebFigures(serverName, Environment.ProcessorCount, options.Budgets, db.Postings, db.Reused, db.SetupSeconds, people, payees, pages);
        }
        finally
        {
            if (Directory.Exists(keys)) Directory.Delete(keys, recursive: true);
        }
    }

    private static double Percentile(IReadOnlyList<double> ordered, double p) =>
        ordered.Count == 0 ? double.NaN : ordered[Math.Min(ordered.Count - 1, (int)Math.Ceiling(p * ordered.Count) - 1)];

    private static async Task<string> PageAsync(HttpClient client, string path, CancellationToken ct)
    {
        using var answer = await client.GetAsync(path, ct);
        if (answer.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{path} answered {(int)answer.StatusCode}.");
        return await answer.Content.ReadAsStringAsync(ct);
    }

    /// <summary>Signs a worker in as `sign-in-link` would: the link's page, then its form (with its antiforgery token).</summary>
    private static async Task<HttpClient> SignedInAsync(WebApplicationFactory<SdsLedger.Web.Pages.IndexModel> factory, byte[] key, Guid worker, CancellationToken ct)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost/"), AllowAutoRedirect = true });
        var token = SignInLink.For(worker, SystemClock.Instance.GetCurrentInstant()).Token(key);
        var page = await PageAsync(client, $"/sign-in/link?token={Uri.EscapeDataString(token)}", ct);
        var antiforgery = Antiforgery().Match(page);
        if (!antiforgery.Success) throw new InvalidOperationException("The sign-in page has no form to sign in with.");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token, ["__RequestVerificationToken"] = WebUtility.HtmlDecode(antiforgery.Groups[1].Value),
        });
        using var answer = await client.PostAsync("/sign-in/link", form, ct);
        if (!answer.IsSuccessStatusCode || answer.RequestMessage?.RequestUri?.AbsolutePath.StartsWith("/sign-in", StringComparison.Ordinal) == true)
            throw new InvalidOperationException($"Signing in did not work: {(int)answer.StatusCode} at {answer.RequestMessage?.RequestUri}.");
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    [GeneratedRegex(@"Payees \d+ to \d+ of (\d+)")]
    private static partial Regex PreviewPayees();

    /// <summary>Times each request from before the app's first middleware to after its last.</summary>
    private sealed class ServerTime(ConcurrentQueue<double> times) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (HttpContext http, RequestDelegate nextStep) =>
            {
                var started = Stopwatch.GetTimestamp();
                await nextStep(http);
                if (http.Request.Path.StartsWithSegments("/sign-in", StringComparison.Ordinal)) return;
                times.Enqueue(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            });
            next(app);
        };
    }
}
