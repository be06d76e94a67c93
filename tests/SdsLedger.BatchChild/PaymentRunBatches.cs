using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Ledger;

namespace SdsLedger.BatchChild;

/// <summary>The same batches every time for the same arguments, so a re-run after a crash sends the same keys.</summary>
public static class PaymentRunBatches
{
    public static IReadOnlyList<PostingRequest> Batch(string run, AccountId funding, IReadOnlyList<AccountId> parts, int batch, int size) =>
        Enumerable.Range(0, size).Select(i => new PostingRequest(
            EntryKind.Instalment, new LocalDate(2026, 10, 1), "payment-run", $"Instalment {batch}/{i}", $"{run}/{batch}/{i}",
            [new Posting(funding, Money.FromPence(-(100 + i))), new Posting(parts[i % parts.Count], Money.FromPence(100 + i))])).ToList();
}
