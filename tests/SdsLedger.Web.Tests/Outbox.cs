using System.Collections.Concurrent;
using SdsLedger.Access;
using SdsLedger.Web.People;

namespace SdsLedger.Web.Tests;

/// <summary>
/// The code sender the browser tests configure in place of GOV.UK Notify (the production ICodeMessages): it keeps each
/// message, so a test reads the code a person would have received.
/// </summary>
public sealed class Outbox : ICodeMessages
{
    private readonly ConcurrentQueue<(CodeDestination To, string Code)> _sent = new();

    public bool CanSend => true;

    public IReadOnlyList<(CodeDestination To, string Code)> Sent => [.. _sent];

    public Task SendAsync(CodeDestination to, string code, CancellationToken ct)
    {
        _sent.Enqueue((to, code));
        return Task.CompletedTask;
    }

    /// <summary>The last code sent to the address, or null when none was.</summary>
    public string? LastCodeTo(string address) => Sent.LastOrDefault(m => m.To.Address == address).Code;

    public int CountTo(string address) => Sent.Count(m => m.To.Address == address);
}
