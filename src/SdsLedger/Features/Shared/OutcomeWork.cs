using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Shared;

/// <summary>
/// Who works with a person on their outcomes: a social worker of the council, or a recovery worker the person has
/// consented to act for them on a test budget.
/// </summary>
public static class OutcomeWork
{
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
    /// Checks that the actor may work on this budget's outcomes: a social worker of its council, a recovery worker whom
    /// the person's current consent lets act for them on a test budget, and, when <paramref name="personMay"/>, the person
    /// themselves. Anyone who cannot see the budget is told it was not found.
    /// </summary>
    public static async Task<Refusal?> CheckAsync(DbSession session, Guid budgetId, Actor actor, AuditContext audit, bool personMay, string action,
                                                  CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var scope = await Scope.ForBudgetAsync(session, budgetId, audit, ct);
        if (scope is null || !Scope.CanSee(actor, scope)) return Scope.NotFound("That budget");
        var allowed = actor.Role switch
        {
            Role.SocialWorker => true,
            Role.RecoveryWorker => (scope.Consents ?? ConsentGrantees.None).Covers(actor, ConsentScope.TestBudget),
            Role.ServiceUser => personMay,
            _ => false,
        };
        if (allowed) return null;
        return actor.Role == Role.RecoveryWorker
            ? Scope.RoleCannot(actor, $"{action.Split(" (")[0]} for this person: their consent lets you see their budget but not act for them on a test budget")
            : Scope.RoleCannot(actor, action);
    }
}
