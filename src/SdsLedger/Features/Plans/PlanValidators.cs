using FluentValidation;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Shared;

namespace SdsLedger.Features.Plans;

/// <summary>
/// The shape of an outcome, the same in a support plan and a test budget: the person's words, and recovery tags
/// from the fixed lists when given.
/// </summary>
internal sealed class OutcomeValidator : AbstractValidator<Outcome>
{
    public OutcomeValidator(string what)
    {
        RuleFor(x => x.Text).Text(what, 300);
        RuleFor(x => x.RecoveryPhase).Must(RecoveryTags.IsPhase)
            .WithMessage("The recovery phase is stabilisation, maintenance or recovery (or leave it out).");
        RuleFor(x => x.CapitalDomain).Must(RecoveryTags.IsCapitalDomain)
            .WithMessage("The recovery capital domain is personal, social or community (or leave it out).");
    }
}

/// <summary>The shape of an agreed spending category: a known category with an amount or a share, not both.</summary>
internal sealed class PlanCategoryValidator : AbstractValidator<PlanCategory>
{
    public PlanCategoryValidator()
    {
        RuleFor(x => x.Category).Category();
        RuleFor(x => x).Must(x => x.Amount is null || x.SharePercent is null)
            .WithMessage("Give a category an amount or a share, not both.");
        RuleFor(x => x.SharePercent).InclusiveBetween(0.01m, 100m).When(x => x.SharePercent is not null)
            .WithMessage("A share is a percentage above 0 and at most 100.");
        RuleFor(x => x.Amount).Must(a => a is null || a.Value.IsPositive).WithMessage("A category's amount must be more than £0.00.");
    }
}

internal static class PlanRules
{
    /// <summary>At least one category, each named once (each one's shape is <see cref="PlanCategoryValidator"/>'s).</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<PlanCategory>> AgreedCategories<T>(
        this IRuleBuilder<T, IReadOnlyList<PlanCategory>> rule, string whenEmpty) =>
        rule.NotEmpty().WithMessage(whenEmpty)
            .Must(cs => cs is null || cs.Select(x => x.Category).Distinct().Count() == cs.Count).WithMessage("Each category appears once.");
}
