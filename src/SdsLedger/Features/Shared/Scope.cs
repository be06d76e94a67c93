using Dapper;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Shared;

/// <summary>Whose a budget is: its council, person, and the organisations holding its parts.</summary>
public sealed record BudgetScope(Guid BudgetId, Guid CouncilId, Guid PersonId, IReadOnlyList<Guid> HolderOrganisations);

/// <summary>Authorisation checks shared by the features: role, and relation to the council, person or holder.</summary>
public static class Scope
{
    private const string BudgetScopeSql = """
        SELECT b.id AS BudgetId, b.council_id AS CouncilId, b.person_id AS PersonId,
               coalesce(array_agg(p.holder_organisation_id) FILTER (WHERE p.holder_organisation_id IS NOT NULL), '{}') AS HolderOrganisations
          FROM sds.budgets b LEFT JOIN sds.budget_parts p ON p.budget_id = b.id
         WHERE b.id = @Id
         GROUP BY b.id
        """;

    private const string PartScopeSql = """
        SELECT b.id AS BudgetId, b.council_id AS CouncilId, b.person_id AS PersonId,
               coalesce(array_agg(p.holder_organisation_id) FILTER (WHERE p.holder_organisation_id IS NOT NULL), '{}') AS HolderOrganisations
          FROM sds.budgets b LEFT JOIN sds.budget_parts p ON p.budget_id = b.id
         WHERE b.id = (SELECT budget_id FROM sds.budget_parts WHERE id = @Id)
         GROUP BY b.id
        """;

    public static Refusal NotFound(string what) =>
        new(RefusalCodes.NotFound, $"{what} was not found, or is not yours to see.");

    public static Refusal RoleCannot(Actor actor, string action) =>
        new(RefusalCodes.NotAuthorised, $"{actor.Name} ({actor.RoleText}) cannot {action}.");

    public static Task<BudgetScope?> ForBudgetAsync(DbSession session, Guid budgetId, AuditContext audit, CancellationToken ct) =>
        ScopeAsync(session, BudgetScopeSql, budgetId, audit, ct);

    /// <summary>The scope of the budget a part belongs to, in one round trip.</summary>
    public static Task<BudgetScope?> ForPartAsync(DbSession session, Guid partId, AuditContext audit, CancellationToken ct) =>
        ScopeAsync(session, PartScopeSql, partId, audit, ct);

    private static async Task<BudgetScope?> ScopeAsync(DbSession session, string sql, Guid id, AuditContext audit, CancellationToken ct)
    {
        var row = await session.Connection.QuerySingleOrDefaultAsync<(Guid BudgetId, Guid CouncilId, Guid PersonId, Guid[] HolderOrganisations)?>(
            new CommandDefinition(sql, new { Id = id }, cancellationToken: ct));
        if (row is not { } r) return null;
        audit.BudgetId = r.BudgetId;
        audit.CouncilId = r.CouncilId;
        audit.PersonId = r.PersonId;
        return new BudgetScope(r.BudgetId, r.CouncilId, r.PersonId, r.HolderOrganisations);
    }


    /// <summary>Whether the actor may see this budget: council staff of its council, a provider holding a part, the person themselves, an auditor of the council.</summary>
    public static bool CanSee(Actor actor, BudgetScope scope) => actor.Role switch
    {
        Role.SocialWorker or Role.CouncilFinance or Role.Auditor => actor.CouncilId == scope.CouncilId,
        Role.Provider or Role.RecoveryWorker => actor.OrganisationId is { } org && scope.HolderOrganisations.Contains(org),
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
