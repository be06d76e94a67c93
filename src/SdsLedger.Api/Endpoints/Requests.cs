using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.Plans;

namespace SdsLedger.Api.Endpoints;

// Request bodies. Amounts are whole pence (integers); dates are YYYY-MM-DD. Unknown fields are refused.

/// <summary><c>statementFormat</c> is standard, large-print or easy-read; <c>largePrint: true</c> is its older spelling of large-print.</summary>
internal sealed record RegisterPersonRequest(string Reference, string Name, DateOnly DateOfBirth, string? Contact = null,
                                             bool LargePrint = false, Guid? SocialWorkerId = null, StatementFormat? StatementFormat = null)
{
    public StatementFormat Format => StatementFormat ?? (LargePrint ? Domain.StatementFormat.LargePrint : Domain.StatementFormat.Standard);
}

internal sealed record PartRequest(int Option, HolderKind Holder, long AmountPence, Guid? HolderOrganisationId = null,
                                   string? HolderName = null, int? InstalmentWeeks = null)
{
    public PartSpec ToSpec() => new((SdsOption)Option, Holder, Money.FromPence(AmountPence), HolderOrganisationId, HolderName, InstalmentWeeks);
}

internal sealed record CreateBudgetRequest(Guid PersonId, DateOnly Start, DateOnly End, IReadOnlyList<PartRequest> Parts);

internal sealed record OutcomeRequest(string Text, string? RecoveryPhase = null, string? CapitalDomain = null)
{
    public Outcome ToOutcome() => new(Text, RecoveryPhase, CapitalDomain);
}

internal sealed record PlanCategoryRequest(string Category, long? AmountPence = null, decimal? SharePercent = null)
{
    public PlanCategory ToCategory() => new(Category, AmountPence is { } p ? Money.FromPence(p) : null, SharePercent);
}

internal sealed record AgreePlanRequest(DateOnly AgreedOn, IReadOnlyList<OutcomeRequest> Outcomes, IReadOnlyList<PlanCategoryRequest> Categories);

internal sealed record EndBudgetRequest(string Reason);

internal sealed record SpendRequest(long AmountPence, string Category, string Payee, DateOnly Date, string Description,
                                    string? Evidence = null, decimal? Hours = null, bool PayeeIsFamily = false,
                                    bool ConfirmDuplicate = false, Guid? ApprovalId = null);

internal sealed record CommitRequest(long AmountPence, string Category, string Payee, DateOnly Date, string Description,
                                     bool PayeeIsFamily = false, bool ConfirmDuplicate = false, Guid? ApprovalId = null);

internal sealed record CaptureRequest(long AmountPence, DateOnly Date, string? Evidence = null, decimal? Hours = null);

internal sealed record ReasonRequest(string Reason);

internal sealed record ApprovalRequest(long AmountPence, string Category, string Payee, string Description);

internal sealed record ApproveRequest(string? Note = null);
