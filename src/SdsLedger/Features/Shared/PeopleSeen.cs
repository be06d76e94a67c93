using SdsLedger.Pipeline;

namespace SdsLedger.Features.Shared;

/// <summary>
/// Audits a list that shows several people (a caseload, a provider's return, surplus flags): one record per person
/// shown, so "who looked at whose data" can be answered for lists as well as for one budget.
/// </summary>
public static class PeopleSeen
{
    private const string InsertSql = """
        INSERT INTO sds.audit_log (actor_id, actor, role, action, council_id, person_id, outcome, detail)
        SELECT @ActorId, @Actor, @Role, @Action, seen.council_id, seen.person_id, 'done', @Detail
          FROM unnest(@People, @Councils) AS seen(person_id, council_id)
        """;

    public static async Task RecordAsync(DbSession session, IActorMessage message, IEnumerable<(Guid PersonId, Guid CouncilId)> people,
                                         string detail, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(message);
        var distinct = people.Distinct().ToList();
        if (distinct.Count == 0) return;
        await session.RecordAsync(InsertSql, new
        {
            ActorId = message.Actor.Id,
            Actor = message.Actor.Name,
            Role = message.Actor.RoleText,
            Action = AuditTrail.ActionName(message.GetType()),
            People = distinct.Select(p => p.PersonId).ToArray(),
            Councils = distinct.Select(p => p.CouncilId).ToArray(),
            Detail = detail,
        }, ct);
    }
}
