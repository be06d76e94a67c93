using Dapper;
using Npgsql;
using SdsLedger.Ledger;

namespace SdsLedger.Faults.Tests;

/// <summary>What the database holds of each spend the clients sent, and whether the ledger passes its audit.</summary>
internal sealed record Holdings(int Lost, int Duplicated, int HalfWritten, int FailedButWhole, int FailedAndAbsent, bool AuditPassed, string AuditProblems)
{
    public override string ToString() =>
        $"acknowledged but lost {Lost}, written twice {Duplicated}, half written {HalfWritten}; failed but wholly recorded {FailedButWhole}, " +
        $"failed and absent {FailedAndAbsent}; audit {(AuditPassed ? "passed" : "FAILED: " + AuditProblems)}";
}

internal static class LedgerCheck
{
    // A spend is whole when its ledger entry has both postings, its spend row and its stored answer; absent when it has none of them.
    private const string PiecesSql = """
        SELECT k.key AS Key,
               (SELECT count(*) FROM ledger.entries e WHERE e.idempotency_key = 'spend:' || k.key) AS Entries,
               (SELECT count(*) FROM ledger.entries e JOIN ledger.postings p ON p.entry_id = e.id WHERE e.idempotency_key = 'spend:' || k.key) AS Postings,
               (SELECT count(*) FROM ledger.entries e JOIN sds.spends s ON s.entry_id = e.id WHERE e.idempotency_key = 'spend:' || k.key) AS Spends,
               (SELECT count(*) FROM sds.command_results c WHERE c.idempotency_key = k.key) AS Answers
          FROM unnest(@Keys) AS k(key)
        """;

    public static async Task<Holdings> CheckAsync(string connectionString, IReadOnlyList<SpendOutcome> outcomes, CancellationToken ct)
    {
        // New connections only: a pooled one may still lead to a server that has since died.
        connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        var pieces = (await conn.QueryAsync<(string Key, long Entries, long Postings, long Spends, long Answers)>(
                new CommandDefinition(PiecesSql, new { Keys = outcomes.Select(o => o.Key).ToArray() }, cancellationToken: ct)))
            .ToDictionary(p => p.Key);

        int lost = 0, duplicated = 0, half = 0, failedWhole = 0, failedAbsent = 0;
        foreach (var o in outcomes)
        {
            var p = pieces[o.Key];
            var whole = p is { Entries: 1, Postings: 2, Spends: 1, Answers: 1 };
            var absent = p is { Entries: 0, Postings: 0, Spends: 0, Answers: 0 };
            if (p.Entries > 1) duplicated++;
            if (!whole && !absent) half++;
            if (o.Acknowledged && !whole) lost++;
            if (!o.Acknowledged && whole) failedWhole++;
            if (!o.Acknowledged && absent) failedAbsent++;
        }

        await using var dataSource = LedgerDataSource.Create(connectionString);
        var audit = await new LedgerAudit(dataSource).RunAsync(ct);
        var problems = string.Join("; ", audit.Checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {string.Join(", ", c.Examples)}"));
        return new Holdings(lost, duplicated, half, failedWhole, failedAbsent, audit.Passed, problems);
    }
}
