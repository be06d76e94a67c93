using Npgsql;
using SdsLedger.LocalPostgres;

namespace SdsLedger.Bench;

/// <summary>Creating, dropping and tidying the benchmark's own databases, as the connecting (owner) user.</summary>
internal static class Databases
{
    public static async Task RecreateAsync(string adminConnectionString, string name, CancellationToken ct)
    {
        await DropAsync(adminConnectionString, name, ct);
        await ExecuteAsync(adminConnectionString, $"CREATE DATABASE {DatabaseServer.Quote(name)}", ct);
    }

    public static Task DropAsync(string adminConnectionString, string name, CancellationToken ct) =>
        ExecuteAsync(adminConnectionString, $"DROP DATABASE IF EXISTS {DatabaseServer.Quote(name)} WITH (FORCE)", ct);

    /// <summary>
    /// Starts a measured run from a checkpoint, so that no checkpoint falls due in the middle of one run and not another.
    /// Needs a superuser or pg_checkpoint; on a server where the user has neither, the run simply starts without one.
    /// </summary>
    public static async Task<bool> CheckpointAsync(string connectionString, CancellationToken ct)
    {
        try
        {
            await ExecuteAsync(connectionString, "CHECKPOINT", ct);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            return false;
        }
    }

    public static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        return (T)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
