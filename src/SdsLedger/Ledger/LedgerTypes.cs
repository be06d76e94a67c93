using NodaTime;
using SdsLedger.Domain;

namespace SdsLedger.Ledger;

public readonly record struct AccountId(Guid Value)
{
    public static AccountId New() => new(Guid.CreateVersion7());
    public override string ToString() => Value.ToString();
}

public readonly record struct EntryId(Guid Value)
{
    public static EntryId New() => new(Guid.CreateVersion7());
    public override string ToString() => Value.ToString();
}

public readonly record struct HoldId(Guid Value)
{
    public static HoldId New() => new(Guid.CreateVersion7());
    public override string ToString() => Value.ToString();
}

/// <summary>Who owns an account: a budget part, a council, an organisation, a person, or the system.</summary>
public enum OwnerKind
{
    BudgetPart,
    Council,
    Organisation,
    Person,
    System,
}

/// <summary>
/// An account to open: its owner, its kind (allocation, held, spent:travel …), whether it may go below zero, the
/// council it belongs to (a council's own account belongs to that council without saying; one of no council is seen
/// only on the local path) and, for a part of a person's budget, that person.
/// </summary>
public sealed record AccountSpec(OwnerKind OwnerKind, Guid OwnerId, string Kind, string Name, bool AllowNegative = false, Guid? CouncilId = null,
                                 Guid? PersonId = null);

/// <summary>One leg of an entry: a signed amount on one account. The legs of an entry sum to zero.</summary>
public sealed record Posting(AccountId Account, Money Amount);

public enum EntryKind
{
    Allocation,
    Instalment,
    Spend,
    Capture,
    Transfer,
    Return,
    Reclaim,
    Reversal,
    Adjustment,
    Opening,
}

/// <summary>
/// A journal entry to post. The idempotency key makes retries safe: the same key with the same request
/// returns the first result; the same key with a different request is a conflict.
/// </summary>
public sealed record PostingRequest(
    EntryKind Kind,
    LocalDate EffectiveDate,
    string Actor,
    string Description,
    string IdempotencyKey,
    IReadOnlyList<Posting> Postings)
{
    public EntryId Id { get; init; } = EntryId.New();
    public HoldId? CapturesHold { get; init; }
}

public enum PostStatus
{
    /// <summary>Written now.</summary>
    Posted,
    /// <summary>Written before under the same key with the same request: nothing written now.</summary>
    Duplicate,
    /// <summary>The key was used before for a different request: nothing written.</summary>
    Conflict,
    InsufficientFunds,
    UnknownAccount,
    AlreadyReversed,
    NotFound,
    /// <summary>The postings do not balance, repeat an account, or have a zero amount.</summary>
    Invalid,
    HoldNotOpen,
}

/// <summary>What happened to a posting request. Only <see cref="PostStatus.Posted"/> and <see cref="PostStatus.Duplicate"/> mean the entry exists.</summary>
public sealed record PostResult(PostStatus Status, EntryId? EntryId, AccountId? Account = null, Money? Available = null)
{
    public bool Succeeded => Status is PostStatus.Posted or PostStatus.Duplicate;
}

public enum HoldStatus
{
    Placed,
    Duplicate,
    Conflict,
    InsufficientFunds,
    UnknownAccount,
    Invalid,
}

public sealed record HoldResult(HoldStatus Status, HoldId? HoldId, Money? Available = null)
{
    public bool Succeeded => Status is HoldStatus.Placed or HoldStatus.Duplicate;
}

public enum ReleaseStatus
{
    Released,
    Expired,
    NotOpen,
    NotFound,
}

/// <summary>An account's money now: posted, set aside by open holds, and available to spend.</summary>
public sealed record AccountBalance(AccountId Account, Money Posted, Money Pending, long Version)
{
    public Money Available => Posted - Pending;
}

public sealed record StatementLine(EntryId Entry, LocalDate EffectiveDate, string Kind, string Description, Money Amount, Money RunningBalance);

public sealed record AccountStatement(AccountId Account, LocalDate From, LocalDate To, Money Opening, IReadOnlyList<StatementLine> Lines, Money Closing);

public sealed record TrialBalanceLine(string Kind, int Accounts, Money Posted, Money Pending);

public sealed record TrialBalance(IReadOnlyList<TrialBalanceLine> Lines)
{
    public Money Total => Lines.Aggregate(Money.Zero, (sum, l) => sum + l.Posted);
    public bool Balances => Total.IsZero;
}
