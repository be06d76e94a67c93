using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Reports;

/// <summary>What the budgets of one kind add up to: options 1, 2, 3 and 4 (a mix), and test budgets on their own.</summary>
public enum OverviewGroup
{
    Option1 = 1,
    Option2 = 2,
    Option3 = 3,
    Option4 = 4,
    TestBudgets = 5,
}

public sealed record OverviewRow(OverviewGroup Group, int Budgets, int People, Money Allocated, Money Spent)
{
    public decimal ShareSpent => Allocated.IsZero ? 0m : Math.Round(Spent.Pence / (decimal)Allocated.Pence, 4);
}

/// <summary>A council's active budgets by option: how many, for how many people, allocated and spent (from the ledger, now).</summary>
public sealed record CouncilOverviewView(string CouncilName, LocalDate AsOf, IReadOnlyList<OverviewRow> Rows)
{
    public int Budgets => Rows.Sum(r => r.Budgets);
    public Money Allocated => Rows.Aggregate(Money.Zero, (s, r) => s + r.Allocated);
    public Money Spent => Rows.Aggregate(Money.Zero, (s, r) => s + r.Spent);
    public decimal ShareSpent => Allocated.IsZero ? 0m : Math.Round(Spent.Pence / (decimal)Allocated.Pence, 4);
}

/// <summary>The council overview: the number and value of active budgets by option 1, 2, 3, 4 and test budgets, every group listed even when empty.</summary>
public static class CouncilOverview
{
    public sealed record Query(Actor Actor, LocalDate AsOf) : ISdsQuery<CouncilOverviewView>, IStandbyRead;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct) =>
            ReportAccess.CouncilStaffAsync(q.Actor, audit, "council overview");
    }

    internal sealed class Handler(DbSession session) : IQueryHandler<Query, Result<CouncilOverviewView>>
    {
        internal const string Sql = """
            SELECT name FROM sds.councils WHERE id = @CouncilId;

            WITH allocated AS MATERIALIZED (
                SELECT a.account_id, sum(a.amount) AS amount
                  FROM sds.councils c
                  JOIN ledger.postings f ON f.account_id = c.funding_account
                  JOIN ledger.postings a ON a.entry_id = f.entry_id AND a.account_id <> f.account_id
                 WHERE c.id = @CouncilId
                 GROUP BY a.account_id),
            spent AS MATERIALIZED (
                SELECT pc.part_id, sum(bal.posted) AS amount
                  FROM sds.budgets b
                  JOIN sds.budget_parts p ON p.budget_id = b.id
                  JOIN sds.part_categories pc ON pc.part_id = p.id
                  JOIN ledger.balances bal ON bal.account_id = pc.account_id
                 WHERE b.council_id = @CouncilId AND b.status = 'active'
                 GROUP BY pc.part_id),
            budgets AS (
                SELECT b.id, b.person_id, b.is_test,
                       CASE WHEN count(DISTINCT p.option) > 1 THEN 4 ELSE min(p.option) END AS option,
                       coalesce(sum(al.amount), 0) AS allocated, coalesce(sum(sp.amount), 0) AS spent
                  FROM sds.budgets b
                  JOIN sds.budget_parts p ON p.budget_id = b.id
                  LEFT JOIN allocated al ON al.account_id = p.allocation_account
                  LEFT JOIN spent sp ON sp.part_id = p.id
                 WHERE b.council_id = @CouncilId AND b.status = 'active'
                 GROUP BY b.id)
            SELECT CASE WHEN is_test THEN 5 ELSE option END::int AS GroupNumber, count(*)::int AS Budgets,
                   count(DISTINCT person_id)::int AS People, sum(allocated)::bigint AS Allocated, sum(spent)::bigint AS Spent
              FROM budgets
             GROUP BY 1;
            """;

        public async ValueTask<Result<CouncilOverviewView>> Handle(Query q, CancellationToken ct)
        {
            using var grid = await session.Connection.QueryMultipleAsync(new CommandDefinition(Sql, new { q.Actor.CouncilId },
                session.Transaction, cancellationToken: ct));
            var council = await grid.ReadSingleAsync<string>();
            var groups = (await grid.ReadAsync<(int GroupNumber, int Budgets, int People, long Allocated, long Spent)>()).ToDictionary(g => g.GroupNumber);
            var rows = Enum.GetValues<OverviewGroup>().Select(g => groups.TryGetValue((int)g, out var r)
                ? new OverviewRow(g, r.Budgets, r.People, Money.FromPence(r.Allocated), Money.FromPence(r.Spent))
                : new OverviewRow(g, 0, 0, Money.Zero, Money.Zero)).ToList();
            return new CouncilOverviewView(council, q.AsOf, rows);
        }
    }
}
