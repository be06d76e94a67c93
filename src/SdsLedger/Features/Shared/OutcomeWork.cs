using Dapper;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Shared;

/// <summary>
/// Who works with a person on their outcomes: a social worker of the council, or a recovery worker of whoever
/// holds the money (the organisation holding a part, or the council when the council holds one).
/// </summary>
public static class OutcomeWork
{
    private const string CouncilHoldsSql = "SELECT EXISTS (SELECT 1 FROM sds.budget_parts WHERE budget_id = @BudgetId AND holder_kind = 'council')";

    /// <summary>Whether a recovery worker works for the holder: the organisation holding the part, or (employed by no organisation) the council holding it.</summary>
    public static bool WorksForHolder(Actor actor, Guid councilId, HolderKind holder, Guid? holderOrganisationId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.Role != Role.RecoveryWorker) return false;
        return holder switch
        {
            HolderKind.Organisation => actor.OrganisationId is { } org && org == holderOrganisationId,
            HolderKind.Council => actor.OrganisationId is null && actor.CouncilId == councilId,
            _ => false,
        };
    }

    /// <summary>
    /// Checks that the actor may work on this budget's outcomes: a social worker of its council, a recovery worker of a holder,
    /// and, when <paramref name="personMay"/>, the person themselves. Anyone who cannot see the budget is told it was not found.
    /// </summary>
    public static async Task<Refusal?> CheckAsync(DbSession session, Guid budgetId, Actor actor, AuditContext audit, bool personMay, string action,
                                                  CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var scope = await Scope.ForBudgetAsync(session, budgetId, audit, ct);
        if (scope is null) return Scope.NotFound("That budget");
        var councilRecoveryWorker = actor.Role == Role.RecoveryWorker && actor.OrganisationId is null && actor.CouncilId == scope.CouncilId
            && await session.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(CouncilHoldsSql, new { BudgetId = budgetId }, cancellationToken: ct));
        if (!Scope.CanSee(actor, scope) && !councilRecoveryWorker) return Scope.NotFound("That budget");
        var allowed = actor.Role switch
        {
            Role.SocialWorker => true,
            Role.RecoveryWorker => true,
            Role.ServiceUser => personMay,
            _ => false,
        };
        return allowed ? null : Scope.RoleCannot(actor, action);
    }
}
