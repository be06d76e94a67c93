using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;

namespace SdsLedger.Features.Statements;

/// <summary>
/// A person's statement of one budget for one period, every figure read from the ledger: for each part of the
/// budget, the money at the start, what came in, what was bought, what went back to the council, and the money at
/// the end; what is set aside; the outcomes the budget is for, with any progress recorded; and who to contact.
/// <see cref="NamesRecovery"/>: the person chose, and their council offers, statements that say a test budget is for
/// their recovery; otherwise nothing on the statement says so.
/// </summary>
public sealed record StatementView(
    Guid BudgetId,
    string PersonName,
    string PersonReference,
    StatementFormat Format,
    string CouncilName,
    string CouncilContact,
    string? SocialWorker,
    LocalDate From,
    LocalDate To,
    BudgetPeriod BudgetPeriod,
    bool IsTest,
    SdsOption Option,
    Money AgreedTotal,
    IReadOnlyList<StatementPart> Parts,
    IReadOnlyList<StatementOutcome> Outcomes,
    IReadOnlyList<ProgressEntry> GeneralProgress,
    bool NamesRecovery = false)
{
    public Money Opening => Sum(p => p.Opening);
    public Money MoneyIn => Sum(p => p.MoneyInTotal);
    public Money Spent => Sum(p => p.SpentTotal);
    public Money Returned => Sum(p => p.ReturnedTotal);
    public Money OtherOut => Sum(p => p.OtherOutTotal);
    public Money MoneyOut => Spent + Returned + OtherOut;
    public Money Closing => Sum(p => p.Closing);
    public Money SetAside => Sum(p => p.SetAsideTotal);

    /// <summary>Closing = opening + in − out, for every part and so for the whole budget.</summary>
    public bool Balances => Parts.All(p => p.Balances);

    private Money Sum(Func<StatementPart, Money> pick) => Parts.Aggregate(Money.Zero, (sum, p) => sum + pick(p));
}

/// <summary>
/// One part of a budget over the period: its money at the start and end (the balance of the account it is spent
/// from: what is held for options 1 and 2, the allocation for option 3) and every movement between, sorted by where
/// the money came from or went: the council (money in), a spending category (bought), or back to the council.
/// </summary>
public sealed record StatementPart(
    int Position,
    SdsOption Option,
    HolderKind Holder,
    string HolderName,
    string? HolderContact,
    Money Amount,
    Money Opening,
    IReadOnlyList<MoneyInLine> MoneyIn,
    IReadOnlyList<PurchaseLine> Purchases,
    IReadOnlyList<ReturnLine> Returned,
    IReadOnlyList<OtherOutLine> OtherOut,
    IReadOnlyList<SetAsideLine> SetAside,
    Money Closing,
    Money StillToCome)
{
    public Money MoneyInTotal => MoneyIn.Aggregate(Money.Zero, (s, l) => s + l.Amount);
    public Money SpentTotal => Purchases.Aggregate(Money.Zero, (s, l) => s + l.Amount);
    public Money ReturnedTotal => Returned.Aggregate(Money.Zero, (s, l) => s + l.Amount);
    public Money OtherOutTotal => OtherOut.Aggregate(Money.Zero, (s, l) => s + l.Amount);
    public Money MoneyOutTotal => SpentTotal + ReturnedTotal + OtherOutTotal;
    public Money SetAsideTotal => SetAside.Aggregate(Money.Zero, (s, l) => s + l.Amount);
    public bool Balances => Opening + MoneyInTotal - MoneyOutTotal == Closing;

    /// <summary>What was bought, category by category (in category order), each category's items by date.</summary>
    public IEnumerable<IGrouping<string, PurchaseLine>> PurchasesByCategory =>
        Purchases.GroupBy(p => p.Category).OrderBy(g => g.Key, StringComparer.Ordinal);
}

/// <summary>Money into the part: an instalment paid to the holder, the council's allocation (option 3), or a correction of one.</summary>
public sealed record MoneyInLine(LocalDate Date, Money Amount, MoneyInKind Kind, string Description);

public enum MoneyInKind
{
    /// <summary>An instalment, or for option 3 the allocation itself.</summary>
    Payment,

    /// <summary>A reversal of an earlier payment (a negative amount), or money from anywhere other than the council.</summary>
    Correction,
}

/// <summary>Something bought, or hours of support delivered; a correction (a reversed purchase) has a negative amount.</summary>
public sealed record PurchaseLine(LocalDate Date, string Category, string Payee, string What, Money Amount, decimal? Hours, bool Correction);

/// <summary>Money paid back to the council (surplus after a discussion, or unspent money at the end).</summary>
public sealed record ReturnLine(LocalDate Date, Money Amount, string Description);

/// <summary>Money that left the part for anywhere else (an adjustment or transfer).</summary>
public sealed record OtherOutLine(LocalDate Date, Money Amount, string Description);

/// <summary>Money set aside at the end of the period for a planned purchase or arranged service: still in the balance, not free to spend.</summary>
public sealed record SetAsideLine(LocalDate PlannedOn, string Category, string Payee, string What, Money Amount);

/// <summary>An outcome the budget is for, in the person's own words, with the progress recorded on it.</summary>
public sealed record StatementOutcome(string Text, string? RecoveryPhase, string? CapitalDomain, IReadOnlyList<ProgressEntry> Progress)
{
    public bool Completed => Progress.Any(p => p.Completed);
}

public sealed record ProgressEntry(LocalDate NotedOn, string WhatChanged, string? InOwnWords, bool Completed);
