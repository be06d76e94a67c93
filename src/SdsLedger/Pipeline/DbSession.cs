using Npgsql;

namespace SdsLedger.Pipeline;

/// <summary>
/// The connection and transaction of one message, opened and committed by the transaction behaviour.
/// Handlers use it and never begin or commit transactions themselves. When the message acts for a tenant
/// (the HTTP API), every statement runs in a transaction that first sets the tenant for row-level security:
/// the settings are transaction-local, so nothing of one request is left on the pooled connection.
/// </summary>
public sealed class DbSession(NpgsqlDataSource dataSource, Tenancy tenancy) : IAsyncDisposable
{
    private const string SetTenantSql = """
        SELECT set_config('sdsledger.council_id', $1, true), set_config('sdsledger.organisation_id', $2, true),
               set_config('sdsledger.person_id', $3, true)
        """;

    private NpgsqlConnection? _connection;
    private NpgsqlTransaction? _transaction;

    public NpgsqlConnection Connection => _connection ?? throw new InvalidOperationException("No connection is open: handlers run inside the transaction behaviour.");
    public NpgsqlTransaction Transaction => _transaction ?? throw new InvalidOperationException("No transaction is open: handlers run inside the transaction behaviour.");
    public bool IsOpen => _transaction is not null;

    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>
    /// Opens the connection for the checks that run before the transaction behaviour (authorisation, idempotency).
    /// Acting for a tenant, it opens the message's transaction already: the tenant setting lives only inside one.
    /// </summary>
    internal async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        if (_connection is not null) return _connection;
        _connection = await dataSource.OpenConnectionAsync(ct);
        if (tenancy.IsSet) await BeginTenantTransactionAsync(ct);
        return _connection;
    }

    internal async Task BeginAsync(CancellationToken ct)
    {
        _connection ??= await dataSource.OpenConnectionAsync(ct);
        if (_transaction is not null) return;
        if (tenancy.IsSet) await BeginTenantTransactionAsync(ct);
        else _transaction = await _connection.BeginTransactionAsync(ct);
    }

    /// <summary>Commits what the checks wrote (the audit of a refusal) when they ran in the tenant's transaction.</summary>
    internal async Task CompleteChecksAsync(CancellationToken ct)
    {
        if (_transaction is not null) await CommitAsync(ct);
    }

    private async Task BeginTenantTransactionAsync(CancellationToken ct)
    {
        _transaction = await _connection!.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand(SetTenantSql, _connection, _transaction);
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenancy.CouncilId?.ToString() ?? "" });
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenancy.OrganisationId?.ToString() ?? "" });
        cmd.Parameters.Add(new NpgsqlParameter { Value = tenancy.PersonId?.ToString() ?? "" });
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

/// <summary>What the audit record of this message is about; filled in as the message learns whose budget it touches.</summary>
public sealed class AuditContext
{
    public Guid? CouncilId { get; set; }
    public Guid? PersonId { get; set; }
    public Guid? BudgetId { get; set; }
    public string Detail { get; set; } = "";

    /// <summary>Where the request came from (the HTTP client's address); null on the local command line.</summary>
    public string? ClientAddress { get; set; }
}

/// <summary>
/// The tenant a message acts for, set by the HTTP API from the caller's token before the message is sent. Row-level
/// security shows only the council's rows (and, for a provider or a service user, only theirs). Unset on the trusted
/// local path (the command line), whose connections see the whole installation.
/// </summary>
public sealed class Tenancy
{
    public Guid? CouncilId { get; private set; }
    public Guid? OrganisationId { get; private set; }
    public Guid? PersonId { get; private set; }

    public bool IsSet => CouncilId is not null;

    public void ActFor(Guid councilId, Guid? organisationId, Guid? personId)
    {
        if (IsSet) throw new InvalidOperationException("The tenant of a request is set once.");
        (CouncilId, OrganisationId, PersonId) = (councilId, organisationId, personId);
    }
}
