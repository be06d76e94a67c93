using Dapper;
using Npgsql;
using SdsLedger.Domain;

namespace SdsLedger.Features.Shared;

/// <summary>
/// Finds who is acting from how people name themselves at the command line: a worker's code
/// (e.g. "sw-jmacleod", "fin-akhan", "harbour-care-lead") or "person:REFERENCE" for a person using their own budget.
/// </summary>
public static class ActorDirectory
{
    private const string WorkerSql = """
        SELECT name AS Name, role AS Role, council_id AS CouncilId, organisation_id AS OrganisationId
          FROM sds.workers WHERE code = @Code
        """;

    private const string PersonSql = """
        SELECT id AS Id, name AS Name, council_id AS CouncilId FROM sds.people WHERE reference = @Reference
        """;

    public const string PersonPrefix = "person:";

    public static async Task<Actor?> FindAsync(NpgsqlConnection conn, string who, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        if (who.StartsWith(PersonPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var people = (await conn.QueryAsync<(Guid Id, string Name, Guid CouncilId)>(
                new CommandDefinition(PersonSql, new { Reference = who[PersonPrefix.Length..] }, cancellationToken: ct))).ToList();
            return people.Count == 1 ? new Actor(people[0].Name, Role.ServiceUser, people[0].CouncilId, PersonId: people[0].Id) : null;
        }

        var worker = await conn.QuerySingleOrDefaultAsync<(string Name, string Role, Guid? CouncilId, Guid? OrganisationId)?>(
            new CommandDefinition(WorkerSql, new { Code = who }, cancellationToken: ct));
        if (worker is not { } w || !Roles.TryParse(w.Role, out var role)) return null;
        return new Actor(w.Name, role, w.CouncilId, w.OrganisationId);
    }
}
