using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Surplus;

/// <summary>A part holding more than the council's threshold of weeks of funding, with the latest discussion not yet used, if any.</summary>
public sealed record SurplusFlag(Guid PersonId, string PersonName, string PersonReference, Guid BudgetId, Guid PartId, int Position, SdsOption Option,
                                 string Holder, Money Balance, Money WeeklyFunding, decimal WeeksHeld, Money Threshold,
                                 LocalDate? DiscussedOn, Money? AgreedToReclaim);

public sealed record SurplusFlagsView(Guid CouncilId, int SurplusWeeks, IReadOnlyList<SurplusFlag> Flags)
{
    public Money Total => Flags.Aggregate(Money.Zero, (sum, f) => sum + f.Balance);
}

/// <summary>
/// The council's direct payments and directed-support parts whose available balance is above the council's threshold of
/// weeks of funding: listed for a discussion with the person, never reclaimed automatically. Test budgets are left out:
/// they are paid in one go at the start, and their time limit already says when they end.
/// </summary>
public static class SurplusFlags
{
    public sealed record Query(Actor Actor, Guid CouncilId) : ISdsQuery<SurplusFlagsView>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            if (q.Actor.CouncilId != q.CouncilId || !(Roles.IsCouncilStaff(q.Actor.Role) || q.Actor.Role == Role.Auditor))
                return ValueTask.FromResult<Refusal?>(q.Actor.CouncilId == q.CouncilId
                    ? Scope.RoleCannot(q.Actor, "see the council's surplus flags (council staff do)")
                    : Scope.NotFound("That council"));
            audit.CouncilId = q.CouncilId;
            return ValueTask.FromResult<Refusal?>(null);
        }
    }

    internal sealed class Handler(DbSession session) : IQueryHandler<Query, Result<SurplusFlagsView>>
    {
        private const string Sql = """
            SELECT surplus_weeks FROM sds.council_rules WHERE council_id = @CouncilId;

            SELECT pe.id AS PersonId, pe.name AS PersonName, pe.reference AS PersonReference, b.id AS BudgetId,
                   b.period_start AS PeriodStart, b.period_end AS PeriodEnd, p.id AS PartId, p.position AS Position, p.option AS Option,
                   p.holder_name AS Holder, p.amount AS Amount, bal.posted - bal.pending AS Available,
                   d.held_on AS DiscussedOn, d.agreed_amount AS Agreed
              FROM sds.budget_parts p
              JOIN sds.budgets b ON b.id = p.budget_id
              JOIN sds.people pe ON pe.id = b.person_id
              JOIN ledger.balances bal ON bal.account_id = p.held_account
              LEFT JOIN LATERAL (SELECT sd.held_on, sd.agreed_amount FROM sds.surplus_discussions sd
                                  WHERE sd.part_id = p.id AND sd.used_by_entry IS NULL
                                  ORDER BY sd.held_on DESC, sd.recorded_at DESC LIMIT 1) d ON true
             WHERE b.council_id = @CouncilId AND b.status <> 'draft' AND NOT b.is_test AND p.option IN (1, 2)
               AND bal.posted - bal.pending > 0
             ORDER BY pe.reference, b.period_start, p.position;
            """;

        public async ValueTask<Result<SurplusFlagsView>> Handle(Query q, CancellationToken ct)
        {
            using var grid = await session.Connection.QueryMultipleAsync(new CommandDefinition(Sql, new { q.CouncilId }, session.Transaction, cancellationToken: ct));
            var weeks = await grid.ReadSingleAsync<int>();
            var flags = new List<SurplusFlag>();
            foreach (var r in await grid.ReadAsync<Row>())
            {
                var period = new BudgetPeriod(LocalDate.FromDateOnly(r.PeriodStart), LocalDate.FromDateOnly(r.PeriodEnd));
                var amount = Money.FromPence(r.Amount);
                var balance = Money.FromPence(r.Available);
                if (!Reclaims.IsSurplus(balance, period, amount, weeks)) continue;
                var weekly = InstalmentSchedule.Weekly(period, amount);
                flags.Add(new SurplusFlag(r.PersonId, r.PersonName, r.PersonReference, r.BudgetId, r.PartId, r.Position, (SdsOption)r.Option, r.Holder,
                    balance, weekly, weekly.IsZero ? 0m : Math.Round(balance.Pence / (decimal)weekly.Pence, 1), weekly * weeks,
                    r.DiscussedOn is { } d ? LocalDate.FromDateOnly(d) : null, r.Agreed is { } a ? Money.FromPence(a) : null));
            }
            await PeopleSeen.RecordAsync(session, q, flags.Select(f => (f.PersonId, q.CouncilId)), "listed in surplus flags", ct);
            return new SurplusFlagsView(q.CouncilId, weeks, flags);
        }

        private sealed class Row
        {
            public Guid PersonId { get; init; }
            public string PersonName { get; init; } = "";
            public string PersonReference { get; init; } = "";
            public Guid BudgetId { get; init; }
            public DateOnly PeriodStart { get; init; }
            public DateOnly PeriodEnd { get; init; }
            public Guid PartId { get; init; }
            public int Position { get; init; }
            public short Option { get; init; }
            public string Holder { get; init; } = "";
            public long Amount { get; init; }
            public long Available { get; init; }
            public DateOnly? DiscussedOn { get; init; }
            public long? Agreed { get; init; }
        }
    }
}
