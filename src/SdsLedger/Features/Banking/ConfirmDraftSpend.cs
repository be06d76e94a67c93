using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Spending;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Banking;

/// <summary>
/// Confirms a draft spend: records it with the one spend command (<see cref="RecordSpend"/>), so every spending rule
/// runs as for any spend, then marks the draft recorded. The spend's key is the draft's own, so however often and by
/// however many people it is confirmed, at most one spend is recorded for the card line; a retry after a failure
/// between the two steps finds that spend and finishes. A refusal records nothing and leaves the draft waiting.
/// The draft's merchant category code goes with the spend, so the excluded-purpose rule reads it (a betting shop's 7995).
/// </summary>
public static class ConfirmDraftSpend
{
    public static async Task<Result<DraftSpendDecision>> ConfirmAsync(SdsLedgerApp app, Actor actor, Guid draftId, string category, string? description,
                                                                      CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        var found = await app.SendAsync(new DraftSpends.Query(actor, DraftId: draftId), ct);
        if (!found.Succeeded) return Result<DraftSpendDecision>.Refused(found.Refusal!);
        if (found.Value!.SingleOrDefault() is not { } draft) return Result<DraftSpendDecision>.Refused(RefusalCodes.NotFound, "That draft spend was not found, or is not yours to see.");
        if (draft.Status == "dismissed")
            return Result<DraftSpendDecision>.Refused(BankingCodes.DraftDecided, "This draft spend was dismissed; it cannot be recorded now.");

        var command = new RecordSpend.Command(actor, $"draft-spend:{draftId}:{draft.RefusedAttempts}", draft.PartId, draft.Amount, category, draft.Payee, draft.Date,
            string.IsNullOrWhiteSpace(description) ? $"Card payment to {draft.Payee}" : description.Trim(), Evidence: $"card line, draft {draftId:N}",
            MerchantCode: draft.MerchantCategoryCode);
        var spend = await app.SendAsync(command, ct);
        if (spend.Refusal is { Code: RefusalCodes.IdempotencyConflict })
            return Result<DraftSpendDecision>.Refused(BankingCodes.DraftDecided, "Someone is recording this draft spend with another category or description; look at it again in a moment.");
        if (spend.Refusal is { } refusal)
        {
            await app.SendAsync(new RecordDraftRefusal.Command(actor, $"draft-spend:{draftId}:{draft.RefusedAttempts}:refused", draftId, draft.RefusedAttempts), ct);
            return Result<DraftSpendDecision>.Refused(refusal);
        }
        if (!spend.Succeeded) return Result<DraftSpendDecision>.Invalid(spend.Errors);
        return await app.SendAsync(new DecideDraftSpend.Command(actor, $"draft-spend:{draftId}:recorded", draftId, spend.Value, null), ct);
    }
}
