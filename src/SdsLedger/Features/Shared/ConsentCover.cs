using Dapper;
using SdsLedger.Domain;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Shared;

/// <summary>What a person may consent to someone doing.</summary>
public enum ConsentScope
{
    /// <summary>See their budget summary (what is left, what was bought).</summary>
    Summary,

    /// <summary>See their statements.</summary>
    Statements,

    /// <summary>Act for them on a test budget (plan a purchase, note progress).</summary>
    TestBudget,
}

/// <summary>
/// Whether a person's current consent names a worker or their organisation. "Current" is decided as the database's
/// row-level security decides it (sds.consented, db/schema/tenancy/visibility.sql): given, begun by the council's day in
/// Scotland at this statement, not ended, not withdrawn. Both use the database's clock, so the application and the
/// database never disagree about a consent withdrawn a moment ago.
/// </summary>
public static class ConsentCover
{
    /// <summary>The council's day in Scotland as the database sees it now.</summary>
    public const string Today = "(statement_timestamp() AT TIME ZONE 'Europe/London')::date";

    /// <summary>A condition on a consents row aliased c: current.</summary>
    public const string Current = $"c.withdrawn_at IS NULL AND c.valid_from <= {Today} AND (c.valid_until IS NULL OR c.valid_until >= {Today})";

    private const string CoversSql = $"""
        SELECT EXISTS (
            SELECT 1 FROM sds.consents c
             WHERE c.person_id = @PersonId AND {Current}
               AND (c.grantee_worker_id = @Worker OR c.grantee_organisation_id = @Organisation)
               AND (@What::text IS NULL OR (@What = 'summary' AND c.see_summary) OR (@What = 'statements' AND c.see_statements)
                    OR (@What = 'test-budget' AND c.act_on_test_budget)))
        """;

    public static string Code(ConsentScope what) => what switch
    {
        ConsentScope.Summary => "summary",
        ConsentScope.Statements => "statements",
        _ => "test-budget",
    };

    /// <summary>Whether a current consent of the person names the actor (or their organisation), for what (any, when null).</summary>
    public static Task<bool> CoversAsync(DbSession session, Actor actor, Guid personId, ConsentScope? what, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(actor);
        return session.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(CoversSql,
            new { PersonId = personId, Worker = actor.Id, Organisation = actor.OrganisationId, What = what is { } w ? Code(w) : null },
            session.Transaction, cancellationToken: ct));
    }
}
