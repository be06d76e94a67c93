using System.Net.Sockets;
using Npgsql;

namespace SdsLedger.Ledger;

/// <summary>
/// Retries work that failed for a passing reason: a serialisation failure, a deadlock, or a dropped connection.
/// Never reports such a failure as a business refusal; ledger writes are idempotent, so a retry cannot apply twice.
/// </summary>
internal static class Transient
{
    public const int MaxAttempts = 6;

    public static bool IsTransient(Exception e) => e switch
    {
        PostgresException pg => pg.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected
                                     or PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CannotConnectNow
                                     or PostgresErrorCodes.TooManyConnections
                                || pg.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException npgsql => npgsql.IsTransient,
        SocketException or IOException or TimeoutException => true,
        _ => false,
    };

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
