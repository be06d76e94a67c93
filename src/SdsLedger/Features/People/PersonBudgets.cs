using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.People;

/// <summary>One of a person's budgets at a glance. For a provider, only the parts it holds are counted.</summary>
public sealed record PersonBudget(
    Guid BudgetId, bool IsTest, SdsOption Option, LocalDate Start, LocalDate End, string Status, bool Closed, int Parts,
    Money Amount, Money Allocated, Money Received, Money Spent, Money Committed, Money Available, Money Returned,
    decimal ShareElapsed, decimal ShareSpent, LocalDate? NextReview);

public sealed record PersonBudgetsView(Guid PersonId, string Name, string Reference, IReadOnlyList<PersonBudget> Budgets);

/// <summary>
/// A person's budgets, newest first, with what was allocated, received, spent, set aside, available and returned.
/// Council staff see all of them; the person sees their own; a provider or recovery service sees only the parts it holds.
/// </summary>
public static class PersonBudgets
{
    public sealed record Query(Actor Actor, Guid PersonId, LocalDate AsOf) : ISdsQuery<PersonBudgetsView>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        private const string PersonSql = """
            SELECT council_id AS CouncilId,
                   EXISTS (SELECT 1 FROM sds.budgets b JOIN sds.budget_parts p ON p.budget_id = b.id
                            WHERE b.person_id = @PersonId AND p.holder_organisation_id = @Org::uuid) AS HeldByOrg
              FROM sds.people WHERE id = @PersonId
            """;

        public async ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            var person = await session.Connection.QuerySingleOrDefaultAsync<(Guid CouncilId, bool HeldByOrg)?>(
                new CommandDefinition(PersonSql, new { q.PersonId, Org = q.Actor.OrganisationId }, cancellationToken: ct));
            if (person is not { } p) return Scope.NotFound("That person");
            // Recorded against the person even when refused, so their council can see who tried to read their budgets.
            audit.CouncilId = p.CouncilId;
            audit.PersonId = q.PersonId;
            var maySee = q.Actor.Role switch
            {
                Role.SocialWorker or Role.CouncilFinance or Role.Auditor => q.Actor.CouncilId == p.CouncilId,
                Role.Provider => p.HeldByOrg,
                Role.RecoveryWorker => q.Actor.CouncilId == p.CouncilId && await ConsentCover.CoversAsync(session, q.Actor, q.PersonId, null, ct),
                Role.ServiceUser => q.Actor.PersonId == q.PersonId,
                _ => false,
            };
            if (!maySee) return Scope.NotFound("That person");
            return await LeastAccess.CheckAsync(session, q.Actor, q.PersonId, ct);
        }
    }

    internal sealed class Handler(DbSession session) : IQueryHandler<Query, Result<PersonBudgetsView>>
    {
        // @Org narrows to the parts an organisation holds; null for everyone else.
        private const string Sql = """
            SELECT id AS Id, name AS Name, reference AS Reference FROM sds.people WHERE id = @PersonId;

            SELECT b.id AS BudgetId, b.is_test AS IsTest, b.period_start AS PeriodStart, b.period_end AS PeriodEnd, b.status AS Status,
                   b.closed AS Closed,
                   (SELECT min(r.due_on) FROM sds.reviews r WHERE r.budget_id = b.id AND r.done_on IS NULL AND r.replaced_on IS NULL) AS NextReview
              FROM sds.budgets b
             WHERE b.person_id = @PersonId
               AND (@Org::uuid IS NULL OR EXISTS (SELECT 1 FROM sds.budget_parts p WHERE p.budget_id = b.id AND p.holder_organisation_id = @Org::uuid))
             ORDER BY b.period_start DESC, b.id;

            SELECT p.id FROM sds.budget_parts p JOIN sds.budgets b ON b.id = p.budget_id
             WHERE b.person_id = @PersonId AND (@Org::uuid IS NULL OR p.holder_organisation_id = @Org::uuid);
            """;

        public async ValueTask<Result<PersonBudgetsView>> Handle(Query q, CancellationToken ct)
        {
            // A recovery worker sees all the person's budgets by their consent; a provider only the parts it holds.
            var org = q.Actor.Role is Role.Provider ? q.Actor.OrganisationId : null;
            using var grid = await session.Connection.QueryMultipleAsync(new CommandDefinition(Sql, new { q.PersonId, Org = org }, session.Transaction, cancellationToken: ct));
            var person = await grid.ReadSingleAsync<(Guid Id, string Name, string Reference)>();
            var budgets = (await grid.ReadAsync<BudgetRow>()).ToList();
            var partIds = (await grid.ReadAsync<Guid>()).ToList();
            var parts = (await PartFigures.LoadAsync(session, partIds, ct)).ToLookup(p => p.BudgetId);

            var views = budgets.Select(b =>
            {
                var mine = parts[b.BudgetId].ToList();
                var period = new BudgetPeriod(LocalDate.FromDateOnly(b.PeriodStart), LocalDate.FromDateOnly(b.PeriodEnd));
                var amount = PartFigures.Sum(mine, p => p.Amount);
                var spent = PartFigures.Sum(mine, p => p.Spent);
                return new PersonBudget(b.BudgetId, b.IsTest, SdsOptions.OfBudget(mine.Select(p => p.Option)), period.Start, period.End, b.Status, b.Closed,
                    mine.Count, amount, PartFigures.Sum(mine, p => p.Allocated), PartFigures.Sum(mine, p => p.Received), spent,
                    PartFigures.Sum(mine, p => p.Committed), PartFigures.Sum(mine, p => p.Available), PartFigures.Sum(mine, p => p.Returned),
                    Math.Round(period.ShareElapsed(q.AsOf), 4), amount.IsZero ? 0m : Math.Round(spent.Pence / (decimal)amount.Pence, 4),
                    b.NextReview is { } r ? LocalDate.FromDateOnly(r) : null);
            }).ToList();
            return new PersonBudgetsView(person.Id, person.Name, person.Reference, views);
        }

        private sealed class BudgetRow
        {
            public Guid BudgetId { get; init; }
            public bool IsTest { get; init; }
            public DateOnly PeriodStart { get; init; }
            public DateOnly PeriodEnd { get; init; }
            public string Status { get; init; } = "";
            public bool Closed { get; init; }
            public DateOnly? NextReview { get; init; }
        }
    }
}
