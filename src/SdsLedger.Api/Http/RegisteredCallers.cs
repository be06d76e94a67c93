using System.Collections.Concurrent;
using SdsLedger.Domain;
using SdsLedger.Features.Access;

namespace SdsLedger.Api.Http;

/// <summary>
/// Remembers for a minute that a token's actor is registered, so a correctly signed token naming a council or a worker
/// the ledger does not know is a 401 on every endpoint, at one database round trip per caller per minute. Every message
/// still checks its actor in the pipeline, so someone deactivated within the minute is refused there (also a 401).
/// </summary>
internal sealed class RegisteredCallers
{
    private static readonly TimeSpan Remembered = TimeSpan.FromMinutes(1);
    private const int MaxRemembered = 10_000;
    private readonly ConcurrentDictionary<Actor, DateTime> _known = new();

    public async Task<bool> IsRegisteredAsync(Caller caller, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        if (_known.TryGetValue(caller.Actor, out var until) && until > now) return true;
        var answer = await caller.Ledger.SendAsync(new CheckCaller.Query(caller.Actor), ct);
        if (!answer.Succeeded) return false;
        if (_known.Count >= MaxRemembered) _known.Clear();
        _known[caller.Actor] = now + Remembered;
        return true;
    }
}
