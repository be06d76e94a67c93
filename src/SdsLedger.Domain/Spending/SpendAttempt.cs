using NodaTime;
using SdsLedger.Domain.Budgets;

namespace SdsLedger.Domain.Spending;

/// <summary>Money already set aside on the part, named so a refusal can say what it is for.</summary>
public sealed record SetAside(string Description, Money Amount);

/// <summary>An earlier spend from the same budget to the same payee, for the duplicate check and the approval threshold's window.</summary>
public sealed record EarlierSpend(string Payee, Money Amount, LocalDate Date, bool Approved = false);

/// <summary>An approval the spend relies on: what it covers, who asked and who approved it (their ids), and the excluded purpose it says was a wrong match.</summary>
public sealed record GrantedApproval(Money Amount, string Payee, string Category, Guid RequestedBy, Guid ApprovedBy, string? WrongMatch = null);

/// <summary>Someone of the person's family or household, recorded with their plan: paying them needs the council's agreement.</summary>
public sealed record FamilyMember(string Name, string Relationship, bool SameHousehold);

/// <summary>What the support plan agreed for the spend's category (an amount, or a share of the budget), and what is spent or set aside in it already.</summary>
public sealed record CategoryLimit(Money Limit, string Agreed, Money SpentOrSetAside);

/// <summary>The budget part a spend or commitment comes from, as the rules see it.</summary>
public sealed record PartFacts(
    SdsOption Option,
    HolderKind Holder,
    Guid? HolderOrganisationId,
    Guid PersonId,
    Guid CouncilId,
    BudgetPeriod Period,
    bool PeriodClosed,
    bool Active,
    bool IsTestBudget);

/// <summary>Everything the spending rules need to decide on one spend or commitment. Built by the application from the database; the rules do no IO.</summary>
public sealed record SpendAttempt(
    Actor Actor,
    Money Amount,
    string Category,
    string Payee,
    string Description,
    LocalDate Date,
    PartFacts Part,
    CouncilRules Rules,
    Money Available,
    IReadOnlyList<SetAside> SetAside,
    IReadOnlyCollection<string> PlanCategories,
    bool PayeeIsFamily,
    bool FamilyAgreementRecorded,
    IReadOnlyList<EarlierSpend> EarlierSpends,
    bool DuplicateConfirmed,
    GrantedApproval? Approval)
{
    /// <summary>Today in the council's time zone: a spend is recorded once it has happened.</summary>
    public LocalDate Today { get; init; } = LocalDate.MaxIsoValue;

    /// <summary>Money set aside for the future (a commitment), which may be dated ahead; a spend may not.</summary>
    public bool IsPlanned { get; init; }

    /// <summary>The council's excluded purposes with the terms and merchant codes that mean each.</summary>
    public IReadOnlyList<ExcludedPurpose> Excluded { get; init; } = [];

    /// <summary>The merchant category code a card platform reported for the payee, when the spend came from a card feed.</summary>
    public string? MerchantCode { get; init; }

    /// <summary>The person's family and household, as recorded with their plan.</summary>
    public IReadOnlyList<FamilyMember> Family { get; init; } = [];

    /// <summary>What the plan agreed for the category, when it agreed an amount or a share.</summary>
    public CategoryLimit? Limit { get; init; }
}
