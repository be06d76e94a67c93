using Npgsql;
using NpgsqlTypes;
using NodaTime;
using SdsLedger.Domain;

namespace SdsLedger.Ledger;

/// <summary>
/// Writes to the ledger. Each write is one round trip to a SQL function that locks the balance rows
/// it touches in account order, checks available funds, and appends the entry and its postings.
/// Methods taking a connection join the caller's transaction; the others run on their own, retried
/// on transient failures (safe, because every write carries an idempotency key).
/// </summary>
public sealed class LedgerWriter(NpgsqlDataSource dataSource)
{
    private const string OpenAccountSql = "SELECT ledger.open_account($1, $2, $3, $4, $5, $6, $7, $8)";

    private const string PostSql = """
        SELECT status, entry_id, account_id, available
          FROM ledger.post_entry($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        """;

    private const string PlaceHoldSql = """
        SELECT status, hold_id, available FROM ledger.place_hold($1, $2, $3, $4, $5, $6, $7)
        """;

    private const string ReleaseHoldSql = "SELECT status FROM ledger.release_hold($1, false)";

    private const string ExpireHoldsSql = "SELECT ledger.expire_holds($1)";

    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>Opens an account (with its balance row), or returns the existing one for the same owner and kind; safe when two open it at once.</summary>
    public Task<AccountId> OpenAccountAsync(AccountSpec spec, CancellationToken ct = default) =>
        Transient.RunAsync(async token =>
        {
            await using var conn = await dataSource.OpenConnectionAsync(token);
            return await OpenAccountAsync(conn, spec, token);
        }, ct);

    public static async Task<AccountId> OpenAccountAsync(NpgsqlConnection conn, AccountSpec spec, CancellationToken ct = default)
    {
        await using var cmd = new NpgsqlCommand(OpenAccountSql, conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = OwnerKindText(spec.OwnerKind) });
        cmd.Parameters.Add(new NpgsqlParameter { Value = spec.OwnerId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = spec.Kind });
        cmd.Parameters.Add(new NpgsqlParameter { Value = spec.Name });
        cmd.Parameters.Add(new NpgsqlParameter { Value = spec.AllowNegative });
        cmd.Parameters.Add(new NpgsqlParameter { Value = spec.CouncilId is { } council ? council : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new NpgsqlParameter { Value = spec.PersonId is { } person ? person : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        return new AccountId((Guid)(await cmd.ExecuteScalarAsync(ct))!);
    }

    /// <summary>Posts an entry on its own, retrying transient failures. A retry that finds its own earlier write answers <see cref="PostStatus.Duplicate"/>.</summary>
    public Task<PostResult> PostAsync(PostingRequest request, CancellationToken ct = default) =>
        Transient.RunAsync(async token =>
        {
            await using var conn = await dataSource.OpenConnectionAsync(token);
            return await PostAsync(conn, request, token);
        }, ct);

    /// <summary>Posts an entry inside the caller's connection and transaction.</summary>
    public static Task<PostResult> PostAsync(NpgsqlConnection conn, PostingRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var accounts = new Guid[request.Postings.Count];
        var amounts = new long[request.Postings.Count];
        for (var i = 0; i < accounts.Length; i++)
        {
            accounts[i] = request.Postings[i].Account.Value;
            amounts[i] = request.Postings[i].Amount.Pence;
        }
        return CallPostAsync(conn, request.Id, KindText(request.Kind), request.EffectiveDate, request.Actor, request.Description,
                             request.IdempotencyKey, accounts, amounts, reverses: null, request.CapturesHold, ct);
    }

    /// <summary>Reverses an entry with a new entry whose postings are the original's, negated. An entry is reversed at most once.</summary>
    public Task<PostResult> ReverseAsync(EntryId original, LocalDate effective, string actor, string reason, string idempotencyKey,
                                         CancellationToken ct = default) =>
        Transient.RunAsync(async token =>
        {
            await using var conn = await dataSource.OpenConnectionAsync(token);
            return await ReverseAsync(conn, original, effective, actor, reason, idempotencyKey, token);
        }, ct);

    public static Task<PostResult> ReverseAsync(NpgsqlConnection conn, EntryId original, LocalDate effective, string actor, string reason,
                                                string idempotencyKey, CancellationToken ct = default) =>
        CallPostAsync(conn, EntryId.New(), KindText(EntryKind.Reversal), effective, actor, reason, idempotencyKey,
                      accounts: null, amounts: null, reverses: original, hold: null, ct);

    /// <summary>Sets money aside on an account for a planned purchase: lowers what is available, posts nothing.</summary>
    public Task<HoldResult> PlaceHoldAsync(AccountId account, Money amount, string actor, string description, string idempotencyKey,
                                           Instant? expires = null, HoldId? id = null, CancellationToken ct = default) =>
        Transient.RunAsync(async token =>
        {
            await using var conn = await dataSource.OpenConnectionAsync(token);
            return await PlaceHoldAsync(conn, account, amount, actor, description, idempotencyKey, expires, id, token);
        }, ct);

    public static async Task<HoldResult> PlaceHoldAsync(NpgsqlConnection conn, AccountId account, Money amount, string actor, string description,
                                                        string idempotencyKey, Instant? expires = null, HoldId? id = null, CancellationToken ct = default)
    {
        await using var cmd = new NpgsqlCommand(PlaceHoldSql, conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (id ?? HoldId.New()).Value });
        cmd.Parameters.Add(new NpgsqlParameter { Value = account.Value });
        cmd.Parameters.Add(new NpgsqlParameter { Value = amount.Pence });
        cmd.Parameters.Add(new NpgsqlParameter { Value = actor });
        cmd.Parameters.Add(new NpgsqlParameter { Value = description });
        cmd.Parameters.Add(new NpgsqlParameter { Value = idempotencyKey });
        cmd.Parameters.Add(new NpgsqlParameter
        {
            Value = expires is { } e ? e.ToDateTimeUtc() : DBNull.Value,
            NpgsqlDbType = NpgsqlDbType.TimestampTz,
        });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var status = reader.GetString(0) switch
        {
            "placed" => HoldStatus.Placed,
            "duplicate" => HoldStatus.Duplicate,
            "conflict" => HoldStatus.Conflict,
            "insufficient_funds" => HoldStatus.InsufficientFunds,
            "unknown_account" => HoldStatus.UnknownAccount,
            _ => HoldStatus.Invalid,
        };
        HoldId? holdId = reader.IsDBNull(1) ? null : new HoldId(reader.GetGuid(1));
        Money? available = reader.IsDBNull(2) ? null : Money.FromPence(reader.GetInt64(2));
        return new HoldResult(status, holdId, available);
    }

    public Task<ReleaseStatus> ReleaseHoldAsync(HoldId hold, CancellationToken ct = default) =>
        Transient.RunAsync(async token =>
        {
            await using var conn = await dataSource.OpenConnectionAsync(token);
            return await ReleaseHoldAsync(conn, hold, token);
        }, ct);

    public static async Task<ReleaseStatus> ReleaseHoldAsync(NpgsqlConnection conn, HoldId hold, CancellationToken ct = default)
    {
        await using var cmd = new NpgsqlCommand(ReleaseHoldSql, conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = hold.Value });
        return (string)(await cmd.ExecuteScalarAsync(ct))! switch
        {
            "released" => ReleaseStatus.Released,
            "expired" => ReleaseStatus.Expired,
            "not_open" => ReleaseStatus.NotOpen,
            _ => ReleaseStatus.NotFound,
        };
    }

    /// <summary>Expires open holds whose expiry has passed, returning their money to available.</summary>
    public async Task<int> ExpireHoldsAsync(Instant now, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(ExpireHoldsSql, conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = now.ToDateTimeUtc() });
        return (int)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static async Task<PostResult> CallPostAsync(NpgsqlConnection conn, EntryId id, string kind, LocalDate effective, string actor,
                                                        string description, string key, Guid[]? accounts, long[]? amounts,
                                                        EntryId? reverses, HoldId? hold, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        await using var cmd = new NpgsqlCommand(PostSql, conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = id.Value });
        cmd.Parameters.Add(new NpgsqlParameter { Value = kind });
        cmd.Parameters.Add(new NpgsqlParameter { Value = effective.ToDateOnly() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = actor });
        cmd.Parameters.Add(new NpgsqlParameter { Value = description });
        cmd.Parameters.Add(new NpgsqlParameter { Value = key });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)accounts ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)amounts ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new NpgsqlParameter { Value = reverses is { } r ? r.Value : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new NpgsqlParameter { Value = hold is { } h ? h.Value : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });

        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var status = reader.GetString(0) switch
        {
            "posted" => PostStatus.Posted,
            "duplicate" => PostStatus.Duplicate,
            "conflict" => PostStatus.Conflict,
            "insufficient_funds" => PostStatus.InsufficientFunds,
            "unknown_account" => PostStatus.UnknownAccount,
            "already_reversed" => PostStatus.AlreadyReversed,
            "not_found" => PostStatus.NotFound,
            "hold_not_open" => PostStatus.HoldNotOpen,
            _ => PostStatus.Invalid,
        };
        EntryId? entry = reader.IsDBNull(1) ? null : new EntryId(reader.GetGuid(1));
        AccountId? account = reader.IsDBNull(2) ? null : new AccountId(reader.GetGuid(2));
        Money? available = reader.IsDBNull(3) ? null : Money.FromPence(reader.GetInt64(3));
        return new PostResult(status, entry, account, available);
    }

    internal static string KindText(EntryKind kind) => kind.ToString().ToLowerInvariant();

    internal static string OwnerKindText(OwnerKind kind) => kind switch
    {
        OwnerKind.BudgetPart => "budget_part",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
