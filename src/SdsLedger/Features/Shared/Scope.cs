using Dapper;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Shared;

/// <summary>
/// Whose a budget is: its council, person, the organisations holding its parts, and the workers and organisations the
/// person's current consents name (to see their budget, to see their statements, to act on a test budget).
/// </summary>
public sealed record BudgetScope(Guid BudgetId, Guid CouncilId, Guid PersonId, IReadOnlyList<Guid> HolderOrganisations,
                                 ConsentGrantees? Consents = null);

/// <summary>Who the person's current consents name, by what they may do: each a worker's id or an organisation's.</summary>
public sealed record ConsentGrantees(IReadOnlyList<Guid> Summary, IReadOnlyList<Guid> Statements, IReadOnlyList<Guid> TestBudget)
{
    public static readonly ConsentGrantees None = new([], [], []);

    private static bool Names(IReadOnlyList<Guid> grantees, Actor actor) =>
        grantees.Contains(actor.Id) || (actor.OrganisationId is { } org && grantees.Contains(org));

    /// <summary>Whether a consent of any kind names the actor or their organisation.</summary>
    public bool Any(Actor actor) => Names(Summary, actor) || Names(Statements, actor) || Names(TestBudget, actor);

    public bool Covers(Actor actor, ConsentScope what) => what switch
    {
        ConsentScope.Summary => Names(Summary, actor),
        ConsentScope.Statements => Names(Statements, actor),
        _ => Names(TestBudget, actor),
    };
}

/// <summary>Authorisation checks shared by the features: role, and relation to the council, person or holder.</summary>
public static class Scope
{
    // Whose each budget is: one SQL for one budget and for many (= ANY(@Ids)).
    private const string BudgetScopeSql = $$"""
        SELECT b.id AS BudgetId, b.council_id AS CouncilId, b.person_id AS PersonId,
               coalesce(array_agg(p.holder_organisation_id) FILTER (WHERE p.holder_organisation_id IS NOT NULL), '{}') AS HolderOrganisations
        , (SELECT coalesce(array_agg(coalesce(c.grantee_worker_id, c.grantee_organisation_id)) FILTER (WHERE c.see_summary), '{}')
             FROM sds.consents c WHERE c.person_id = b.person_id AND {{ConsentCover.Current}}) AS Summary
        , (SELECT coalesce(array_agg(coalesce(c.grantee_worker_id, c.grantee_organisation_id)) FILTER (WHERE c.see_statements), '{}')
             FROM sds.consents c WHERE c.person_id = b.person_id AND {{ConsentCover.Current}}) AS Statements
        , (SELECT coalesce(array_agg(coalesce(c.grantee_worker_id, c.grantee_organisation_id)) FILTER (WHERE c.act_on_test_budget), '{}')
             FROM sds.consents c WHERE c.person_id = b.person_id AND {{ConsentCover.Current}}) AS TestBudget
          FROM sds.budgets b LEFT JOIN sds.budget_parts p ON p.budget_id = b.id
         WHERE b.id = ANY(@Ids)
         GROUP BY b.id
        """;

    private const string PartScopeSql = $$"""
        SELECT b.id AS BudgetId, b.council_id AS CouncilId, b.person_id AS PersonId,
               coalesce(array_agg(p.holder_organisation_id) FILTER (WHERE p.holder_organisation_id IS NOT NULL), '{}') AS HolderOrganisations
        , (SELECT coalesce(array_agg(coalesce(c.grantee_worker_id, c.grantee_organisation_id)) FILTER (WHERE c.see_summary), '{}')
             FROM sds.consents c WHERE c.person_id = b.person_id AND {{ConsentCover.Current}}) AS Summary
        , (SELECT coalesce(array_agg(coalesce(c.grantee_worker_id, c.grantee_organisation_id)) FILTER (WHERE c.see_statements), '{}')
             FROM sds.consents c WHERE c.person_id = b.person_id AND {{ConsentCover.Current}}) AS Statements
        , (SELECT coalesce(array_agg(coalesce(c.grantee_worker_id, c.grantee_organisation_id)) FILTER (WHERE c.act_on_test_budget), '{}')
             FROM sds.consents c WHERE c.person_id = b.person_id AND {{ConsentCover.Current}}) AS TestBudget
          FROM sds.budgets b LEFT JOIN sds.budget_parts p ON p.budget_id = b.id
         WHERE b.id = (SELECT budget_id FROM sds.budget_parts WHERE id = @Id)
         GROUP BY b.id
        """;

    public static Refusal NotFound(string what) =>
        new(RefusalCodes.NotFound, $"{what} was not found, or is not yours to see.");

    public static Refusal RoleCannot(Actor actor, string action) =>
        new(RefusalCodes.NotAuthorised, $"{actor.Name} ({actor.RoleText}) cannot {action}.");

    /// <summary>
    /// For what only the person themselves or their council's staff may do (their statement format and wording, asking
    /// for a change): null when the actor is one of those, noting whose record it is for the audit; otherwise not found.
    /// </summary>
    public static async Task<Refusal?> PersonOrTheirCouncilStaffAsync(DbSession session, Actor actor, Guid personId, AuditContext audit, CancellationToken ct)
    {
        var council = await session.Connection.ExecuteScalarAsync<Guid?>(
            new CommandDefinition("SELECT council_id FROM sds.people WHERE id = @personId", new { personId }, cancellationToken: ct));
        var sees = council is not null && council == actor.CouncilId
                   && (Roles.IsCouncilStaff(actor.Role) || (actor.Role == Role.ServiceUser && actor.PersonId == personId));
        if (!sees) return NotFound("That person");
        audit.CouncilId = council;
        audit.PersonId = personId;
        return null;
    }

    public static async Task<BudgetScope?> ForBudgetAsync(DbSession session, Guid budgetId, AuditContext audit, CancellationToken ct)
    {
        var scope = (await ForBudgetsAsync(session, [budgetId], ct)).GetValueOrDefault(budgetId);
        if (scope is not null) Note(audit, scope);
        return scope;
    }

    /// <summary>The scope of each of many budgets, in one round trip; a budget that does not exist has none.</summary>
    public static async Task<Dictionary<Guid, BudgetScope>> ForBudgetsAsync(DbSession session, Guid[] budgetIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        var rows = await session.Connection.QueryAsync<(Guid BudgetId, Guid CouncilId, Guid PersonId, Guid[] HolderOrganisations,
                                                        Guid[] Summary, Guid[] Statements, Guid[] TestBudget)>(
            new CommandDefinition(BudgetScopeSql, new { Ids = budgetIds }, cancellationToken: ct));
        return rows.ToDictionary(r => r.BudgetId, r => new BudgetScope(r.BudgetId, r.CouncilId, r.PersonId, r.HolderOrganisations,
            new ConsentGrantees(r.Summary, r.Statements, r.TestBudget)));
    }

    private static void Note(AuditContext audit, BudgetScope scope)
    {
        audit.BudgetId = scope.BudgetId;
        audit.CouncilId = scope.CouncilId;
        audit.PersonId = scope.PersonId;
    }

    /// <summary>The scope of the budget a part belongs to, in one round trip.</summary>
    public static Task<BudgetScope?> ForPartAsync(DbSession session, Guid partId, AuditContext audit, CancellationToken ct) =>
        ScopeAsync(session, PartScopeSql, partId, audit, ct);

    private static async Task<BudgetScope?> ScopeAsync(DbSession session, string sql, Guid id, AuditContext audit, CancellationToken ct)
    {
        var row = await session.Connection.QuerySingleOrDefaultAsync<(Guid BudgetId, Guid CouncilId, Guid PersonId, Guid[] HolderOrganisations,
                                                                       Guid[] Summary, Guid[] Statements, Guid[] TestBudget)?>(
            new CommandDefinition(sql, new { Id = id }, cancellationToken: ct));
        if (row is not { } r) return null;
        var scope = new BudgetScope(r.BudgetId, r.CouncilId, r.PersonId, r.HolderOrganisations, new ConsentGrantees(r.Summary, r.Statements, r.TestBudget));
        Note(audit, scope);
        return scope;
    }


    /// <summary>
    /// Whether the actor may see this budget: council staff of its council, a provider holding a part, a recovery worker
    /// while a current consent of the person names them or their organisation, the person themselves, an auditor of the council.
    /// </summary>
    public static bool CanSee(Actor actor, BudgetScope scope) => actor.Role switch
    {
        Role.SocialWorker or Role.CouncilFinance or Role.Auditor => actor.CouncilId == scope.CouncilId,
        Role.Provider => actor.OrganisationId is { } org && scope.HolderOrganisations.Contains(org),
        Role.RecoveryWorker => actor.CouncilId == scope.CouncilId && (scope.Consents ?? ConsentGrantees.None).Any(actor),
        Role.ServiceUser => actor.PersonId == scope.PersonId,
        _ => false,
    };

    /// <summary>Council staff of the budget's council (social workers and finance officers) manage budgets.</summary>
    public static Refusal? CouncilStaff(Actor actor, BudgetScope? scope, string what, string action, params Role[] roles)
    {
        if (scope is null || !CanSee(actor, scope)) return NotFound(what);
        var allowed = roles.Length == 0 ? [Role.SocialWorker, Role.CouncilFinance] : roles;
        return allowed.Contains(actor.Role) ? null : RoleCannot(actor, action);
    }
}
