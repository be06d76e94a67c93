using Npgsql;

namespace SdsLedger.LocalPostgres;

/// <summary>Reading and changing a cluster's settings: with SQL while it runs, in postgresql.auto.conf while it is stopped.</summary>
internal static class ServerSettings
{
    private const string AutoConf = "postgresql.auto.conf";

    /// <summary>A value quoted for SQL and for PostgreSQL's configuration files alike.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static async Task ExecuteAsync(string connectionString, CancellationToken ct, params string[] statements)
    {
        await using var conn = new NpgsqlConnection(Unpooled(connectionString));
        await conn.OpenAsync(ct);
        foreach (var sql in statements)
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    public static async Task<T?> ScalarAsync<T>(string connectionString, string sql, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(Unpooled(connectionString));
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, conn);
        var value = await cmd.ExecuteScalarAsync(ct);
        return value is null or DBNull ? default : (T)value;
    }

    public static string Unpooled(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 10 }.ConnectionString;

    /// <summary>
    /// Rewrites postgresql.auto.conf (where ALTER SYSTEM keeps its settings, read after postgresql.conf) of a stopped
    /// cluster: drops every setting named in <paramref name="remove"/> or in <paramref name="set"/>, then adds those of
    /// <paramref name="set"/>. The file keeps its owner.
    /// </summary>
    public static async Task EditStoppedAsync(string dataDirectory, IReadOnlyCollection<string> remove,
                                              IReadOnlyDictionary<string, string> set, CancellationToken ct)
    {
        var path = Path.Combine(dataDirectory, AutoConf);
        var lines = File.Exists(path) ? await File.ReadAllLinesAsync(path, ct) : [];
        var kept = lines.Where(line => NameOf(line) is not { } name || !(remove.Contains(name) || set.ContainsKey(name)));
        var added = set.Select(s => $"{s.Key} = {Literal(s.Value)}");
        await File.WriteAllLinesAsync(path, kept.Concat(added), ct);
    }

    private static string? NameOf(string line)
    {
        var trimmed = line.TrimStart();
        if (trimmed.Length == 0 || trimmed[0] == '#') return null;
        var end = trimmed.IndexOfAny([' ', '=', '\t']);
        return (end < 0 ? trimmed : trimmed[..end]).ToLowerInvariant();
    }
}
