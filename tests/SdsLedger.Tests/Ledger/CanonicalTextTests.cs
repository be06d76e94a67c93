using Npgsql;
using NpgsqlTypes;
using SdsLedger.Domain;
using SdsLedger.Ledger;

namespace SdsLedger.Tests.Ledger;

/// <summary>
/// An entry's canonical text is built in one place, ledger.canonical, which ledger.post_entry and ledger.post_batch both
/// reach through ledger.prepare_entry and the audit calls itself. Its form is fixed here (length-prefixed fields, so no
/// two requests share a text), and the two writers' entries are checked against it: if they drifted apart, sound
/// entries would fail the audit or a retried request would be taken for a conflict.
/// </summary>
public sealed class CanonicalTextTests(LedgerScenario s) : IClassFixture<LedgerScenario>
{
    private static readonly DateOnly Effective = new(2026, 10, 4);

    private const string StoredAndRecomputedSql = """
        SELECT e.request_hash,
               sha256(convert_to(ledger.canonical(e.kind, e.effective_date, e.actor, e.description, e.reverses, e.idempotency_key,
                                                  array_agg(p.account_id ORDER BY p.account_id),
                                                  array_agg(p.amount ORDER BY p.account_id)), 'UTF8'))
          FROM ledger.entries e JOIN ledger.postings p ON p.entry_id = e.id
         WHERE e.id = $1
         GROUP BY e.id
        """;

    public static TheoryData<string, string, string> TrickyTexts => new()
    {
        { "tester", "Bus pass", "plain" },
        { "Eilidh Nic a' Phearsain", "Fìdhlearachd — £12.50 for 2 × lessons ☕🎻, ünïcödé", "ключ-🔑-ñ" },
        { "a|b;c=d", "pipes | semicolons ; equals = and 5:colons;|;", "key|with;separators=and:colons" },
        { "", "3:abc|2:de|-|", "7:seven|" },
        { "tab\there", "line\nbreak, back\\slash, 'single' \"double\"", "k\r\n2" },
    };

    [Theory]
    [MemberData(nameof(TrickyTexts))]
    public async Task Ledger_canonical_prefixes_every_field_with_its_length_in_bytes(string actor, string description, string key)
    {
        var postings = Sorted([(Guid.NewGuid(), -9_000_000_000_000_001), (Guid.NewGuid(), 1), (Guid.NewGuid(), 250), (Guid.NewGuid(), 8_999_999_999_999_750)]);

        foreach (var reverses in new Guid?[] { null, Guid.NewGuid() })
        {
            var text = await SqlCanonical("adjustment", actor, description, reverses, key, postings);

            text.Should().Be(ExpectedText("adjustment", actor, description, reverses, key, postings));
        }
    }

    [Theory]
    [MemberData(nameof(TrickyTexts))]
    public async Task A_posted_entry_and_its_reversal_store_the_request_hash_of_ledger_canonical_as_the_batch_does(
        string actor, string description, string key)
    {
        var funding = await s.Funding();
        var (a, b, c) = (await s.Account(), await s.Account("spent"), await s.Account("returned"));
        // Several postings, deliberately not in account order.
        var request = new PostingRequest(EntryKind.Instalment, LedgerScenario.Day(3), actor, description, Unique(key),
            [new Posting(c, Money.FromPence(300)), new Posting(funding, Money.FromPence(-1_000)),
             new Posting(a, Money.FromPence(450)), new Posting(b, Money.FromPence(250))]);

        var posted = await s.Ledger.PostAsync(request);
        var reversal = await s.Ledger.ReverseAsync(posted.EntryId!.Value, LedgerScenario.Day(4), actor, description + " | undone; ✓", Unique(key));

        posted.Status.Should().Be(PostStatus.Posted);
        reversal.Status.Should().Be(PostStatus.Posted);
        foreach (var entry in new[] { posted.EntryId.Value, reversal.EntryId!.Value })
        {
            var (stored, recomputed) = await StoredAndRecomputed(entry);
            stored.Should().Equal(recomputed, "entry {0}'s request hash must be the hash of ledger.canonical", entry);
        }
        var batched = request with { Id = EntryId.New(), IdempotencyKey = Unique(key) };
        (await s.Batch.PostAsync([batched])).Status.Should().Be(BatchStatus.Posted);
        var (batchStored, batchRecomputed) = await StoredAndRecomputed(batched.Id);
        batchStored.Should().Equal(batchRecomputed, "the batch's entries hash the same canonical text");
        await s.AuditPasses();
    }

    [Theory]
    [MemberData(nameof(TrickyTexts))]
    public async Task A_request_written_by_either_writer_is_a_duplicate_for_the_other(string actor, string description, string key)
    {
        var (_, held) = await s.FundedAccount(Money.FromPounds(100));
        var spent = await s.Account("spent");
        var returned = await s.Account("returned");
        PostingRequest Spend(string k) => new(EntryKind.Spend, LedgerScenario.Day(5), actor, description, k,
            [new Posting(spent, Money.FromPence(700)), new Posting(held, Money.FromPence(-1_000)), new Posting(returned, Money.FromPence(300))]);
        var batchFirst = Spend(Unique(key));
        var singleFirst = Spend(Unique(key));

        var batched = await s.Batch.PostAsync([batchFirst]);
        var thenSingle = await s.Ledger.PostAsync(batchFirst with { Id = EntryId.New() });
        var single = await s.Ledger.PostAsync(singleFirst);
        var thenBatched = await s.Batch.PostAsync([singleFirst with { Id = EntryId.New() }]);

        batched.Posted.Should().Be(1);
        thenSingle.Status.Should().Be(PostStatus.Duplicate);
        thenSingle.EntryId.Should().Be(batchFirst.Id);
        single.Status.Should().Be(PostStatus.Posted);
        thenBatched.Status.Should().Be(BatchStatus.Posted);
        thenBatched.AlreadyPosted.Should().Be(1);
        (await s.Posted(held)).Should().Be(Money.FromPounds(80));
        await s.AuditPasses();
    }

    private static string Unique(string key) => $"{key}/{Guid.NewGuid():N}";

    /// <summary>Account order as PostgreSQL sorts uuids: by their bytes, which is the order of their lower-case text.</summary>
    private static (Guid Account, long Amount)[] Sorted(IEnumerable<(Guid Account, long Amount)> postings) =>
        postings.OrderBy(p => p.Account.ToString(), StringComparer.Ordinal).ToArray();

    /// <summary>kind|date|actor|description|reverses|key|postings, each free text as "bytes:text", postings "account=pence;...".</summary>
    private static string ExpectedText(string kind, string actor, string description, Guid? reverses, string key, (Guid Account, long Amount)[] postings)
    {
        static string Field(string v) => $"{System.Text.Encoding.UTF8.GetByteCount(v)}:{v}";
        return string.Join("|", Field(kind), Effective.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Field(actor),
            Field(description), reverses?.ToString() ?? "-", Field(key), string.Join(";", postings.Select(p => $"{p.Account}={p.Amount}")));
    }

    private async Task<string> SqlCanonical(string kind, string actor, string description, Guid? reverses, string key,
                                            (Guid Account, long Amount)[] postings)
    {
        await using var cmd = s.AppDataSource.CreateCommand("SELECT ledger.canonical($1, $2, $3, $4, $5, $6, $7, $8)");
        cmd.Parameters.Add(new NpgsqlParameter { Value = kind });
        cmd.Parameters.Add(new NpgsqlParameter { Value = Effective });
        cmd.Parameters.Add(new NpgsqlParameter { Value = actor });
        cmd.Parameters.Add(new NpgsqlParameter { Value = description });
        cmd.Parameters.Add(new NpgsqlParameter { Value = reverses is { } r ? r : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new NpgsqlParameter { Value = key });
        cmd.Parameters.Add(new NpgsqlParameter { Value = postings.Select(p => p.Account).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = postings.Select(p => p.Amount).ToArray() });
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<(byte[] Stored, byte[] Recomputed)> StoredAndRecomputed(EntryId entry)
    {
        await using var cmd = s.AppDataSource.CreateCommand(StoredAndRecomputedSql);
        cmd.Parameters.Add(new NpgsqlParameter { Value = entry.Value });
        await using var reader = await cmd.ExecuteReaderAsync();
        (await reader.ReadAsync()).Should().BeTrue("entry {0} was written", entry);
        return ((byte[])reader[0], (byte[])reader[1]);
    }
}
