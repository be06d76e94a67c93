using System.Security.Cryptography;
using System.Text;
using Npgsql;
using SdsLedger.Domain;

namespace SdsLedger.Access;

/// <summary>
/// The key the application shares with the database to prove which tenant a transaction acts for. The application signs
/// (council, role, person, organisation, expiry) with HMAC-SHA256; sds.act_for checks the signature with the copy of
/// the key that only the database's owner can read (db/schema/tenancy/tenant.sql), so SQL sent as the application's
/// role, injected or not, cannot act for another council by setting a setting.
/// </summary>
public sealed class TenantSeal
{
    public const int MinimumKeyBytes = 32;
    private const int BlockBytes = 64;

    /// <summary>How long a signed tenant stays good: long enough for one transaction, short enough that a logged one is soon useless.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private const string InstallSql = """
        INSERT INTO sds.tenant_key (inner_pad, outer_pad) VALUES ($1, $2)
        ON CONFLICT (only_row) DO UPDATE SET inner_pad = excluded.inner_pad, outer_pad = excluded.outer_pad, set_at = now()
        """;

    private readonly byte[] _key;

    public TenantSeal(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length is < MinimumKeyBytes or > BlockBytes)
            throw new ArgumentException($"The tenant key must be {MinimumKeyBytes} to {BlockBytes} bytes; it is {key.Length}.", nameof(key));
        _key = key;
    }

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(MinimumKeyBytes);

    /// <summary>
    /// The signature sds.act_for checks, over the claims exactly as it writes them; a worker (a recovery worker, whose
    /// consents name them) is signed after the expiry.
    /// </summary>
    public byte[] Sign(Guid council, Role role, Guid? person, Guid? organisation, long expiresUnixSeconds, Guid? worker = null) =>
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(
            $"{council}|{Roles.Text(role)}|{person}|{organisation}|{expiresUnixSeconds}{(worker is { } w ? $"|{w}" : "")}"));

    /// <summary>Gives the database this key (as the owner: nobody else may write or read it).</summary>
    public async Task InstallAsync(string ownerConnectionString, CancellationToken ct = default)
    {
        var padded = new byte[BlockBytes];
        _key.CopyTo(padded, 0);
        await using var conn = new NpgsqlConnection(ownerConnectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(InstallSql, conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = padded.Select(b => (byte)(b ^ 0x36)).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = padded.Select(b => (byte)(b ^ 0x5c)).ToArray() });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
