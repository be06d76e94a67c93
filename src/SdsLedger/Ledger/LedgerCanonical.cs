using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SdsLedger.Ledger;

/// <summary>
/// The canonical text and hashes of an entry, built exactly as ledger.canonical and ledger.post_entry
/// build them in SQL (db/migrations/0002_ledger.sql), so the batch writer's entries pass the same audit.
/// </summary>
internal static class LedgerCanonical
{
    public static string Text(string kind, DateOnly effective, string actor, string description, Guid? reverses, string key,
                              IReadOnlyList<(Guid Account, long Amount)> sortedPostings)
    {
        var sb = new StringBuilder();
        sb.Append(Field(kind)).Append('|')
          .Append(effective.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('|')
          .Append(Field(actor)).Append('|')
          .Append(Field(description)).Append('|')
          .Append(reverses?.ToString() ?? "-").Append('|')
          .Append(Field(key)).Append('|');
        for (var i = 0; i < sortedPostings.Count; i++)
        {
            if (i > 0) sb.Append(';');
            sb.Append(sortedPostings[i].Account.ToString()).Append('=').Append(sortedPostings[i].Amount.ToString(CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    public static byte[] RequestHash(string canonical) => SHA256.HashData(Encoding.UTF8.GetBytes(canonical));

    /// <summary>sha256(id + "|" || request hash || the previous hash of each account in account order).</summary>
    public static byte[] EntryHash(Guid id, byte[] requestHash, IEnumerable<byte[]?> previousHashes)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(id + "|"));
        hash.AppendData(requestHash);
        foreach (var previous in previousHashes)
            if (previous is not null) hash.AppendData(previous);
        return hash.GetHashAndReset();
    }

    /// <summary>Account order as PostgreSQL sorts uuids: by their bytes, which is the order of their lower-case text.</summary>
    public static int CompareAccounts(Guid a, Guid b) => string.CompareOrdinal(a.ToString(), b.ToString());

    private static string Field(string value) => Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture) + ":" + value;
}
