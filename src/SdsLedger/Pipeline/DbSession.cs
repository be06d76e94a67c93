using Dapper;
using Npgsql;
using SdsLedger.Access;
using SdsLedger.Domain;

namespace SdsLedger.Pipeline;

/// <summary>
/// The connection and transaction of one message, begun and ended by the transaction behaviour; handlers, checks and
/// the other behaviours use it and never begin or commit transactions themselves. When the message acts for a tenant
/// (the HTTP API, the web), the transaction first proves that tenant to the database with a signed sds.act_for, so
/// row-level security shows only the tenant's rows; nothing of it outlives the transaction on a pooled connection.
/// </summary>
public sealed class DbSession(NpgsqlDataSource dataSource, Tenancy tenancy, StandbyReads standbyReads, TenantSeal? seal = null) : IAsyncDisposable
{
    private const string ActForSql = "SELECT sds.act_for($1, $2, $3, $4, $5, $6, $7)";

    private const string Work = "work";

    private NpgsqlConnection? _connection;
    private NpgsqlTransaction? _transaction;
    private bool _workMarked;
    private bool _onStandby;

    public NpgsqlConnection Connection => _connection ?? throw new InvalidOperationException("No connection is open: handlers run inside the transaction behaviour.");
    public NpgsqlTransaction Transaction => _transaction ?? throw new InvalidOperationException("No transaction is open: handlers run inside the transaction behaviour.");
    public bool IsOpen => _transaction is not null;

    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>Whether what the message's work wrote has been undone (a refusal), so only its records remain to be written.</summary>
    internal bool WorkUndone { get; private set; }

    /// <summary>
    /// Raised when writes of this session are undone (a refusal's work, or the whole transaction, as before a retry), so
    /// what was kept from them in memory (a person's key made in the undone work) is forgotten with them.
    /// </summary>
    public event Action? WritesUndone;

    /// <summary>
    /// Whether this message reads from the standby's data source (a report or statement on the trusted path, with a standby
    /// configured): its transaction is read-only, and its records go to the primary through <see cref="RecordAsync"/>.
    /// </summary>
    public bool ReadsFromStandby => _onStandby;

    /// <param name="standbyRead">The message is a report or statement (<see cref="IStandbyRead"/>), which may read from a standby.</param>
    internal async Task BeginAsync(bool standbyRead, CancellationToken ct)
    {
        if (_connection is null)
        {
            _onStandby = standbyRead && !tenancy.IsSet && standbyReads.DataSource is not null;
            _connection = await (_onStandby ? standbyReads.DataSource! : dataSource).OpenConnectionAsync(ct);
        }
        if (_transaction is not null) return;
        // A report's several statements see one snapshot; on a standby only a read-only transaction may run anyway.
        _transaction = _onStandby
            ? await _connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct)
            : await _connection.BeginTransactionAsync(ct);
        if (_onStandby)
        {
            await using var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", _connection, _transaction);
            await readOnly.ExecuteNonQueryAsync(ct);
        }
        (_workMarked, WorkUndone) = (false, false);
        if (tenancy.Actor is { } actor) await ActForAsync(actor, ct);
    }

    /// <summary>
    /// Writes a record of the message (its audit records): in its transaction, or, for a read from the standby, on the
    /// primary at once, in a transaction of its own, before the read's answer is returned.
    /// </summary>
    public async Task RecordAsync(string sql, object parameters, CancellationToken ct)
    {
        if (!_onStandby)
        {
            await Connection.ExecuteAsync(new CommandDefinition(sql, parameters, Transaction, cancellationToken: ct));
            return;
        }
        await using var primary = await dataSource.OpenConnectionAsync(ct);
        await primary.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: ct));
    }

    /// <summary>Marks where the message's own work begins (after the idempotency key's lock), so a refusal can undo just that.</summary>
    internal async Task MarkWorkAsync(CancellationToken ct)
    {
        await Transaction.SaveAsync(Work, ct);
        _workMarked = true;
    }

    /// <summary>
    /// Undoes what the message's work wrote: back to the mark, keeping the key's lock; with no mark, the whole transaction,
    /// and a new one is begun for the records of the refusal.
    /// </summary>
    internal async Task UndoWorkAsync(CancellationToken ct)
    {
        if (WorkUndone) return;
        if (_workMarked)
        {
            await Transaction.RollbackAsync(Work, ct);
            WritesUndone?.Invoke();
        }
        else
        {
            await RollbackAsync();
            await BeginAsync(_onStandby, ct);
        }
        WorkUndone = true;
    }

    private async Task ActForAsync(Actor actor, CancellationToken ct)
    {
        var key = seal ?? throw new InvalidOperationException("Acting for a tenant needs the tenant key (Tenancy:Key, or the local one beside the database).");
        var expires = DateTimeOffset.UtcNow.Add(TenantSeal.Lifetime).ToUnixTimeSeconds();
        await using var cmd = new NpgsqlCommand(ActForSql, _connection, _transaction);
        cmd.Parameters.Add(new NpgsqlParameter { Value = actor.CouncilId!.Value });
        cmd.Parameters.Add(new NpgsqlParameter { Value = actor.RoleText });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)actor.PersonId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)actor.OrganisationId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        // A recovery worker sees people by the consents that name them, so the database is told which worker they are.
        Guid? worker = actor.Role == Role.RecoveryWorker ? actor.Id : null;
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)worker ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new NpgsqlParameter { Value = expires });
        cmd.Parameters.Add(new NpgsqlParameter { Value = key.Sign(actor.CouncilId.Value, actor.Role, actor.PersonId, actor.OrganisationId, expires, worker) });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Commits, and once sent the commit is never cancelled, neither by the caller's token nor by a client-side timeout:
    /// PostgreSQL answers a cancelled wait for a synchronous standby with success although only the primary has the
    /// commit, and a retry would then read it back as an acknowledged write the standby may never get.
    /// </summary>
    internal async Task CommitAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        await using (var commit = new NpgsqlCommand("COMMIT", Connection, Transaction) { CommandTimeout = 0 })
            await commit.ExecuteNonQueryAsync(CancellationToken.None);
        await EndAsync();
    }

    internal async Task RollbackAsync()
    {
        if (_transaction is not null)
        {
            WritesUndone?.Invoke();
            try
            {
                await _transaction.RollbackAsync();
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                // The transaction has already ended (a failed COMMIT ends it), or the connection is gone (Npgsql disposes the
                // transaction of a broken one): the server rolled back, or, if the commit was under way, a retry with the
                // same idempotency key finds its stored answer.
            }
        }
        await EndAsync();
    }

    private async Task EndAsync()
    {
        if (_transaction is not null) await _transaction.DisposeAsync();
        _transaction = null;
        if (_connection is not null) await _connection.DisposeAsync();
        _connection = null;
    }

    public async ValueTask DisposeAsync() => await RollbackAsync();
}

/// <summary>
/// Where reports and statements read when a standby runs: the application's connection string over both clusters with
/// <c>Target Session Attributes=prefer-standby</c> (the standby while it answers, else the primary). None: they read from
/// the primary like everything else.
/// </summary>
public sealed class StandbyReads(NpgsqlDataSource? dataSource) : IAsyncDisposable
{
    public NpgsqlDataSource? DataSource => dataSource;

    public ValueTask DisposeAsync() => dataSource?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>What the audit record of this message is about; filled in as the message learns whose budget it touches.</summary>
public sealed class AuditContext
{
    public Guid? CouncilId { get; set; }
    public Guid? PersonId { get; set; }
    public Guid? BudgetId { get; set; }
    public string Detail { get; set; } = "";

    /// <summary>
    /// The detail says nothing about the person but in the application's own words, so it stays readable once they are
    /// erased (an erasure's own record); otherwise a detail about a person is kept sealed with their key.
    /// </summary>
    public bool DetailInOwnWords { get; set; }

    /// <summary>The actor's name as the register has it now (the message's own name until the actor is checked).</summary>
    public string? ActorName { get; set; }

    /// <summary>Where the request came from (the HTTP client's address); null on the local command line.</summary>
    public string? ClientAddress { get; set; }
}

/// <summary>
/// The tenant a message acts for, set by the HTTP API and the web from the signed-in caller before the message is sent.
/// Row-level security shows only the council's rows (and, for a provider or a service user, only theirs). Unset on the
/// trusted local path (the command line), whose connections see the whole installation.
/// </summary>
public sealed class Tenancy
{
    public Actor? Actor { get; private set; }

    public bool IsSet => Actor is not null;

    public void ActFor(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (IsSet) throw new InvalidOperationException("The tenant of a request is set once.");
        if (actor.CouncilId is null) throw new ArgumentException("A tenant belongs to a council.", nameof(actor));
        Actor = actor;
    }
}
