using System.Net.Sockets;
using Npgsql;

namespace SdsLedger.Ledger;

/// <summary>
/// Retries work that failed for a passing reason: a serialisation failure, a deadlock, a dropped connection, or a server
/// that is shutting down, starting, or read-only for a moment during a failover. Never reports such a failure as a
/// business refusal; ledger writes are idempotent, so a retry cannot apply twice.
/// </summary>
internal static class Transient
{
    public const int MaxAttempts = 6;

    public static bool IsTransient(Exception e) => e switch
    {
        PostgresException pg => pg.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected
                                     or PostgresErrorCodes.TooManyConnections
                                || IsOutage(pg),
        NpgsqlException npgsql => npgsql.IsTransient,
        SocketException or IOException or TimeoutException => true,
        _ => false,
    };

    /// <summary>
    /// The database is away for a while rather than refusing: the connection was lost or refused, no host is read-write
    /// yet, the server is shutting down or starting (a restart, a crash recovery), or it has just become a read-only
    /// standby (25006). During a failover each of these lasts until the standby is promoted.
    /// </summary>
    public static bool IsOutage(Exception e) => e switch
    {
        PostgresException pg => pg.SqlState is PostgresErrorCodes.ReadOnlySqlTransaction or PostgresErrorCodes.AdminShutdown
                                     or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
                                || pg.SqlState.StartsWith("08", StringComparison.Ordinal),
        // A multi-host connection string: every host failed, or none is yet what the string asks for (read-write).
        NpgsqlException { InnerException: AggregateException all } => all.InnerExceptions.All(IsOutage),
        NpgsqlException { InnerException: null } none when none.GetType() == typeof(NpgsqlException) => true,
        NpgsqlException npgsql => npgsql.IsTransient,
        SocketException or IOException or TimeoutException => true,
        _ => false,
    };

    /// <summary>
    /// How long a message is sent again through an outage: with several hosts in the connection string, long enough for
    /// pg_auto_failover's default timeouts to promote the standby (about 50 s here); with one, long enough for a crash restart.
    /// </summary>
    public static TimeSpan OutageWindow(NpgsqlDataSource dataSource) =>
        dataSource is NpgsqlMultiHostDataSource ? TimeSpan.FromSeconds(90) : TimeSpan.FromSeconds(15);

    /// <summary>0.1 s, doubling to 2 s, with jitter so that many clients do not knock at once.</summary>
    public static TimeSpan OutagePause(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(2_000, 100 << Math.Min(attempt - 1, 5)) + Random.Shared.Next(0, 100));

    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work(ct);
            }
            catch (Exception e) when (attempt < MaxAttempts && IsTransient(e))
            {
                var delay = TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20) * attempt * attempt);
                await Task.Delay(delay, ct);
            }
        }
    }
}
