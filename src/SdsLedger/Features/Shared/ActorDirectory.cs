using Dapper;
using Npgsql;
using SdsLedger.Domain;

namespace SdsLedger.Features.Shared;

/// <summary>
/// Finds who is acting from how people name themselves at the command line: a worker's code
/// (e.g. "sw-jmacleod", "fin-akhan", "harbour-care-lead"), or "person:REFERENCE" for a person using their own budget
/// ("person:COUNCIL/REFERENCE" where two councils use the same reference). Everyone acts within one council: a
/// provider's or recovery service's worker within the council that registered their organisation.
/// </summary>
public static class ActorDirectory
{
    private const string WorkerSql = """
        SELECT w.id AS Id, w.name AS Name, w.role AS Role, coalesce(w.council_id, o.council_id) AS CouncilId, w.organisation_id AS OrganisationId,
               w.active AS Active
          FROM sds.workers w LEFT JOIN sds.organisations o ON o.id = w.organisation_id
         WHERE w.code = @Code
        """;

    private const string PersonSql = """
        SELECT p.id AS Id, p.name AS Name, p.council_id AS CouncilId, c.code AS CouncilCode
          FROM sds.people p JOIN sds.councils c ON c.id = p.council_id
         WHERE upper(p.reference) = upper(@Reference) AND (@Council IS NULL OR c.code = lower(@Council))
        """;

    public const string PersonPrefix = "person:";

    /// <summary>The actor, or why nobody could be found, in words that say what to type instead.</summary>
    public static async Task<(Actor? Actor, string? Problem)> FindAsync(NpgsqlConnection conn, string who, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        if (who.StartsWith(PersonPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var named = who[PersonPrefix.Length..].Trim();
            var slash = named.IndexOf('/', StringComparison.Ordinal);
            var (council, reference) = slash < 0 ? (null, named) : (named[..slash], named[(slash + 1)..]);
            var people = (await conn.QueryAsync<(Guid Id, string Name, Guid CouncilId, string CouncilCode)>(
                new CommandDefinition(PersonSql, new { Reference = reference, Council = council }, cancellationToken: ct))).ToList();
            return people.Count switch
            {
                1 => (Actor.Person(people[0].Id, people[0].Name, people[0].CouncilId), null),
                0 => (null, $"Nobody is registered with the reference '{reference}'{(council is null ? "" : $" by the council '{council}'")}. " +
                            "Check the reference on the person's letters or statement."),
                _ => (null, $"More than one council has someone with the reference '{reference}'. Say which council: " +
                            string.Join(" or ", people.Select(p => $"person:{p.CouncilCode}/{reference}")) + "."),
            };
        }

        var worker = await conn.QuerySingleOrDefaultAsync<(Guid Id, string Name, string Role, Guid? CouncilId, Guid? OrganisationId, bool Active)?>(
            new CommandDefinition(WorkerSql, new { Code = who }, cancellationToken: ct));
        if (worker is not { } w || !Roles.TryParse(w.Role, out var role))
            return (null, $"No worker has the code '{who}'. Use your worker code (like sw-amacdonald), or person:REFERENCE (like person:NT-10201) " +
                          "for a person using their own budget. A finance officer adds workers with 'sdsledger worker add'; on a new database, " +
                          "start with 'sdsledger council setup'.");
        if (!w.Active) return (null, $"{w.Name} ({who}) no longer works here: their worker record was deactivated. Act as yourself with your own code.");
        return (new Actor(w.Id, w.Name, role, w.CouncilId, w.OrganisationId), null);
    }
}
