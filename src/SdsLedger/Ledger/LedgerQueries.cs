using Dapper;
using Npgsql;
using NodaTime;
using SdsLedger.Domain;

namespace SdsLedger.Ledger;

/// <summary>Reads balances, account statements and the trial balance.</summary>
public sealed class LedgerQueries(NpgsqlDataSource dataSource)
{
    private const string BalanceNowSql = """
        SELECT posted, pending, version FROM ledger.balances WHERE account_id = @Account
        """;

    // Effective-date order, not posting order: a back-dated entry counts on its own date.
    private const string BalanceAtSql = """
        SELECT coalesce(sum(amount), 0)::bigint FROM ledger.postings
         WHERE account_id = @Account AND effective_date <= @Date
        """;

    private const string StatementSql = """
        SELECT p.entry_id AS Entry, p.effective_date AS EffectiveDate, e.kind AS Kind, e.description AS Description,
               p.amount AS Amount,
               @Opening + sum(p.amount) OVER (ORDER BY p.effective_date, p.account_version) AS Running
          FROM ledger.postings p
          JOIN ledger.entries e ON e.id = p.entry_id
         WHERE p.account_id = @Account AND p.effective_date BETWEEN @From AND @To
         ORDER BY p.effective_date, p.account_version
        """;

    private const string TrialBalanceSql = """
        SELECT a.kind AS Kind, count(*)::int AS Accounts, sum(b.posted)::bigint AS Posted, sum(b.pending)::bigint AS Pending
          FROM ledger.balances b
          JOIN ledger.accounts a ON a.id = b.account_id
         GROUP BY a.kind
         ORDER BY a.kind
        """;

    public async Task<AccountBalance?> BalanceAsync(AccountId account, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<(long Posted, long Pending, long Version)?>(
            new CommandDefinition(BalanceNowSql, new { Account = account.Value }, cancellationToken: ct));
        return row is { } r ? new AccountBalance(account, Money.FromPence(r.Posted), Money.FromPence(r.Pending), r.Version) : null;
    }

    /// <summary>The posted balance at the end of a day, counting entries by their effective date.</summary>
    public async Task<Money> BalanceAtAsync(AccountId account, LocalDate date, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var pence = await conn.ExecuteScalarAsync<long>(
            new CommandDefinition(BalanceAtSql, new { Account = account.Value, Date = date.ToDateOnly() }, cancellationToken: ct));
        return Money.FromPence(pence);
    }

    /// <summary>Postings of an account between two dates (inclusive) with the running balance after each.</summary>
    public async Task<AccountStatement> StatementAsync(AccountId account, LocalDate from, LocalDate to, CancellationToken ct = default)
    {
        var opening = await BalanceAtAsync(account, from.PlusDays(-1), ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(Guid Entry, DateOnly EffectiveDate, string Kind, string Description, long Amount, long Running)>(
            new CommandDefinition(StatementSql,
                new { Account = account.Value, From = from.ToDateOnly(), To = to.ToDateOnly(), Opening = opening.Pence },
                cancellationToken: ct));
        var lines = rows.Select(r => new StatementLine(new EntryId(r.Entry), LocalDate.FromDateOnly(r.EffectiveDate), r.Kind, r.Description,
                                                       Money.FromPence(r.Amount), Money.FromPence(r.Running))).ToList();
        var closing = lines.Count > 0 ? lines[^1].RunningBalance : opening;
        return new AccountStatement(account, from, to, opening, lines, closing);
    }

    /// <summary>Posted and pending money by account kind. Every entry sums to zero, so the total is always zero.</summary>
    public async Task<TrialBalance> TrialBalanceAsync(CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(string Kind, int Accounts, long Posted, long Pending)>(
            new CommandDefinition(TrialBalanceSql, cancellationToken: ct));
        return new TrialBalance(rows.Select(r => new TrialBalanceLine(r.Kind, r.Accounts, Money.FromPence(r.Posted), Money.FromPence(r.Pending))).ToList());
    }
}
