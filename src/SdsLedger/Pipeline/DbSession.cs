using Npgsql;

namespace SdsLedger.Pipeline;

/// <summary>
/// The connection and transaction of one message, opened and committed by the transaction behaviour.
/// Handlers use it and never begin or commit transactions themselves.
/// </summary>
public sealed class DbSession(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    private NpgsqlConnection? _connection;
    private NpgsqlTransaction? _transaction;

    public NpgsqlConnection Connection => _connection ?? throw new InvalidOperationException("No connection is open: handlers run inside the transaction behaviour.");
    public NpgsqlTransaction Transaction => _transaction ?? throw new InvalidOperationException("No transaction is open: handlers run inside the transaction behaviour.");
    public bool IsOpen => _transaction is not null;

    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>Opens the connection without a transaction, for the checks that run before it (authorisation, idempotency).</summary>
    internal async Task<NpgsqlConnection> OpenAsync(CancellationToken ct) =>
        _connection ??= await dataSource.OpenConnectionAsync(ct);

    internal async Task BeginAsync(CancellationToken ct)
    {
        _connection ??= await dataSource.OpenConnectionAsync(ct);
        _transaction = await _connection.BeginTransactionAsync(ct);
    }

    internal async Task CommitAsync(CancellationToken ct)
    {
        await Transaction.CommitAsync(ct);
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
            catch (NpgsqlException)
            {
                // The connection is already gone; the server has rolled back.
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
}
