using Npgsql;
using NpgsqlTypes;
using SdsLedger.Domain;

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
/// Posts thousands of entries in one transaction for a payment run: locks every balance row involved in
/// account order, skips entries whose keys were already posted with the same request, checks funds entry
/// by entry, then writes entries and postings with binary COPY and each balance once. All or nothing.
/// </summary>
public sealed class LedgerBatch(NpgsqlDataSource dataSource)
{
    private const string LockSql = """
        SELECT b.account_id, b.posted, b.pending, b.version, b.last_hash, a.allow_negative, b.council_id, b.person_id
          FROM ledger.balances b JOIN ledger.accounts a ON a.id = b.account_id
         WHERE b.account_id = ANY ($1)
         ORDER BY b.account_id
           FOR UPDATE OF b
        """;

    private const string ExistingSql = """
        SELECT idempotency_key, request_hash FROM ledger.entries WHERE idempotency_key = ANY ($1)
        """;

    private const string CopyEntries = """
        COPY ledger.entries (id, kind, effective_date, actor, description, idempotency_key, request_hash, hash, council_id) FROM STDIN (FORMAT BINARY)
        """;

    private const string CopyPostings = """
        COPY ledger.postings (entry_id, account_id, amount, balance_after, account_version, effective_date, council_id, person_id) FROM STDIN (FORMAT BINARY)
        """;

    private const string UpdateBalancesSql = """
        UPDATE ledger.balances b
           SET posted = u.posted, version = u.version, last_hash = u.hash
          FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::bytea[]) AS u(id, posted, version, hash)
         WHERE b.account_id = u.id
        """;

    /// <summary>Posts the batch in its own transaction, retried whole on a transient failure.</summary>
    public Task<BatchResult> PostAsync(IReadOnlyList<PostingRequest> requests, CancellationToken ct = default) =>
        Transient.RunAsync(async token =>
        {
            await using var conn = await dataSource.OpenConnectionAsync(token);
            await using var tx = await conn.BeginTransactionAsync(token);
            var result = await PostAsync(conn, requests, token);
            if (result.Succeeded) await tx.CommitAsync(token);
            else await tx.RollbackAsync(token);
            return result;
        }, ct);

    /// <summary>Posts the batch inside the caller's transaction; on a refusal the caller must roll back.</summary>
    public static async Task<BatchResult> PostAsync(NpgsqlConnection conn, IReadOnlyList<PostingRequest> requests, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var prepared = new List<Prepared>(requests.Count);
        for (var i = 0; i < requests.Count; i++)
        {
            var p = Prepare(requests[i]);
            if (p is null) return new BatchResult(BatchStatus.Invalid, 0, 0, $"entry {i} ({requests[i].IdempotencyKey}) does not balance, repeats an account or has a zero amount", i);
            prepared.Add(p);
        }

        var accountIds = prepared.SelectMany(p => p.Postings.Select(x => x.Account)).Distinct().ToArray();
        var accounts = await LockAsync(conn, accountIds, ct);
        var missing = accountIds.FirstOrDefault(a => !accounts.ContainsKey(a));
        if (missing != Guid.Empty) return new BatchResult(BatchStatus.UnknownAccount, 0, 0, $"account {missing} does not exist");

        var existing = await ExistingAsync(conn, prepared.Select(p => p.Request.IdempotencyKey).ToArray(), ct);
        var toWrite = new List<Prepared>(prepared.Count);
        var alreadyPosted = 0;
        for (var i = 0; i < prepared.Count; i++)
        {
            var p = prepared[i];
            if (existing.TryGetValue(p.Request.IdempotencyKey, out var earlier))
            {
                if (!earlier.AsSpan().SequenceEqual(p.RequestHash))
                    return new BatchResult(BatchStatus.Conflict, 0, 0, $"key {p.Request.IdempotencyKey} was used before for a different request", i);
                alreadyPosted++;
                continue;
            }
            existing[p.Request.IdempotencyKey] = p.RequestHash;

            p.CouncilId = accounts[p.Postings[0].Account].CouncilId;
            if (p.Postings.Any(x => accounts[x.Account].CouncilId != p.CouncilId))
                return new BatchResult(BatchStatus.Invalid, 0, 0, $"entry {i} ({p.Request.IdempotencyKey}) moves money between councils", i);

            foreach (var (account, amount) in p.Postings)
            {
                var state = accounts[account];
                if (amount < 0 && !state.AllowNegative && state.Posted - state.Pending + amount < 0)
                    return new BatchResult(BatchStatus.InsufficientFunds, 0, 0,
                        $"entry {i} ({p.Request.IdempotencyKey}) needs {Money.FromPence(-amount)} from account {account} but only {Money.FromPence(state.Posted - state.Pending)} is available", i);
            }

            p.Hash = LedgerCanonical.EntryHash(p.Request.Id.Value, p.RequestHash, p.Postings.Select(x => accounts[x.Account].LastHash));
            p.After = new (long, long)[p.Postings.Length];
            for (var j = 0; j < p.Postings.Length; j++)
            {
                var state = accounts[p.Postings[j].Account];
                state.Posted += p.Postings[j].Amount;
                state.Version++;
                state.LastHash = p.Hash;
                state.Touched = true;
                p.After[j] = (state.Posted, state.Version);
            }
            toWrite.Add(p);
        }

        if (toWrite.Count > 0) await WriteAsync(conn, toWrite, accounts, ct);
        return new BatchResult(BatchStatus.Posted, toWrite.Count, alreadyPosted);
    }

    private static Prepared? Prepare(PostingRequest r)
    {
        if (r.CapturesHold is not null)
            throw new ArgumentException("Batches post plain entries; capture a hold with Ledger.PostAsync.", nameof(r));
        var postings = r.Postings.Select(p => (Account: p.Account.Value, Amount: p.Amount.Pence))
                                 .OrderBy(p => p.Account, Comparer<Guid>.Create(LedgerCanonical.CompareAccounts))
                                 .ToArray();
        if (postings.Length < 2 || postings.Any(p => p.Amount == 0) || postings.Sum(p => p.Amount) != 0
            || postings.Select(p => p.Account).Distinct().Count() != postings.Length
            || string.IsNullOrWhiteSpace(r.IdempotencyKey))
            return null;
        var effective = r.EffectiveDate.ToDateOnly();
        var canonical = LedgerCanonical.Text(Ledger.KindText(r.Kind), effective, r.Actor, r.Description, null, r.IdempotencyKey, postings);
        return new Prepared(r, effective, postings, LedgerCanonical.RequestHash(canonical));
    }

    private static async Task<Dictionary<Guid, AccountState>> LockAsync(NpgsqlConnection conn, Guid[] ids, CancellationToken ct)
    {
        var result = new Dictionary<Guid, AccountState>(ids.Length);
        await using var cmd = new NpgsqlCommand(LockSql, conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = ids });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result[reader.GetGuid(0)] = new AccountState
            {
                Posted = reader.GetInt64(1),
                Pending = reader.GetInt64(2),
                Version = reader.GetInt64(3),
                LastHash = reader.IsDBNull(4) ? null : (byte[])reader[4],
                AllowNegative = reader.GetBoolean(5),
                CouncilId = reader.IsDBNull(6) ? null : reader.GetGuid(6),
                PersonId = reader.IsDBNull(7) ? null : reader.GetGuid(7),
            };
        }
        return result;
    }

    private static async Task<Dictionary<string, byte[]>> ExistingAsync(NpgsqlConnection conn, string[] keys, CancellationToken ct)
    {
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await using var cmd = new NpgsqlCommand(ExistingSql, conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = keys });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) result[reader.GetString(0)] = (byte[])reader[1];
        return result;
    }

    private static async Task WriteAsync(NpgsqlConnection conn, List<Prepared> entries, Dictionary<Guid, AccountState> accounts, CancellationToken ct)
    {
        await using (var copy = await conn.BeginBinaryImportAsync(CopyEntries, ct))
        {
            foreach (var p in entries)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(p.Request.Id.Value, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(Ledger.KindText(p.Request.Kind), NpgsqlDbType.Text, ct);
                await copy.WriteAsync(p.Effective, NpgsqlDbType.Date, ct);
                await copy.WriteAsync(p.Request.Actor, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(p.Request.Description, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(p.Request.IdempotencyKey, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(p.RequestHash, NpgsqlDbType.Bytea, ct);
                await copy.WriteAsync(p.Hash!, NpgsqlDbType.Bytea, ct);
                await WriteIdAsync(copy, p.CouncilId, ct);
            }
            await copy.CompleteAsync(ct);
        }

        await using (var copy = await conn.BeginBinaryImportAsync(CopyPostings, ct))
        {
            foreach (var p in entries)
            {
                for (var j = 0; j < p.Postings.Length; j++)
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(p.Request.Id.Value, NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(p.Postings[j].Account, NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(p.Postings[j].Amount, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(p.After![j].Balance, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(p.After[j].Version, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(p.Effective, NpgsqlDbType.Date, ct);
                    await WriteIdAsync(copy, p.CouncilId, ct);
                    await WriteIdAsync(copy, accounts[p.Postings[j].Account].PersonId, ct);
                }
            }
            await copy.CompleteAsync(ct);
        }

        var touched = accounts.Where(a => a.Value.Touched).ToArray();
        await using var update = new NpgsqlCommand(UpdateBalancesSql, conn);
        update.Parameters.Add(new NpgsqlParameter { Value = touched.Select(a => a.Key).ToArray() });
        update.Parameters.Add(new NpgsqlParameter { Value = touched.Select(a => a.Value.Posted).ToArray() });
        update.Parameters.Add(new NpgsqlParameter { Value = touched.Select(a => a.Value.Version).ToArray() });
        update.Parameters.Add(new NpgsqlParameter { Value = touched.Select(a => a.Value.LastHash!).ToArray() });
        await update.ExecuteNonQueryAsync(ct);
    }

    private static async Task WriteIdAsync(NpgsqlBinaryImporter copy, Guid? value, CancellationToken ct)
    {
        if (value is { } id) await copy.WriteAsync(id, NpgsqlDbType.Uuid, ct);
        else await copy.WriteNullAsync(ct);
    }

    private sealed class AccountState
    {
        public long Posted { get; set; }
        public long Pending { get; init; }
        public long Version { get; set; }
        public byte[]? LastHash { get; set; }
        public bool AllowNegative { get; init; }
        public Guid? CouncilId { get; init; }
        public Guid? PersonId { get; init; }
        public bool Touched { get; set; }
    }

    private sealed record Prepared(PostingRequest Request, DateOnly Effective, (Guid Account, long Amount)[] Postings, byte[] RequestHash)
    {
        public byte[]? Hash { get; set; }
        public (long Balance, long Version)[]? After { get; set; }
        public Guid? CouncilId { get; set; }
    }
}
