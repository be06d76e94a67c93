namespace SdsLedger.Domain.Spending;

/// <summary>Why something was not done: a stable code for scripts and a reason a person understands, with the figures.</summary>
public sealed record Refusal(string Code, string Reason)
{
    public override string ToString() => $"{Code}: {Reason}";
}

/// <summary>The stable refusal codes. Scripts and the API rely on them; never rename one.</summary>
public static class RefusalCodes
{
    public const string InsufficientFunds = "insufficient-funds";
    public const string OutsidePeriod = "outside-period";
    public const string PeriodClosed = "period-closed";
    public const string OutsidePlan = "outside-plan";
    public const string ExcludedPurpose = "excluded-purpose";
    public const string NotHolder = "not-holder";
    public const string NeedsApproval = "needs-approval";
    public const string ApproverIsRequester = "approver-is-requester";
    public const string TestBudgetCap = "test-budget-cap";
    public const string FamilyPayeeUnagreed = "family-payee-unagreed";
    public const string PossibleDuplicate = "possible-duplicate";
    public const string ReclaimWithoutDiscussion = "reclaim-without-discussion";
    public const string NotAuthorised = "not-authorised";
    public const string NotFound = "not-found";
    public const string IdempotencyConflict = "idempotency-conflict";
    public const string InvalidState = "invalid-state";
    public const string NeedsConfirmation = "needs-confirmation";
    public const string UnknownActor = "unknown-actor";
    public const string FutureDate = "future-date";
    public const string OverPlanAmount = "over-plan-amount";
    public const string ReasonNeeded = "reason-needed";
}
