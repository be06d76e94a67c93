using System.Security.Cryptography;
using System.Text;
using Dapper;
using NodaTime;
using Npgsql;
using SdsLedger.Domain;

namespace SdsLedger.Access;

/// <summary>A worker as a sign-in finds them: who, in which role, for which council, and the stamp their sessions carry.</summary>
public sealed record StaffMember(Guid WorkerId, string Code, string Name, Role Role, Guid? CouncilId, string? CouncilName, Guid? OrganisationId, Guid SecurityStamp)
{
    public Actor Actor => new(WorkerId, Name, Role, CouncilId, OrganisationId);
}

/// <summary>
/// Finds the worker a sign-in names (by identity provider or by one-time link) and keeps their sessions' security
/// stamp. Sign-in comes before anyone's council is known, so each step is one database function that reads only the
/// worker it names (db/migrations/0040); no passwords are kept anywhere.
/// </summary>
public static class StaffSignIn
{
    private const string Columns = "id AS WorkerId, code AS Code, name AS Name, role AS Role, council_id AS CouncilId, council_name AS CouncilName, organisation_id AS OrganisationId, security_stamp AS SecurityStamp";

    /// <summary>The worker whose identity provider subject this is, or else whose email this is; null when none is.</summary>
    public static async Task<StaffMember?> ByIdentityAsync(NpgsqlDataSource dataSource, string subject, string? email, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM sds.staff_by_identity(@Subject, @Email)",
            new { Subject = subject, Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim() }, cancellationToken: ct));
        return rows.Select(r => r.ToMember()).FirstOrDefault();
    }

    /// <summary>Uses the link: the worker it names on its first use before it expires; null otherwise.</summary>
    public static async Task<StaffMember?> ByLinkAsync(NpgsqlDataSource dataSource, SignInLink link, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(link);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM sds.staff_by_link(@LinkId, @WorkerId, @Expires)",
            new { link.LinkId, link.WorkerId, Expires = link.Expires.ToDateTimeOffset() }, cancellationToken: ct));
        return rows.Select(r => r.ToMember()).FirstOrDefault();
    }

    /// <summary>The worker's current security stamp; null when the worker no longer exists.</summary>
    public static async Task<Guid?> SecurityStampAsync(NpgsqlDataSource dataSource, Guid workerId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition("SELECT sds.staff_security_stamp(@WorkerId)", new { WorkerId = workerId }, cancellationToken: ct));
    }

    /// <summary>Ends every session of the worker (a new stamp), given the stamp of the session asking.</summary>
    public static async Task<bool> EndSessionsAsync(NpgsqlDataSource dataSource, Guid workerId, Guid stamp, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool?>(new CommandDefinition("SELECT sds.end_staff_sessions(@WorkerId, @Stamp)",
            new { WorkerId = workerId, Stamp = stamp }, cancellationToken: ct)) == true;
    }

    private sealed class Row
    {
        public Guid WorkerId { get; init; }
        public string Code { get; init; } = "";
        public string Name { get; init; } = "";
        public string Role { get; init; } = "";
        public Guid? CouncilId { get; init; }
        public string? CouncilName { get; init; }
        public Guid? OrganisationId { get; init; }
        public Guid SecurityStamp { get; init; }

        public StaffMember ToMember() =>
            new(WorkerId, Code, Name, Roles.TryParse(Role, out var role) ? role : throw new InvalidOperationException($"Unknown role '{Role}'."),
                CouncilId, CouncilName, OrganisationId, SecurityStamp);
    }
}

/// <summary>
/// A one-time sign-in link for a local installation with no identity provider: which worker, until when, signed with
/// the key kept beside the local database (HMAC-SHA256). Its id is recorded when used, so it works once.
/// </summary>
public sealed record SignInLink(Guid LinkId, Guid WorkerId, Instant Expires)
{
    public static readonly Duration Lifetime = Duration.FromMinutes(10);

    public static SignInLink For(Guid workerId, Instant now) => new(Guid.NewGuid(), workerId, now + Lifetime);

    /// <summary>"link.worker.expiry.signature", URL-safe.</summary>
    public string Token(byte[] key)
    {
        var payload = $"{LinkId:N}.{WorkerId:N}.{Expires.ToUnixTimeSeconds()}";
        return $"{payload}.{Signature(key, payload)}";
    }

    /// <summary>The link a token describes when its signature is good (expiry and first use are the database's to check); else null.</summary>
    public static SignInLink? FromToken(string? token, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = token?.Split('.');
        if (parts is not { Length: 4 } || parts.Any(p => p.Length is 0 or > 64)) return null;
        var payload = string.Join('.', parts[..3]);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(parts[3]), Encoding.ASCII.GetBytes(Signature(key, payload)))) return null;
        return Guid.TryParseExact(parts[0], "N", out var link) && Guid.TryParseExact(parts[1], "N", out var worker)
               && long.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
               && seconds < Instant.MaxValue.ToUnixTimeSeconds()
            ? new SignInLink(link, worker, Instant.FromUnixTimeSeconds(seconds))
            : null;
    }

    private static string Signature(byte[] key, string payload) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(payload))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
