using Npgsql;
using NpgsqlTypes;

namespace SdsLedger.Ledger;

public enum BatchStatus
{
    Posted,
    Conflict,
    InsufficientFunds,
    UnknownAccount,
    Invalid,
}

/// <summary>
/// The outcome of a batch: all of it was written (some entries may have been written before under the
/// same keys and were skipped), or none of it, with the first entry that stopped it and why.
/// </summary>
public sealed record BatchResult(BatchStatus Status, int Posted, int AlreadyPosted, string? Problem = null, int? EntryIndex = null)
{
    public bool Succeeded => Status == BatchStatus.Posted;
}

/// <summary>
/// Posts thousands of entries in one call of ledger.post_batch (db/schema/ledger/post_batch.sql) for a payment run: the
/// database checks every entry as ledger.post_entry does, skips entries whose keys were already posted with the same
/// request, and writes the rest and each balance once. All or nothing.
/// </summary>
public sealed class LedgerBatch(NpgsqlDataSource dataSource)
{
    private const string PostSql = """
        SELECT status, posted, already, problem, entry_index FROM ledger.post_batch($1, $2, $3, $4, $5, $6, $7, $8, $9)
        """;

    /// <summary>Posts the batch in its own transaction, retried whole on a transient failure.</summary>
    public Task<BatchResult> PostAsync(IReadOnlyList<PostingRequest> requests, CancellationToken ct = default) =>
        Transient.RunAsync(async token =>
        {
            await using var conn = await dataSource.OpenConnectionAsync(token);
            return await PostAsync(conn, requests, token);
        }, ct);

    /// <summary>Posts the batch inside the caller's transaction (or on its own); a refused batch writes nothing.</summary>
    public static async Task<BatchResult> PostAsync(NpgsqlConnection conn, IReadOnlyList<PostingRequest> requests, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Any(r => r.CapturesHold is not null))
            throw new ArgumentException("Batches post plain entries; capture a hold with LedgerWriter.PostAsync.", nameof(requests));
        var postings = requests.Sum(r => r.Postings.Count);
        var (entryOf, accounts, amounts) = (new int[postings], new Guid[postings], new long[postings]);
        var k = 0;
        for (var i = 0; i < requests.Count; i++)
        {
            foreach (var posting in requests[i].Postings)
            {
                entryOf[k] = i + 1;
                accounts[k] = posting.Account.Value;
                amounts[k] = posting.Amount.Pence;
                k++;
            }
        }

        await using var cmd = new NpgsqlCommand(PostSql, conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = requests.Select(r => r.Id.Value).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = requests.Select(r => LedgerWriter.KindText(r.Kind)).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = requests.Select(r => r.EffectiveDate.ToDateOnly()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date });
        cmd.Parameters.Add(new NpgsqlParameter { Value = requests.Select(r => r.Actor).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = requests.Select(r => r.Description).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = requests.Select(r => r.IdempotencyKey).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = entryOf });
        cmd.Parameters.Add(new NpgsqlParameter { Value = accounts });
        cmd.Parameters.Add(new NpgsqlParameter { Value = amounts });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var status = reader.GetString(0) switch
        {
            "posted" => BatchStatus.Posted,
            "conflict" => BatchStatus.Conflict,
            "insufficient_funds" => BatchStatus.InsufficientFunds,
            "unknown_account" => BatchStatus.UnknownAccount,
            _ => BatchStatus.Invalid,
        };
        return new BatchResult(status, reader.GetInt32(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                               reader.IsDBNull(4) ? null : reader.GetInt32(4) - 1);
    }
}
