using System.Security.Cryptography;
using System.Text;
using Dapper;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Shared;

/// <summary>
/// The installation's key-encryption key: it wraps every person's data key, so a copy of the database (a backup, a
/// standby, a <c>pg_dump</c>) without it reads no ledger text about anyone. Taken from configuration,
/// <c>SdsLedger:KeyEncryptionKey</c> (the environment variable <c>SdsLedger__KeyEncryptionKey</c>, 32 bytes in base64);
/// otherwise from a file beside the embedded cluster's data directory (<c>.sdsledger/pg.kek</c>, or SDSLEDGER_DATA's
/// folder + <c>.kek</c>), made on first use, readable by its owner only.
/// </summary>
public sealed class KeyEncryptionKey
{
    public const string Variable = "SdsLedger__KeyEncryptionKey";
    public const string FileVariable = "SDSLEDGER_KEY_FILE";

    private readonly byte[] _key;

    // What sign-in addresses are matched by: derived from the key, so that only this installation can tell whose they are.
    private readonly byte[] _addressKey;

    private KeyEncryptionKey(byte[] key) =>
        (_key, _addressKey) = (key, HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("sign-in address match")));

    /// <summary>
    /// What a person's sign-in address is found by, as <c>sds.people.email_match</c> or <c>mobile_match</c> keep it:
    /// HMAC-SHA256 of the channel and the address as it is compared (see <see cref="SignInAddress"/>) under a key derived
    /// from this one. The same for everyone (sign-in comes before anyone is known), and no one without this key can tie
    /// it to an address.
    /// </summary>
    public byte[] AddressMatch(SignInAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return HMACSHA256.HashData(_addressKey, Encoding.UTF8.GetBytes($"{address.Channel}\0{address.Value}"));
    }

    public static KeyEncryptionKey FromBase64(string text)
    {
        var key = Convert.FromBase64String(text.Trim());
        if (key.Length != 32) throw new InvalidOperationException($"{Variable} must be 32 bytes in base64 (44 characters); it is {key.Length} bytes.");
        return new KeyEncryptionKey(key);
    }

    /// <summary>The configured key, or the local file's (made when there is none) beside this data directory, or the default one.</summary>
    public static KeyEncryptionKey FromEnvironment(string? dataDirectory = null)
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured) return FromBase64(configured);
        var file = Environment.GetEnvironmentVariable(FileVariable) is { Length: > 0 } named ? named : BesideCluster(dataDirectory);
        return FromFile(file);
    }

    /// <summary>
    /// The key kept in this file, made (owner read and write only) when the file is not there yet; processes making it at
    /// the same moment all use the one written (see <see cref="SdsLedger.Access.OnceWrittenFile"/>).
    /// </summary>
    public static KeyEncryptionKey FromFile(string file) =>
        FromBase64(SdsLedger.Access.OnceWrittenFile.ReadOrCreate(file, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));

    /// <summary>
    /// A restored copy of a cluster must open its sealed text with the key of the cluster it came from. When that cluster
    /// keeps its key in a local file, the copy gets the same file beside its own data directory (owner read and write
    /// only). Returns the copy's file, or null when the cluster has no local key file (its key is configured instead).
    /// Fails, naming both files, when the copy already has a file holding another key.
    /// </summary>
    public static string? CopyLocalFile(string fromDataDirectory, string toDataDirectory)
    {
        var from = BesideCluster(fromDataDirectory);
        if (!File.Exists(from)) return null;
        var key = File.ReadAllText(from).Trim();
        var to = BesideCluster(toDataDirectory);
        if (SdsLedger.Access.OnceWrittenFile.ReadOrCreate(to, () => key) != key)
            throw new InvalidOperationException($"{to} holds another key-encryption key than {from}, so the copy's sealed text could not be read. " +
                                                $"Fix: remove {to} and copy {from} in its place (owner read and write only).");
        return to;
    }

    private static string BesideCluster(string? dataDirectory)
    {
        var data = dataDirectory
                   ?? (Environment.GetEnvironmentVariable("SDSLEDGER_DATA") is { Length: > 0 } dir ? dir : Path.Combine(".sdsledger", "pg"));
        return Path.GetFullPath(data).TrimEnd(Path.DirectorySeparatorChar) + ".kek";
    }

    internal byte[] Wrap(Guid personId, byte[] dataKey)
    {
        var sealedKey = new byte[12 + 32 + 16];
        RandomNumberGenerator.Fill(sealedKey.AsSpan(0, 12));
        using var gcm = new AesGcm(_key, 16);
        gcm.Encrypt(sealedKey.AsSpan(0, 12), dataKey, sealedKey.AsSpan(12, 32), sealedKey.AsSpan(44, 16), personId.ToByteArray());
        return sealedKey;
    }

    internal byte[] Unwrap(Guid personId, byte[] wrapped)
    {
        var dataKey = new byte[32];
        using var gcm = new AesGcm(_key, 16);
        try
        {
            gcm.Decrypt(wrapped.AsSpan(0, 12), wrapped.AsSpan(12, 32), wrapped.AsSpan(44, 16), dataKey, personId.ToByteArray());
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new KeyEncryptionKeyMismatchException(personId, e);
        }
        return dataKey;
    }
}

/// <summary>
/// A person's data key was wrapped by another key-encryption key than the one this process has: the installation is
/// configured with the wrong key (or none, so a new local one was made). Nothing is written; the message says what to check.
/// </summary>
public sealed class KeyEncryptionKeyMismatchException(Guid personId, Exception inner)
    : Exception(
        $"Person {personId}'s data key does not open with this installation's key-encryption key, so their ledger text cannot be read or written.\n" +
        $"Fix: give every process that uses this database the same key, in the environment variable {KeyEncryptionKey.Variable} " +
        $"(or {KeyEncryptionKey.FileVariable}, a file holding it), or run beside the cluster whose key file made it (the data directory's name + '.kek').",
        inner)
{
    public Guid PersonId { get; } = personId;
}

/// <summary>
/// Something was to be written sealed about a person whose record has been erased (their key is destroyed). The pipeline
/// answers the command with a refusal saying so, and nothing of it is written.
/// </summary>
public sealed class PersonErasedException(Guid personId)
    : Exception($"Person {personId}'s record has been erased: nothing more is kept about them.")
{
    public const string Refusal = "This person's record has been erased, so nothing more is kept about them. Nothing was written.";

    public Guid PersonId { get; } = personId;
}

/// <summary>
/// Personal text kept where it can never be changed (a ledger entry's description, a hold's), notes about a person's
/// care (progress, their own words, a review's agreement, a phase's note, what they asked for, their outcomes, planned
/// purchases, a surplus discussion), their contact details, what was bought, set aside or asked to be approved for and
/// the reasons given, their family's names and the agreements to pay them, why their record was opened, the details of
/// audit records and the stored answers about them, where their sign-in codes go, encrypted with a data key of the person it
/// is about (what a self-referral says, before there is a person, with a key of the referral's own, <c>sds.referral_keys</c>):
/// <c>enc1:</c> + the person's id + <c>:</c> + base64 of nonce | ciphertext | tag (AES-GCM). Erasing the person
/// destroys their key, and every such text of theirs, in the database and in every copy made after,
/// can no longer be read: it shows as <see cref="Erased"/>. (The keys live in the database, so a backup made before the
/// erasure still holds theirs.) Keys are unwrapped at most once per command (this is scoped) and
/// never kept longer. (Not sealed only so that the ledger benchmark can measure the spend path without the sealing.)
/// </summary>
public class PersonKeys
{
    private readonly DbSession session;
    private readonly KeyEncryptionKey kek;

    public PersonKeys(DbSession session, KeyEncryptionKey kek)
    {
        (this.session, this.kek) = (session, kek);
        // A key made in writes that were undone (a refused command's, or an attempt retried after a transient failure)
        // no longer exists: forgetting every key then keeps text from ever being sealed with one the database lacks.
        session.WritesUndone += Forget;
    }

    public const string Erased = "a person whose record has been erased";

    /// <summary>How every sealed text begins.</summary>
    public const string SealedMark = Prefix;

    private const string Prefix = "enc1:";

    // A key is a person's, or a self-referral's (made before there is a person): ids never meet, so one look finds either.
    private const string LoadSql = """
        SELECT wrapped_key AS WrappedKey FROM sds.person_keys WHERE person_id = @PersonId
        UNION ALL SELECT wrapped_key FROM sds.referral_keys WHERE referral_id = @PersonId
        """;

    private const string LoadManySql = """
        SELECT person_id AS PersonId, wrapped_key AS WrappedKey FROM sds.person_keys WHERE person_id = ANY(@PersonIds)
        UNION ALL SELECT referral_id, wrapped_key FROM sds.referral_keys WHERE referral_id = ANY(@PersonIds)
        """;

    private const string InsertReferralSql = "INSERT INTO sds.referral_keys (referral_id, wrapped_key) VALUES (@ReferralId, @Wrapped)";

    private const string ErasedSql = "SELECT EXISTS (SELECT 1 FROM sds.erasures WHERE person_id = @PersonId)";

    // Only for someone this tenant can see: an audit record may name an id that is no one's (or someone else's council's).
    private const string InsertSql = """
        INSERT INTO sds.person_keys (person_id, wrapped_key)
        SELECT @PersonId, @Wrapped WHERE EXISTS (SELECT FROM sds.people WHERE id = @PersonId)
        ON CONFLICT (person_id) DO NOTHING
        """;

    // Unwrapped keys of this command; null for a person whose key was destroyed.
    private readonly Dictionary<Guid, byte[]?> _keys = [];

    // Wrapped keys another query of this command read (see Know), unwrapped when first needed.
    private readonly Dictionary<Guid, byte[]?> _known = [];

    /// <summary>Whether the text has a sealed text's shape: the mark, a person's id in 32 hex digits, a colon, then the rest.</summary>
    public static bool IsSealed(string? text) =>
        text is not null && text.Length > IdEnd && text.StartsWith(Prefix, StringComparison.Ordinal) && text[IdEnd] == ':'
        && Guid.TryParseExact(text.AsSpan(Prefix.Length, 32), "N", out _);

    // Where the person's id ends and the colon before the base64 stands.
    private const int IdEnd = 5 + 32;

    /// <summary>
    /// The text sealed with the person's key (made on first use). <paramref name="context"/> is the idempotency key of
    /// the write: the ledger compares a retry's canonical text with the first attempt's, so the same command must seal
    /// to the same ciphertext. The 12-byte nonce is therefore derived, not random: HMAC-SHA256(data key, context | 0 |
    /// plaintext), first 12 bytes. A nonce repeats only for the same key, context and plaintext, where the ciphertext is
    /// meant to repeat; two different texts get different nonces (as with AES-GCM-SIV), so GCM's nonce rule holds.
    /// </summary>
    public virtual async Task<string> SealAsync(Guid personId, string context, string plaintext, CancellationToken ct)
    {
        var key = await KeyAsync(personId, create: true, ct)
                  ?? throw new PersonErasedException(personId);
        return Seal(personId, key, context, plaintext);
    }

    /// <summary>
    /// An audit record's detail about the person (a payee, a reason, what was set aside), sealed with their key (made on
    /// first use), each record on its own, so that two saying the same thing do not show it. About someone erased it is
    /// <see cref="ErasedDetail"/>: nothing more is kept about them. An id that names no one this tenant can see (a refused
    /// request about someone not found) has no key, and its detail, the refusal's reason, is kept as it is.
    /// </summary>
    public async Task<string> SealDetailAsync(Guid personId, string detail, CancellationToken ct) =>
        await TrySealAsync(personId, detail, ct) ?? (IsErased(personId) ? ErasedDetail : detail);

    /// <summary>
    /// The text sealed with the person's key (made on first use), on its own (a fresh context, so the same text twice does
    /// not show it); null when it cannot be: the person is erased, or no one this tenant can see.
    /// </summary>
    public virtual async Task<string?> TrySealAsync(Guid personId, string text, CancellationToken ct) =>
        await KeyAsync(personId, create: true, ct) is { } key ? Seal(personId, key, $"once:{Guid.NewGuid():N}", text) : null;

    /// <summary>
    /// What a sealed payee is matched by: HMAC-SHA256 of the payee as the rules compare it (trimmed, in lower case) under
    /// the person's key, its first 16 bytes. Only someone holding the key can tell which payee it is, and once the key is
    /// destroyed no one can; two spends of the person's to the same payee have the same one. Null for someone erased or
    /// not visible (nothing of theirs is sealed to match).
    /// </summary>
    public virtual async Task<byte[]?> PayeeMatchAsync(Guid personId, string payee, CancellationToken ct)
    {
        if (await KeyAsync(personId, create: true, ct) is not { } key) return null;
        return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("payee\0" + payee.Trim().ToLowerInvariant())).AsSpan(0, 16).ToArray();
    }

    /// <summary>
    /// A text of a new self-referral (about someone who is not registered, so has no key), sealed with a data key of the
    /// referral's own, made on first use in this command; <see cref="StoreReferralKeyAsync"/> keeps it once the referral's
    /// row is written. Erasing the person the referral became destroys it with theirs.
    /// </summary>
    public string SealForNewReferral(Guid referralId, string context, string text)
    {
        if (!_keys.TryGetValue(referralId, out var key) || key is null) _keys[referralId] = key = RandomNumberGenerator.GetBytes(32);
        return Seal(referralId, key, context, text);
    }

    /// <summary>Keeps the key <see cref="SealForNewReferral"/> made, wrapped, now that the referral's row exists.</summary>
    public async Task StoreReferralKeyAsync(Guid referralId, CancellationToken ct)
    {
        var key = _keys.TryGetValue(referralId, out var made) && made is not null
            ? made : throw new InvalidOperationException($"No key was made for referral {referralId} in this command.");
        await session.Connection.ExecuteAsync(new CommandDefinition(InsertReferralSql, new { ReferralId = referralId, Wrapped = kek.Wrap(referralId, key) },
                                                                    session.Transaction, cancellationToken: ct));
    }

    /// <summary>
    /// The person's key as another query of this command read it from <c>sds.person_keys</c> (null when destroyed), so
    /// that sealing needs no query of its own.
    /// </summary>
    public void Know(Guid personId, byte[]? wrappedKey) => _known.TryAdd(personId, wrappedKey);

    /// <summary>Forgets every key this command read or unwrapped: after an erasure has destroyed some of them in the database.</summary>
    public void Forget()
    {
        _keys.Clear();
        _known.Clear();
    }

    /// <summary>Whether this command found the person's key destroyed (after asking for it).</summary>
    public bool IsErased(Guid personId) => _keys.TryGetValue(personId, out var key) && key is null;

    /// <summary>What an erasure leaves of a text about the person, and what an audit record about them says once they are erased.</summary>
    public const string ErasedDetail = "(erased)";

    private static string Seal(Guid personId, byte[] key, string context, string plaintext)
    {
        var text = Encoding.UTF8.GetBytes(plaintext);
        var material = new byte[Encoding.UTF8.GetByteCount(context) + 1 + text.Length];
        var n = Encoding.UTF8.GetBytes(context, material);
        text.CopyTo(material, n + 1);
        var sealedText = new byte[12 + text.Length + 16];
        HMACSHA256.HashData(key, material).AsSpan(0, 12).CopyTo(sealedText);
        using var gcm = new AesGcm(key, 16);
        gcm.Encrypt(sealedText.AsSpan(0, 12), text, sealedText.AsSpan(12, text.Length), sealedText.AsSpan(12 + text.Length), personId.ToByteArray());
        return $"{Prefix}{personId:N}:{Convert.ToBase64String(sealedText)}";
    }

    /// <summary>
    /// Stops the command (<see cref="PersonErasedException"/>, which the pipeline answers with a refusal) when the person's
    /// record has been erased: for writes of their details that are not sealed, so nothing more is kept about them.
    /// </summary>
    public async Task RefuseIfErasedAsync(Guid personId, CancellationToken ct)
    {
        if (await session.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(ErasedSql, new { PersonId = personId }, session.Transaction, cancellationToken: ct)))
            throw new PersonErasedException(personId);
    }

    /// <summary>As <see cref="SealAsync"/>, for a text that may be left out: nothing (or nothing but spaces) stays as it is.</summary>
    public async Task<string?> SealIfGivenAsync(Guid personId, string context, string? plaintext, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(plaintext) ? plaintext : await SealAsync(personId, context, plaintext, ct);

    /// <summary>As <see cref="RevealAsync"/>, for a text that may be missing.</summary>
    public async Task<string?> RevealIfGivenAsync(string? text, CancellationToken ct) => text is null ? null : await RevealAsync(text, ct);

    /// <summary>
    /// Unwraps, in one query, the keys of everyone these texts are sealed for, so that opening the texts of many people
    /// (a report, a batch of statements) costs one round trip rather than one a person. Texts not sealed are passed over.
    /// </summary>
    public async Task LoadKeysForAsync(IEnumerable<string?> texts, CancellationToken ct)
    {
        var wanted = new HashSet<Guid>();
        foreach (var text in texts)
            if (IsSealed(text) && SealedFor(text!) is var id && !_keys.ContainsKey(id)) wanted.Add(id);
        if (wanted.Count == 0) return;
        var rows = await session.Connection.QueryAsync<Row>(new CommandDefinition(LoadManySql, new { PersonIds = wanted.ToArray() },
                                                                                   session.Transaction, cancellationToken: ct));
        foreach (var row in rows) _keys[row.PersonId] = row.WrappedKey is { } wrapped ? kek.Unwrap(row.PersonId, wrapped) : null;
    }

    /// <summary>
    /// The text as written: opened when it is sealed, <see cref="Erased"/> when its person's key is destroyed, otherwise as
    /// it is. A text that only looks sealed (someone typed "enc1:…" where text is kept plain) does not open with the
    /// person's key, and is also given as it is.
    /// </summary>
    public async Task<string> RevealAsync(string text, CancellationToken ct)
    {
        if (!IsSealed(text)) return text;
        var personId = SealedFor(text);
        if (await KeyAsync(personId, create: false, ct) is not { } key) return Erased;
        var sealedText = new byte[text.Length - IdEnd];
        if (!Convert.TryFromBase64Chars(text.AsSpan(IdEnd + 1), sealedText, out var length) || length < 28) return text;
        var plain = new byte[length - 28];
        using var gcm = new AesGcm(key, 16);
        try
        {
            gcm.Decrypt(sealedText.AsSpan(0, 12), sealedText.AsSpan(12, plain.Length), sealedText.AsSpan(12 + plain.Length, 16), plain, personId.ToByteArray());
        }
        catch (AuthenticationTagMismatchException)
        {
            return text;
        }
        return Encoding.UTF8.GetString(plain);
    }

    private static Guid SealedFor(string sealedText) => Guid.ParseExact(sealedText.AsSpan(Prefix.Length, 32), "N");

    private async Task<byte[]?> KeyAsync(Guid personId, bool create, CancellationToken ct)
    {
        if (_keys.TryGetValue(personId, out var known)) return known;
        if (_known.Remove(personId, out var read)) return _keys[personId] = read is { } readKey ? kek.Unwrap(personId, readKey) : null;
        var conn = session.Connection;
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(LoadSql, new { PersonId = personId }, session.Transaction, cancellationToken: ct));
        if (row is null && create)
        {
            var fresh = RandomNumberGenerator.GetBytes(32);
            await conn.ExecuteAsync(new CommandDefinition(InsertSql, new { PersonId = personId, Wrapped = kek.Wrap(personId, fresh) },
                                                          session.Transaction, cancellationToken: ct));
            // Another command may have made theirs at the same moment: the stored one is the key.
            row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(LoadSql, new { PersonId = personId }, session.Transaction, cancellationToken: ct));
        }
        // No key was ever made: nothing sealed can be theirs, so a sealed text naming them is from a destroyed key. Only a
        // key found (or found destroyed) is kept for the rest of the command, which may still make the first one.
        var key = row?.WrappedKey is { } wrapped ? kek.Unwrap(personId, wrapped) : null;
        if (row is not null) _keys[personId] = key;
        return key;
    }

    private sealed class Row
    {
        public Guid PersonId { get; init; }
        public byte[]? WrappedKey { get; init; }
    }
}
