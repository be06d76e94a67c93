using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Budgets;

/// <summary>The next payment into one part of a budget: who holds the part, when the council pays it next and how much (none once all are paid).</summary>
public sealed record NextPayment(Guid PartId, int Position, SdsOption Option, HolderKind Holder, string HolderName, LocalDate? Due, Money Amount);

/// <summary>
/// When the council next pays into each part of a budget after a day, from the part's instalment schedule (every N
/// weeks, in advance, from the start of the period). A part the council arranges itself (option 3) is never paid over.
/// </summary>
public static class NextPayments
{
    public sealed record Query(Actor Actor, Guid BudgetId, LocalDate After) : ISdsQuery<IReadOnlyList<NextPayment>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public async ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            var scope = await Scope.ForBudgetAsync(session, q.BudgetId, audit, ct);
            if (scope is null || !Scope.CanSee(q.Actor, scope)) return Scope.NotFound("That budget");
            return await LeastAccess.CheckAsync(session, q.Actor, scope.PersonId, ct);
        }
    }

    internal sealed class Handler(DbSession session) : IQueryHandler<Query, Result<IReadOnlyList<NextPayment>>>
    {
        private const string Sql = """
            SELECT p.id AS PartId, p.position AS Position, p.option AS Option, p.holder_kind AS HolderKind, p.holder_name AS HolderName,
                   p.amount AS Amount, p.instalment_weeks AS Weeks, b.period_start AS PeriodStart, b.period_end AS PeriodEnd,
                   b.status = 'active' AND NOT b.closed AS Paying
              FROM sds.budget_parts p JOIN sds.budgets b ON b.id = p.budget_id
             WHERE p.budget_id = @BudgetId
             ORDER BY p.position
            """;

        public async ValueTask<Result<IReadOnlyList<NextPayment>>> Handle(Query q, CancellationToken ct)
        {
            var rows = await session.Connection.QueryAsync<Row>(new CommandDefinition(Sql, new { q.BudgetId }, session.Transaction, cancellationToken: ct));
            return rows.Select(r =>
            {
                var option = (SdsOption)r.Option;
                var holder = r.HolderKind switch { "third-party" => HolderKind.ThirdParty, "council" => HolderKind.Council, "organisation" => HolderKind.Organisation, _ => HolderKind.Person };
                var next = r.Paying && option is SdsOption.DirectPayment or SdsOption.DirectedSupport
                    ? InstalmentSchedule.For(new BudgetPeriod(LocalDate.FromDateOnly(r.PeriodStart), LocalDate.FromDateOnly(r.PeriodEnd)),
                        Money.FromPence(r.Amount), r.Weeks).Where(i => i.Due > q.After).Select(i => ((LocalDate, Money)?)i).FirstOrDefault()
                    : null;
                return new NextPayment(r.PartId, r.Position, option, holder, r.HolderName, next?.Item1, next?.Item2 ?? Money.Zero);
            }).ToList();
        }

        private sealed class Row
        {
            public Guid PartId { get; init; }
            public int Position { get; init; }
            public int Option { get; init; }
            public string HolderKind { get; init; } = "";
            public string HolderName { get; init; } = "";
            public long Amount { get; init; }
            public int Weeks { get; init; }
            public DateOnly PeriodStart { get; init; }
            public DateOnly PeriodEnd { get; init; }
            public bool Paying { get; init; }
        }
    }
}
