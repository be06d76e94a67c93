using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Referrals;

/// <summary>A self-referral as the council's social workers and the referring organisation see it.</summary>
public sealed record Referral
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public DateOnly DateOfBirth { get; init; }
    public string? Email { get; init; }
    public string? Mobile { get; init; }
    public string WouldLike { get; init; } = "";
    public bool AgreesToContact { get; init; }
    public string ReferredBy { get; init; } = "";
    public string? Organisation { get; init; }
    public DateTime ReferredAt { get; init; }

    /// <summary>new, accepted or answered.</summary>
    public string Status { get; init; } = "new";
    public Guid? PersonId { get; init; }
    public string? PersonReference { get; init; }
    public string? DecidedBy { get; init; }
    public DateTime? DecidedAt { get; init; }
    public string? Answer { get; init; }
}

/// <summary>
/// Self-referrals: for a social worker, their council's waiting for a decision (oldest first), or with Decided the ones
/// decided lately; for a peer or recovery worker, their organisation's (their own, with no organisation), newest first,
/// with each one's status and answer.
/// </summary>
public static class ListReferrals
{
    public sealed record Query(Actor Actor, bool Decided = false) : ISdsQuery<IReadOnlyList<Referral>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = q.Actor.CouncilId;
            return ValueTask.FromResult(MayRead(q.Actor));
        }
    }

    /// <summary>Who may read self-referrals at all: social workers and peer or recovery workers of a council (RLS narrows the rows).</summary>
    internal static Refusal? MayRead(Actor actor) =>
        actor.Role is Role.SocialWorker or Role.RecoveryWorker && actor.CouncilId is not null
            ? null
            : Scope.RoleCannot(actor, "read self-referrals (social workers and the referring peer workers do)");

    internal const string Columns = """
        r.id AS Id, r.name AS Name, r.date_of_birth AS DateOfBirth, r.email AS Email, r.mobile AS Mobile, r.would_like AS WouldLike,
        r.agrees_to_contact AS AgreesToContact, r.referred_by AS ReferredBy, o.name AS Organisation, r.referred_at AS ReferredAt,
        r.status AS Status, r.person_id AS PersonId, p.reference AS PersonReference, r.decided_by AS DecidedBy, r.decided_at AS DecidedAt,
        r.answer AS Answer
        """;

    internal const string From = """
        sds.referrals r LEFT JOIN sds.organisations o ON o.id = r.organisation_id LEFT JOIN sds.people p ON p.id = r.person_id
        """;

    /// <summary>The referrals with what they say about the person opened (sealed with each referral's own key).</summary>
    internal static async Task<IReadOnlyList<Referral>> OpenAsync(PersonKeys personKeys, IEnumerable<Referral> rows, CancellationToken ct)
    {
        var held = rows.ToList();
        await personKeys.LoadKeysForAsync(held.SelectMany(r => new[] { r.Name, r.Email, r.Mobile, r.WouldLike, r.Answer }), ct);
        var opened = new List<Referral>(held.Count);
        foreach (var r in held)
            opened.Add(r with
            {
                Name = await personKeys.RevealAsync(r.Name, ct), Email = await personKeys.RevealIfGivenAsync(r.Email, ct),
                Mobile = await personKeys.RevealIfGivenAsync(r.Mobile, ct), WouldLike = await personKeys.RevealAsync(r.WouldLike, ct),
                Answer = await personKeys.RevealIfGivenAsync(r.Answer, ct),
            });
        return opened;
    }

    internal sealed class Handler(DbSession session, PersonKeys personKeys) : IQueryHandler<Query, Result<IReadOnlyList<Referral>>>
    {
        private const string Queue = $"""
            SELECT {Columns} FROM {From}
             WHERE r.council_id = @Council AND CASE WHEN @Decided THEN r.status <> 'new' ELSE r.status = 'new' END
             ORDER BY CASE WHEN @Decided THEN -extract(epoch FROM r.decided_at) ELSE extract(epoch FROM r.referred_at) END
             LIMIT 200
            """;

        // The row-level security policy narrows a recovery worker the same way (db/schema/policies/referrals.sql).
        private const string Theirs = $"""
            SELECT {Columns} FROM {From}
             WHERE r.council_id = @Council
               AND (r.organisation_id = @Organisation OR (r.organisation_id IS NULL AND r.referred_by_id = @Worker))
             ORDER BY r.referred_at DESC
             LIMIT 200
            """;

        public async ValueTask<Result<IReadOnlyList<Referral>>> Handle(Query q, CancellationToken ct)
        {
            var sql = q.Actor.Role == Role.RecoveryWorker ? Theirs : Queue;
            var rows = await session.Connection.QueryAsync<Referral>(new CommandDefinition(sql,
                new { Council = q.Actor.CouncilId, q.Decided, Organisation = q.Actor.OrganisationId, Worker = q.Actor.Id },
                session.Transaction, cancellationToken: ct));
            return Result<IReadOnlyList<Referral>>.Ok(await OpenAsync(personKeys, rows, ct));
        }
    }
}
