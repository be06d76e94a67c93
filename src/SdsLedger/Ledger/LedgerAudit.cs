using Dapper;
using Npgsql;

namespace SdsLedger.Ledger;

/// <summary>One invariant checked by the audit: how many rows break it, and a few of them to look at.</summary>
public sealed record AuditCheck(string Name, string Explanation, long Failures, IReadOnlyList<string> Examples)
{
    public bool Passed => Failures == 0;
}

public sealed record AuditReport(IReadOnlyList<AuditCheck> Checks, long Entries, long Postings, long Accounts)
{
    public bool Passed => Checks.All(c => c.Passed);
}

/// <summary>
/// Checks every ledger invariant from the stored rows alone: entries balance, balances equal their postings,
/// no account is below its limit, holds agree with pending amounts, reversals mirror their originals,
/// and every entry's hash matches its content and the chain of each account it touches.
/// </summary>
public sealed class LedgerAudit(NpgsqlDataSource dataSource)
{
    private static readonly (string Name, string Explanation, string Sql)[] Checks =
    [
        ("entries balance", "the postings of every entry sum to zero, with at least two postings", """
            SELECT entry_id::text || ' sums to ' || sum(amount) || ' over ' || count(*) || ' posting(s)'
              FROM ledger.postings GROUP BY entry_id HAVING sum(amount) <> 0 OR count(*) < 2
            """),
        ("postings name what exists", "every posting belongs to an entry and an account that exist", """
            SELECT p.entry_id::text || ' on ' || p.account_id::text FROM ledger.postings p
             WHERE NOT EXISTS (SELECT 1 FROM ledger.entries e WHERE e.id = p.entry_id)
                OR NOT EXISTS (SELECT 1 FROM ledger.accounts a WHERE a.id = p.account_id)
            """),
        ("entries have postings", "no entry was written without its postings", """
            SELECT e.id::text FROM ledger.entries e
             WHERE NOT EXISTS (SELECT 1 FROM ledger.postings p WHERE p.entry_id = e.id)
            """),
        ("balances equal postings", "each account's balance and version equal the sum and count of its postings, numbered 1 to n once each", """
            SELECT b.account_id::text || ' holds ' || b.posted || ' (version ' || b.version || ') but its postings sum to '
                   || coalesce(p.total, 0) || ' (' || coalesce(p.n, 0) || ' postings, versions ' || coalesce(p.low, 0) || ' to '
                   || coalesce(p.v, 0) || ', ' || coalesce(p.distinct_versions, 0) || ' different)'
              FROM ledger.balances b
              LEFT JOIN (SELECT account_id, sum(amount) AS total, count(*) AS n, min(account_version) AS low, max(account_version) AS v,
                                count(DISTINCT account_version) AS distinct_versions
                           FROM ledger.postings GROUP BY account_id) p USING (account_id)
             WHERE b.posted <> coalesce(p.total, 0) OR b.version <> coalesce(p.n, 0) OR b.version <> coalesce(p.v, 0)
                OR coalesce(p.distinct_versions, 0) <> coalesce(p.n, 0) OR coalesce(p.low, 1) <> 1
            """),
        ("running balances", "each posting's balance-after equals the account's running total in posting order", """
            SELECT account_id::text || ' version ' || account_version || ': balance after ' || balance_after || ', running total ' || running
              FROM (SELECT account_id, account_version, balance_after,
                           sum(amount) OVER (PARTITION BY account_id ORDER BY account_version) AS running
                      FROM ledger.postings) x
             WHERE balance_after <> running
            """),
        ("every account has a balance row", "accounts and balance rows match one to one", """
            SELECT a.id::text FROM ledger.accounts a LEFT JOIN ledger.balances b ON b.account_id = a.id WHERE b.account_id IS NULL
            """),
        ("money stays in its council", "each balance, posting and hold has its account's council and person, and each entry its postings' council", """
            SELECT 'balance of ' || b.account_id::text FROM ledger.balances b JOIN ledger.accounts a ON a.id = b.account_id
             WHERE b.council_id IS DISTINCT FROM a.council_id OR b.person_id IS DISTINCT FROM a.person_id
            UNION ALL
            SELECT 'posting of ' || p.entry_id::text || ' on ' || p.account_id::text FROM ledger.postings p JOIN ledger.accounts a ON a.id = p.account_id
             WHERE p.council_id IS DISTINCT FROM a.council_id OR p.person_id IS DISTINCT FROM a.person_id
            UNION ALL
            SELECT 'hold ' || h.id::text FROM ledger.holds h JOIN ledger.accounts a ON a.id = h.account_id
             WHERE h.council_id IS DISTINCT FROM a.council_id OR h.person_id IS DISTINCT FROM a.person_id
            UNION ALL
            SELECT DISTINCT 'entry ' || e.id::text FROM ledger.entries e JOIN ledger.postings p ON p.entry_id = e.id
             WHERE e.council_id IS DISTINCT FROM p.council_id
            """),
        ("no account below its limit", "only accounts allowed to go negative (council funding) are below zero, holds included", """
            SELECT a.id::text || ' (' || a.kind || ') has ' || b.posted || ' posted and ' || b.pending || ' set aside'
              FROM ledger.balances b JOIN ledger.accounts a ON a.id = b.account_id
             WHERE NOT a.allow_negative AND (b.posted < 0 OR b.posted - b.pending < 0)
            """),
        ("holds agree with pending", "each account's pending amount equals its open holds", """
            SELECT b.account_id::text || ' pending ' || b.pending || ', open holds ' || coalesce(h.total, 0)
              FROM ledger.balances b
              LEFT JOIN (SELECT account_id, sum(amount) AS total FROM ledger.holds WHERE status = 'open' GROUP BY account_id) h
                     USING (account_id)
             WHERE b.pending <> coalesce(h.total, 0)
            """),
        ("captures match their holds", "a captured hold names an entry that takes no more than the hold from its account", """
            SELECT h.id::text FROM ledger.holds h
              LEFT JOIN ledger.postings p ON p.entry_id = h.capture_entry AND p.account_id = h.account_id
             WHERE h.status = 'captured' AND (p.entry_id IS NULL OR -p.amount <> h.captured_amount OR h.captured_amount > h.amount)
            """),
        ("reversals mirror their originals", "a reversal's postings are exactly the original's, negated", """
            SELECT e.id::text || ' reverses ' || e.reverses::text
              FROM ledger.entries e
             WHERE e.reverses IS NOT NULL
               AND EXISTS (
                   (SELECT account_id, -amount FROM ledger.postings WHERE entry_id = e.reverses
                    EXCEPT SELECT account_id, amount FROM ledger.postings WHERE entry_id = e.id)
                   UNION ALL
                   (SELECT account_id, amount FROM ledger.postings WHERE entry_id = e.id
                    EXCEPT SELECT account_id, -amount FROM ledger.postings WHERE entry_id = e.reverses))
            """),
        ("entry content matches its hash", "each entry's stored request hash equals the hash of its content and postings", """
            SELECT e.id::text || ' (' || e.kind || ', ' || e.description || ')'
              FROM ledger.entries e
              JOIN (SELECT entry_id, array_agg(account_id ORDER BY account_id) AS accounts,
                           array_agg(amount ORDER BY account_id) AS amounts
                      FROM ledger.postings GROUP BY entry_id) p ON p.entry_id = e.id
             WHERE e.request_hash <> sha256(convert_to(ledger.canonical(e.kind, e.effective_date, e.actor, e.description,
                                                                         e.reverses, e.idempotency_key, p.accounts, p.amounts), 'UTF8'))
            """),
        ("hash chain intact", "each entry's hash covers the hash of the entry before it on every account it touches", """
            WITH chained AS (
                SELECT p.entry_id, p.account_id,
                       lag(e.hash) OVER (PARTITION BY p.account_id ORDER BY p.account_version) AS previous
                  FROM ledger.postings p JOIN ledger.entries e ON e.id = p.entry_id),
            expected AS (
                SELECT entry_id, string_agg(coalesce(previous, '\x'::bytea), '\x'::bytea ORDER BY account_id) AS previous
                  FROM chained GROUP BY entry_id)
            SELECT e.id::text || ' (' || e.kind || ', ' || e.description || ')'
              FROM ledger.entries e JOIN expected x ON x.entry_id = e.id
             WHERE e.hash <> sha256(convert_to(e.id::text || '|', 'UTF8') || e.request_hash || x.previous)
            """),
        ("chain heads", "each account's chain head is the hash of the last entry that touched it", """
            SELECT b.account_id::text
              FROM ledger.balances b
              LEFT JOIN LATERAL (SELECT e.hash FROM ledger.postings p JOIN ledger.entries e ON e.id = p.entry_id
                                  WHERE p.account_id = b.account_id ORDER BY p.account_version DESC LIMIT 1) last ON true
             WHERE b.last_hash IS DISTINCT FROM last.hash
            """),
    ];

    public async Task<AuditReport> RunAsync(CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        // One snapshot for every check, so concurrent writes cannot make a consistent ledger look broken.
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var results = new List<AuditCheck>();
        foreach (var (name, explanation, sql) in Checks)
        {
            var failures = await conn.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT count(*) FROM ({sql}) f", transaction: tx, cancellationToken: ct));
            var examples = failures == 0
                ? []
                : (await conn.QueryAsync<string>(new CommandDefinition($"{sql} LIMIT 5", transaction: tx, cancellationToken: ct))).ToList();
            results.Add(new AuditCheck(name, explanation, failures, examples));
        }
        var counts = await conn.QuerySingleAsync<(long Entries, long Postings, long Accounts)>(new CommandDefinition(
            "SELECT (SELECT count(*) FROM ledger.entries), (SELECT count(*) FROM ledger.postings), (SELECT count(*) FROM ledger.accounts)",
            transaction: tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new AuditReport(results, counts.Entries, counts.Postings, counts.Accounts);
    }
}
