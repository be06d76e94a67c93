using Dapper;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;

namespace SdsLedger.Pipeline;

/// <summary>
/// The actor a message names must be someone of the register, still active, in the role, council and organisation the
/// message says: a worker, or a person acting for themselves. So a deactivated worker's commands and tokens do
/// nothing, and an actor cannot be made up. History records them by id, with the name the register has at that moment.
/// </summary>
internal static class RegisteredActor
{
    private const string Sql = """
        SELECT w.name FROM sds.workers w LEFT JOIN sds.organisations o ON o.id = w.organisation_id
         WHERE w.id = @Id AND w.active AND w.role = @Role AND coalesce(w.council_id, o.council_id) = @CouncilId
           AND w.organisation_id IS NOT DISTINCT FROM @OrganisationId AND @PersonId IS NULL
        UNION ALL
        SELECT p.name FROM sds.people p
         WHERE p.id = @Id AND @Role = 'service-user' AND p.council_id = @CouncilId AND p.id = @PersonId
        """;

    /// <summary>Null when the actor is registered and active (their current name is noted for the audit); otherwise why not.</summary>
    public static async Task<Refusal?> CheckAsync(DbSession session, Actor actor, AuditContext audit, CancellationToken ct)
    {
        var name = actor.CouncilId is null ? null : await session.Connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(Sql, new
        {
            actor.Id, Role = actor.RoleText, actor.CouncilId, actor.OrganisationId, actor.PersonId,
        }, session.Transaction, cancellationToken: ct));
        if (name is null)
            return new Refusal(RefusalCodes.UnknownActor,
                $"{actor.Name} ({actor.RoleText}) is not registered here as that, or no longer works here. Ask a finance officer to check your worker record.");
        audit.ActorName = name;
        return null;
    }
}
