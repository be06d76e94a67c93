using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Npgsql;
using SdsLedger.Domain;

namespace SdsLedger.Api.Tests;

/// <summary>
/// The database goes away under a running API (its connections pass through a proxy the test closes): every request is
/// a 503 with Retry-After, never a 500, /health/ready says not ready, and when the database is back the API answers again.
/// </summary>
public sealed class OutageTests(ApiWorld w) : IClassFixture<ApiWorld>
{
    [Fact]
    public async Task During_a_database_outage_the_api_answers_503_with_retry_after_and_is_not_ready()
    {
        var target = new NpgsqlConnectionStringBuilder(w.ApiConnectionString);
        await using var proxy = new TcpProxy(target.Host!, target.Port);
        proxy.Start();
        var viaProxy = new NpgsqlConnectionStringBuilder(w.ApiConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 3 }.ConnectionString;
        await using var api = w.ApiOver(viaProxy);
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", w.Token(Role.SocialWorker, w.North, name: "outage"));
        var entries = await w.Count("SELECT count(*) FROM ledger.entries");

        (await client.GetAsync($"/api/people/{w.Bruce}/budgets")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);

        proxy.Stop();
        var read = await client.GetAsync($"/api/people/{w.Bruce}/budgets");
        var spend = await Spend(client);
        var ready = await client.GetAsync("/health/ready");

        foreach (var (what, answer) in new[] { ("read", read), ("spend", spend), ("ready", ready) })
        {
            answer.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "{0} during the outage: {1}", what, await answer.Content.ReadAsStringAsync());
            answer.Headers.RetryAfter.Should().NotBeNull("{0} says when to retry", what);
            (await answer.Content.ReadAsStringAsync()).Should().NotContain("   at ");
        }
        (await w.Count("SELECT count(*) FROM ledger.entries")).Should().Be(entries, "nothing was written while it was away");

        proxy.Start();
        (await client.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync($"/api/people/{w.Bruce}/budgets")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static async Task<HttpResponseMessage> Spend(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/parts/00000000-0000-0000-0000-000000000001/spends")
        {
            Content = JsonContent.Create(new { amountPence = 100, category = "leisure", payee = "Pool", date = "2026-10-05", description = "swim" }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return await client.SendAsync(request);
    }

    /// <summary>Forwards TCP to the database; Stop closes the listener and every connection through it, as an outage does.</summary>
    private sealed class TcpProxy(string host, int targetPort) : IAsyncDisposable
    {
        private readonly List<TcpClient> _open = [];
        private TcpListener? _listener;
        private CancellationTokenSource _stop = new();

        public int Port { get; private set; }

        public void Start()
        {
            _stop = new CancellationTokenSource();
            _listener = new TcpListener(System.Net.IPAddress.Loopback, Port);
            _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _listener.Start();
            Port = ((System.Net.IPEndPoint)_listener.LocalEndpoint).Port;
            _ = AcceptAsync(_listener, _stop.Token);
        }

        private async Task AcceptAsync(TcpListener listener, CancellationToken ct)
        {
            while (!ct.IsCancellationRequested)
            {
                TcpClient inbound;
                try
                {
                    inbound = await listener.AcceptTcpClientAsync(ct);
                }
                catch (Exception)
                {
                    return;
                }
                var outbound = new TcpClient();
                try
                {
                    await outbound.ConnectAsync(host == "localhost" ? "127.0.0.1" : host, targetPort, ct);
                }
                catch (Exception)
                {
                    inbound.Dispose();
                    continue;
                }
                lock (_open) _open.AddRange([inbound, outbound]);
                _ = Pump(inbound.GetStream(), outbound.GetStream(), ct);
                _ = Pump(outbound.GetStream(), inbound.GetStream(), ct);
            }
        }

        private static async Task Pump(NetworkStream from, NetworkStream to, CancellationToken ct)
        {
            try
            {
                await from.CopyToAsync(to, ct);
            }
            catch (Exception)
            {
                // The other side closed, or the proxy stopped.
            }
        }

        public void Stop()
        {
            _stop.Cancel();
            _listener?.Stop();
            lock (_open)
            {
                foreach (var c in _open) c.Dispose();
                _open.Clear();
            }
        }

        public ValueTask DisposeAsync()
        {
            Stop();
            return ValueTask.CompletedTask;
        }
    }
}
