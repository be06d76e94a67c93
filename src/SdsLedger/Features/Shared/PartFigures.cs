using Dapper;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Shared;

/// <summary>
/// A budget part's money, read from its ledger accounts: what was allocated and received, what went out as
/// spending or back to the council, what is set aside, and the balance of the account spending comes from
/// (held for options 1 and 2, the allocation for option 3). A reversal counts against the kind of entry it reverses.
/// </summary>
public sealed record PartFigures(
    Guid PartId, Guid BudgetId, int Position, SdsOption Option, HolderKind Holder, Guid? HolderOrganisationId, string HolderName,
    Money Amount, int InstalmentWeeks, Money Allocated, Money Received, Money Spent, Money Returned, Money Committed, Money Balance)
{
    private const string Sql = """
        SELECT p.id AS PartId, p.budget_id AS BudgetId, p.position AS Position, p.option AS Option, p.holder_kind AS HolderKind,
               p.holder_organisation_id AS HolderOrganisationId, p.holder_name AS HolderName, p.amount AS Amount,
               p.instalment_weeks AS InstalmentWeeks,
               coalesce(m.allocated, 0)::bigint AS Allocated, coalesce(m.instalments, 0)::bigint AS Instalments,
               coalesce(m.spent, 0)::bigint AS Spent, coalesce(m.returned, 0)::bigint AS Returned,
               src.posted AS SourcePosted, src.pending AS SourcePending
          FROM sds.budget_parts p
          JOIN ledger.balances src ON src.account_id = CASE WHEN p.option = 3 THEN p.allocation_account ELSE p.held_account END
          LEFT JOIN LATERAL (
              SELECT sum(x.amount) FILTER (WHERE x.account_id = p.allocation_account AND x.kind = 'allocation') AS allocated,
                     sum(x.amount) FILTER (WHERE x.account_id = p.held_account AND x.kind = 'instalment') AS instalments,
                     -sum(x.amount) FILTER (WHERE x.account_id = src.account_id AND x.kind IN ('spend', 'capture')) AS spent,
                     -sum(x.amount) FILTER (WHERE x.account_id = src.account_id AND x.kind IN ('reclaim', 'return')) AS returned
                FROM (SELECT pp.account_id, pp.amount, CASE WHEN e.kind = 'reversal' THEN o.kind ELSE e.kind END AS kind
                        FROM ledger.postings pp
                        JOIN ledger.entries e ON e.id = pp.entry_id
                        LEFT JOIN ledger.entries o ON o.id = e.reverses
                       WHERE pp.account_id IN (p.allocation_account, p.held_account)) x) m ON true
         WHERE p.id = ANY (@PartIds)
         ORDER BY p.budget_id, p.position
        """;

    /// <summary>Received (instalments in, or the allocation for option 3) less spent and returned: what the balance should be.</summary>
    public Money Expected => Received - Spent - Returned;

    /// <summary>Whether the balance is exactly what came in less what went out; anything else (an adjustment, a transfer) shows here.</summary>
    public bool Reconciles => Balance == Expected;

    public Money Available => Balance - Committed;

    public static async Task<IReadOnlyList<PartFigures>> LoadAsync(DbSession session, IReadOnlyCollection<Guid> partIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (partIds.Count == 0) return [];
        var rows = await session.Connection.QueryAsync<Row>(new CommandDefinition(Sql, new { PartIds = partIds.ToArray() }, session.Transaction, cancellationToken: ct));
        return rows.Select(r =>
        {
            var option = (SdsOption)r.Option;
            var received = option == SdsOption.CouncilArranged ? r.Allocated : r.Instalments;
            return new PartFigures(r.PartId, r.BudgetId, r.Position, option, Holders.Parse(r.HolderKind), r.HolderOrganisationId, r.HolderName,
                Money.FromPence(r.Amount), r.InstalmentWeeks, Money.FromPence(r.Allocated), Money.FromPence(received), Money.FromPence(r.Spent),
                Money.FromPence(r.Returned), Money.FromPence(r.SourcePending), Money.FromPence(r.SourcePosted));
        }).ToList();
    }

    public static Money Sum(IEnumerable<PartFigures> parts, Func<PartFigures, Money> pick) =>
        parts.Aggregate(Money.Zero, (sum, p) => sum + pick(p));

    private sealed class Row
    {
        public Guid PartId { get; init; }
        public Guid BudgetId { get; init; }
        public int Position { get; init; }
        public short Option { get; init; }
        public string HolderKind { get; init; } = "";
        public Guid? HolderOrganisationId { get; init; }
        public string HolderName { get; init; } = "";
        public long Amount { get; init; }
        public int InstalmentWeeks { get; init; }
        public long Allocated { get; init; }
        public long Instalments { get; init; }
        public long Spent { get; init; }
        public long Returned { get; init; }
        public long SourcePosted { get; init; }
        public long SourcePending { get; init; }
    }
}
