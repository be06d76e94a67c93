using Dapper;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Ledger;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Spending;

/// <summary>What was bought (or which support was delivered): one spend, however it reached the ledger.</summary>
public sealed record SpendLine(Money Amount, string Category, string Payee, LocalDate Date, string Description, string? Evidence = null,
                               decimal? Hours = null, Guid? ApprovalId = null, string? MerchantCode = null);

/// <summary>
/// The one writer of a spend, whether a person or provider records it, a file is imported or money set aside is captured:
/// the ledger entry from the part's money to its category's account (opened on first use), the spend's own row, and the
/// approval it relied on marked used. Every rule has passed before; the ledger still refuses a spend that would take more
/// than is there (two spends at once), which is answered as insufficient funds.
/// </summary>
public sealed class SpendWriter(DbSession session, SpendingParts parts, PersonKeys personKeys)
{
    private const string InsertSpend = """
        INSERT INTO sds.spends (entry_id, part_id, category, payee, payee_match, spent_on, amount, description, evidence, hours, recorded_by_id, approval_id,
                                merchant_code)
        VALUES (@EntryId, @PartId, @Category, @Payee, @PayeeMatch, @SpentOn, @Amount, @Description, @Evidence, @Hours, @RecordedBy, @ApprovalId,
                @MerchantCode);
        UPDATE sds.approvals SET status = 'used' WHERE id = @ApprovalId AND part_id = @PartId AND status = 'approved';
        """;

    // The spent accounts this command found or opened: an import spends from the same few again and again. A scope is one
    // attempt of one command, so an account opened in work that was rolled back is never remembered past it.
    private readonly Dictionary<(Guid Part, string Category), AccountId> _spentAccounts = [];

    /// <param name="key">The spend's idempotency key in the ledger: the same key never spends twice.</param>
    /// <param name="captures">The hold the spend captures, when it spends money set aside.</param>
    public async Task<Result<Guid>> WriteAsync(Actor actor, string key, SpendingPart part, SpendLine line, HoldId? captures, CancellationToken ct)
    {
        var conn = session.Connection;
        if (!_spentAccounts.TryGetValue((part.Accounts.PartId, line.Category), out var spent))
            _spentAccounts[(part.Accounts.PartId, line.Category)] = spent = await part.Accounts.SpentAccountAsync(conn, line.Category, ct);
        // What was bought and from whom is about the person: the ledger keeps it sealed with their key (see PersonKeys).
        var description = await personKeys.SealAsync(part.Accounts.PersonId, key, $"{line.Description} ({line.Payee})", ct);
        var posted = await LedgerWriter.PostAsync(conn, new PostingRequest(captures is null ? EntryKind.Spend : EntryKind.Capture, line.Date,
            actor.Id.ToString(), description, key,
            [new Posting(part.Accounts.Source, -line.Amount), new Posting(spent, line.Amount)]) { CapturesHold = captures }, ct);
        switch (posted.Status)
        {
            case PostStatus.InsufficientFunds:
                return new Refusal(RefusalCodes.InsufficientFunds, $"This would spend {line.Amount} but only {posted.Available} is available.");
            case PostStatus.HoldNotOpen:
                return new Refusal(RefusalCodes.InvalidState, "The money set aside for this was spent or released meanwhile, so nothing more can be spent from it.");
            case PostStatus.Posted:
                break;
            default:
                throw new InvalidOperationException($"The ledger refused a checked spend: {posted.Status}.");
        }

        var entryId = posted.EntryId!.Value.Value;
        if (captures is null) parts.Spent(part.Accounts.PartId, line.Amount);
        await conn.ExecuteAsync(new CommandDefinition(InsertSpend, new
        {
            // Whom the person paid and what for are theirs: sealed, with the payee's match for the rules that compare payees.
            EntryId = entryId, part.Accounts.PartId, line.Category, SpentOn = line.Date.ToDateOnly(), Amount = line.Amount.Pence,
            Payee = await personKeys.SealAsync(part.Accounts.PersonId, $"{key}:payee", line.Payee, ct),
            PayeeMatch = await personKeys.PayeeMatchAsync(part.Accounts.PersonId, line.Payee, ct),
            Description = await personKeys.SealAsync(part.Accounts.PersonId, $"{key}:description", line.Description, ct),
            line.Evidence, line.Hours, RecordedBy = actor.Id, line.ApprovalId, line.MerchantCode,
        }, session.Transaction, cancellationToken: ct));
        return entryId;
    }
}
