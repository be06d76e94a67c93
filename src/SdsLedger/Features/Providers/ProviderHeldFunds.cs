using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Providers;

/// <summary>
/// One part an organisation holds for a person (directed support or a test budget). The balance is the ledger's; it
/// reconciles when it is exactly what was received less what was spent and returned. Hours are those of spends not reversed.
/// </summary>
public sealed record HeldPart(Guid BudgetId, Guid PartId, bool IsTest, LocalDate Start, LocalDate End, string Status, Money Amount,
                              Money Received, Money Spent, Money Returned, Money Balance, Money Committed, Money Available, decimal Hours, bool Reconciles);

public sealed record HeldForPerson(Guid PersonId, string Name, string Reference, Money Received, Money Spent, Money Returned, Money Balance,
                                   Money Committed, Money Available, decimal Hours, IReadOnlyList<HeldPart> Parts);

public sealed record ProviderHeldFundsView(Guid OrganisationId, string Organisation, IReadOnlyList<HeldForPerson> People,
                                           Money Received, Money Spent, Money Returned, Money Balance, Money Committed, Money Available)
{
    /// <summary>Every part reconciles, and the totals do: received less spent and returned is the balance the ledger holds.</summary>
    public bool Reconciles => People.SelectMany(p => p.Parts).All(p => p.Reconciles) && Received - Spent - Returned == Balance;
}

/// <summary>
/// What an organisation holds for each person (its option-2 parts and test budgets): received, spent, returned and the
/// balance, with totals, as for a provider's return to the council. The organisation's own staff see everything it holds;
/// council staff see what it holds for their council's people.
/// </summary>
public static class ProviderHeldFunds
{
    public sealed record Query(Actor Actor, Guid OrganisationId) : ISdsQuery<ProviderHeldFundsView>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        private const string Exists = "SELECT EXISTS (SELECT 1 FROM sds.organisations WHERE id = @OrganisationId AND council_id = @CouncilId)";

        public async ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            if (!await session.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(Exists, new { q.OrganisationId, q.Actor.CouncilId }, cancellationToken: ct)))
                return Scope.NotFound("That organisation");
            var allowed = q.Actor.Role switch
            {
                Role.Provider or Role.RecoveryWorker => q.Actor.OrganisationId == q.OrganisationId,
                Role.SocialWorker or Role.CouncilFinance or Role.Auditor => q.Actor.CouncilId is not null,
                _ => false,
            };
            if (!allowed) return Scope.NotFound("That organisation");
            audit.CouncilId = q.Actor.CouncilId;
            return null;
        }
    }

    internal sealed class Handler(DbSession session) : IQueryHandler<Query, Result<ProviderHeldFundsView>>
    {
        // @CouncilId narrows to one council's people, for council staff; null for the organisation's own staff. @Worker, for a
        // recovery worker of the organisation, narrows to the people whose current consent names them or the organisation.
        private const string Sql = $$"""
            SELECT name FROM sds.organisations WHERE id = @OrganisationId;

            SELECT pe.id AS PersonId, pe.name AS PersonName, pe.reference AS PersonReference, pe.council_id AS CouncilId,
                   b.id AS BudgetId, b.is_test AS IsTest, b.period_start AS PeriodStart, b.period_end AS PeriodEnd, b.status AS Status,
                   p.id AS PartId,
                   coalesce((SELECT sum(s.hours) FROM sds.spends s
                              WHERE s.part_id = p.id AND NOT EXISTS (SELECT 1 FROM ledger.entries r WHERE r.reverses = s.entry_id)), 0) AS Hours
              FROM sds.budget_parts p
              JOIN sds.budgets b ON b.id = p.budget_id
              JOIN sds.people pe ON pe.id = b.person_id
             WHERE p.holder_organisation_id = @OrganisationId AND b.status <> 'draft'
               AND (@CouncilId::uuid IS NULL OR b.council_id = @CouncilId::uuid)
               AND (@Worker::uuid IS NULL OR EXISTS (
                       SELECT 1 FROM sds.consents c
                        WHERE c.person_id = pe.id AND {{ConsentCover.Current}}
                          AND (c.grantee_worker_id = @Worker::uuid OR c.grantee_organisation_id = @OrganisationId)))
             ORDER BY pe.reference, b.period_start, p.position;
            """;

        public async ValueTask<Result<ProviderHeldFundsView>> Handle(Query q, CancellationToken ct)
        {
            var council = q.Actor.Role is Role.Provider or Role.RecoveryWorker ? null : q.Actor.CouncilId;
            // A recovery worker sees a person only while the person consents to it, even one whose money their organisation holds.
            Guid? worker = q.Actor.Role == Role.RecoveryWorker ? q.Actor.Id : null;
            using var grid = await session.Connection.QueryMultipleAsync(new CommandDefinition(Sql, new { q.OrganisationId, CouncilId = council, Worker = worker },
                session.Transaction, cancellationToken: ct));
            var organisation = await grid.ReadSingleAsync<string>();
            var rows = (await grid.ReadAsync<Row>()).ToList();
            var figures = (await PartFigures.LoadAsync(session, rows.Select(r => r.PartId).ToList(), ct)).ToDictionary(f => f.PartId);

            var people = rows.GroupBy(r => r.PersonId).Select(g =>
            {
                var parts = g.Select(r =>
                {
                    var f = figures[r.PartId];
                    return new HeldPart(r.BudgetId, r.PartId, r.IsTest, LocalDate.FromDateOnly(r.PeriodStart), LocalDate.FromDateOnly(r.PeriodEnd), r.Status,
                        f.Amount, f.Received, f.Spent, f.Returned, f.Balance, f.Committed, f.Available, r.Hours, f.Reconciles);
                }).ToList();
                var first = g.First();
                return new HeldForPerson(first.PersonId, first.PersonName, first.PersonReference, Sum(parts, p => p.Received), Sum(parts, p => p.Spent),
                    Sum(parts, p => p.Returned), Sum(parts, p => p.Balance), Sum(parts, p => p.Committed), Sum(parts, p => p.Available),
                    parts.Sum(p => p.Hours), parts);
            }).ToList();

            await PeopleSeen.RecordAsync(session, q, rows.Select(r => (r.PersonId, r.CouncilId)), "listed in a provider's held funds", ct);
            return new ProviderHeldFundsView(q.OrganisationId, organisation, people, Sum(people, p => p.Received), Sum(people, p => p.Spent),
                Sum(people, p => p.Returned), Sum(people, p => p.Balance), Sum(people, p => p.Committed), Sum(people, p => p.Available));
        }

        private static Money Sum<T>(IEnumerable<T> items, Func<T, Money> pick) => items.Aggregate(Money.Zero, (sum, x) => sum + pick(x));

        private sealed class Row
        {
            public Guid PersonId { get; init; }
            public string PersonName { get; init; } = "";
            public string PersonReference { get; init; } = "";
            public Guid CouncilId { get; init; }
            public Guid BudgetId { get; init; }
            public bool IsTest { get; init; }
            public DateOnly PeriodStart { get; init; }
            public DateOnly PeriodEnd { get; init; }
            public string Status { get; init; } = "";
            public Guid PartId { get; init; }
            public decimal Hours { get; init; }
        }
    }
}
