using Npgsql;
using Xunit;

namespace SdsLedger.Testing;

/// <summary>A test class fixture: a fresh database cloned from the migrated template, dropped afterwards.</summary>
public sealed class FreshDatabase : IAsyncLifetime
{
    private string? _connectionString;

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("The database is not ready yet.");

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestServer.CreateDatabaseAsync();
        DataSource = NpgsqlDataSource.Create(_connectionString);
    }

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        if (_connectionString is not null) await TestServer.DropDatabaseAsync(_connectionString);
    }
}
