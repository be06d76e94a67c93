using Dapper;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Shared;

/// <summary>
/// Least access: a social worker reads the records of the people on their caseload (those they are the named social
/// worker for), and of people nobody is named for yet (not yet allocated: the team's, as at a duty desk). Anyone else's
/// record in the council opens only after they give a reason ("break the glass"), and then stays
/// open to them for <see cref="OpenFor"/>. Other roles are unaffected. This is checked in the application; row-level
/// security still lets a social worker's connection read the whole council. Times are the database's, as the audit trail's are.
/// </summary>
public static class LeastAccess
{
    /// <summary>How long a record stays open after a reason is given: a working day, so the worker is not asked on every page.</summary>
    public static readonly Duration OpenFor = Duration.FromHours(8);

    // The people among those asked for whose records the worker may read now: one SQL for one person and for many.
    private const string Sql = """
        SELECT pe.id
          FROM sds.people pe
         WHERE pe.id = ANY(@PersonIds)
           AND (pe.social_worker_id IS NULL OR pe.social_worker_id = @WorkerId
                OR EXISTS (SELECT 1 FROM sds.record_openings o
                            WHERE o.worker_id = @WorkerId AND o.person_id = pe.id AND o.opened_at <= now() AND o.open_until > now()))
        """;

    /// <summary>Null when the actor may read the person's record now; otherwise the refusal asking for a reason.</summary>
    public static async Task<Refusal?> CheckAsync(DbSession session, Actor actor, Guid personId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Role != Role.SocialWorker) return null;
        return (await OpenAsync(session, actor, [personId], ct)).Contains(personId) ? null : ReasonNeeded;
    }

    /// <summary>The people among <paramref name="personIds"/> whose records the actor may read now (for any role but a social worker, all).</summary>
    public static async Task<HashSet<Guid>> OpenAsync(DbSession session, Actor actor, Guid[] personIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Role != Role.SocialWorker || personIds.Length == 0) return [.. personIds];
        return [.. await session.Connection.QueryAsync<Guid>(new CommandDefinition(Sql,
            new { WorkerId = actor.Id, PersonIds = personIds }, cancellationToken: ct))];
    }

    public static readonly Refusal ReasonNeeded = new(RefusalCodes.ReasonNeeded,
        "This person is not on your caseload (you are not their named social worker). Give a reason for opening their record: " +
        "it is recorded with your name, and the council's auditors see it in the report of unusual access.");
}
