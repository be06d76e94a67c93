using System.Security.Cryptography;
using System.Text;
using Dapper;
using NodaTime;
using Npgsql;
using SdsLedger.Features.Shared;

namespace SdsLedger.Access;

/// <summary>A person as their sign-in finds them: who, their council, and the stamp their sessions carry.</summary>
public sealed record SignedInPerson(Guid PersonId, string Name, Guid CouncilId, string CouncilName, Guid SecurityStamp);

/// <summary>Where a code was sent: the person, by email or text message ("sms"), to which address.</summary>
public sealed record CodeDestination(Guid PersonId, string Name, string Channel, string Address);

/// <summary>How a code was taken: signed in, wrong (with tries left), locked (until when), or not usable (used, expired, unknown).</summary>
public sealed record CodeAnswer(string Outcome, int? TriesLeft, Instant? LockedUntil, SignedInPerson? Person)
{
    public const string SignedIn = "signed-in";
    public const string Wrong = "wrong";
    public const string Locked = "locked";
    public const string Unusable = "unusable";
}

/// <summary>
/// A person's sign-in without a password: a one-time 6-digit code (10 minutes, once; 5 wrong tries lock sign-in for 15
/// minutes), kept in the database only as an HMAC under a key the database never holds; or, on a local installation, a
/// one-time link. Each step is one database function that reads only the person it names (db/schema/sds/person_sign_in.sql).
/// </summary>
public sealed class PersonSignIn(NpgsqlDataSource dataSource, byte[] key, KeyEncryptionKey kek)
{
    private readonly byte[] _codeKey = Derive(key, "person sign-in codes");

    /// <summary>The key person links are signed with: derived from the sign-in key, so a worker's link is never a person's.</summary>
    public byte[] LinkKey { get; } = LinkKeyFor(key);

    /// <summary>A fresh 6-digit code, every value equally likely.</summary>
    public static string NewCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Records the code for whoever has this email address or mobile number, and says where to send it (the address as
    /// typed, trimmed; a mobile number as its digits): people's addresses are kept sealed, and found by their match. Null
    /// when it is neither, nobody has it, or their sign-in is locked.
    /// </summary>
    public async Task<CodeDestination?> StartAsync(Guid codeId, string address, string code, CancellationToken ct = default)
    {
        if (SignInAddress.Typed(address) is not { } typed) return null;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(Guid PersonId, string Name)>(new CommandDefinition(
            "SELECT person_id, name FROM sds.person_sign_in_start(@CodeId, @Channel, @Match, @Address, @Hash)",
            new { CodeId = codeId, typed.Channel, Match = kek.AddressMatch(typed), Address = typed.Value, Hash = Hash(codeId, code) },
            cancellationToken: ct));
        var sendTo = typed.Channel == SignInAddress.Email ? address.Trim() : typed.Value;
        return rows.Select(r => new CodeDestination(r.PersonId, r.Name, typed.Channel, sendTo)).FirstOrDefault();
    }

    /// <summary>Takes a code typed in for the sign-in it was sent for.</summary>
    public async Task<CodeAnswer> FinishAsync(Guid codeId, string code, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleAsync<FinishRow>(new CommandDefinition(
            """
            SELECT outcome AS Outcome, tries_left AS TriesLeft, locked_until AS LockedUntil, person_id AS PersonId, name AS Name,
                   council_id AS CouncilId, council_name AS CouncilName, security_stamp AS SecurityStamp
              FROM sds.person_sign_in_finish(@CodeId, @Hash)
            """, new { CodeId = codeId, Hash = Hash(codeId, code.Trim()) }, cancellationToken: ct));
        var person = row.PersonId is { } id ? new SignedInPerson(id, row.Name!, row.CouncilId!.Value, row.CouncilName!, row.SecurityStamp!.Value) : null;
        return new CodeAnswer(row.Outcome, row.TriesLeft,
            row.LockedUntil is { } until ? Instant.FromDateTimeUtc(DateTime.SpecifyKind(until, DateTimeKind.Utc)) : null, person);
    }

    /// <summary>Uses a person's link: the person it names on its first use before it expires; null otherwise.</summary>
    public async Task<SignedInPerson?> ByLinkAsync(SignInLink link, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(Guid PersonId, string Name, Guid CouncilId, string CouncilName, Guid SecurityStamp)>(new CommandDefinition(
            "SELECT person_id, name, council_id, council_name, security_stamp FROM sds.person_by_link(@LinkId, @PersonId, @Expires)",
            new { link.LinkId, PersonId = link.WorkerId, Expires = link.Expires.ToDateTimeOffset() }, cancellationToken: ct));
        return rows.Select(r => new SignedInPerson(r.PersonId, r.Name, r.CouncilId, r.CouncilName, r.SecurityStamp)).FirstOrDefault();
    }

    /// <summary>The person's current security stamp; null when there is no such person.</summary>
    public async Task<Guid?> SecurityStampAsync(Guid personId, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition("SELECT sds.person_security_stamp(@PersonId)", new { PersonId = personId }, cancellationToken: ct));
    }

    /// <summary>The link key for a sign-in key, as the command line makes person links with it.</summary>
    public static byte[] LinkKeyFor(byte[] key) => Derive(key, "person sign-in links");

    private byte[] Hash(Guid codeId, string code) => HMACSHA256.HashData(_codeKey, Encoding.UTF8.GetBytes($"{codeId:N}:{code}"));

    private static byte[] Derive(byte[] key, string purpose)
    {
        ArgumentNullException.ThrowIfNull(key);
        return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(purpose));
    }

    private sealed class FinishRow
    {
        public string Outcome { get; init; } = "";
        public int? TriesLeft { get; init; }
        public DateTime? LockedUntil { get; init; }
        public Guid? PersonId { get; init; }
        public string? Name { get; init; }
        public Guid? CouncilId { get; init; }
        public string? CouncilName { get; init; }
        public Guid? SecurityStamp { get; init; }
    }
}
