using Dapper;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Referrals;

/// <summary>What accepting and answering a referral share: who may decide it, and deciding it once only.</summary>
internal static class Decision
{
    private const string Council = "SELECT council_id FROM sds.referrals WHERE id = @Id";

    /// <summary>A social worker of the referral's council decides it; anyone else is refused, another council's finds nothing.</summary>
    public static async ValueTask<Refusal?> CheckAsync(Actor actor, Guid referralId, DbSession session, AuditContext audit, string action, CancellationToken ct)
    {
        audit.CouncilId = actor.CouncilId;
        if (actor.Role != Role.SocialWorker) return Scope.RoleCannot(actor, action);
        var council = await session.Connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(Council, new { Id = referralId }, session.Transaction, cancellationToken: ct));
        return council is not null && council == actor.CouncilId ? null : Scope.NotFound("That referral");
    }

    /// <summary>The referral, locked until this transaction ends: of two decisions at once, the second waits and then sees the first.</summary>
    private const string Lock = """
        SELECT id AS Id, name AS Name, date_of_birth AS DateOfBirth, email AS Email, mobile AS Mobile, status AS Status,
               decided_by AS DecidedBy, decided_at AS DecidedAt
          FROM sds.referrals WHERE id = @Id FOR UPDATE
        """;

    public sealed record Locked
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public DateOnly DateOfBirth { get; init; }
        public string? Email { get; init; }
        public string? Mobile { get; init; }
        public string Status { get; init; } = "";
        public string? DecidedBy { get; init; }
        public DateTime? DecidedAt { get; init; }
    }

    /// <summary>The referral locked, or the refusal to give when it is gone or already decided.</summary>
    public static async Task<(Locked? Referral, Refusal? Refusal)> LockAsync(DbSession session, Guid referralId, CancellationToken ct)
    {
        var row = await session.Connection.QuerySingleOrDefaultAsync<Locked>(new CommandDefinition(Lock, new { Id = referralId }, session.Transaction, cancellationToken: ct));
        if (row is null) return (null, Scope.NotFound("That referral"));
        if (row.Status == "new") return (row, null);
        var when = row.DecidedAt is { } at ? $" on {at:d MMMM yyyy} at {at:HH:mm} UTC" : "";
        var what = row.Status == "accepted" ? "accepted" : "answered";
        return (null, new Refusal(RefusalCodes.InvalidState,
            $"This referral was already {what} by {row.DecidedBy}{when}. A referral is decided once; nothing more was done."));
    }
}
