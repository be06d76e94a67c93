using NodaTime;
using SdsLedger.Domain.Budgets;

namespace SdsLedger.Domain.Spending;

/// <summary>Money already set aside on the part, named so a refusal can say what it is for.</summary>
public sealed record SetAside(string Description, Money Amount);

/// <summary>An earlier spend on the same part, for the duplicate check.</summary>
public sealed record EarlierSpend(string Payee, Money Amount, LocalDate Date);

/// <summary>An approval the spend relies on.</summary>
/// <summary>An approval the spend relies on: what it covers, and who asked and who approved it (their ids).</summary>
public sealed record GrantedApproval(Money Amount, string Payee, string Category, Guid RequestedBy, Guid ApprovedBy);

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
    GrantedApproval? Approval);
