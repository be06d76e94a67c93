using FluentValidation;
using SdsLedger.Domain;
using SdsLedger.Pipeline;
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
    /// <summary>At least one category, each named once, and shares that add up to at most all of it (each one's shape is <see cref="PlanCategoryValidator"/>'s).</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<PlanCategory>> AgreedCategories<T>(
        this IRuleBuilder<T, IReadOnlyList<PlanCategory>> rule, string whenEmpty) =>
        rule.NotEmpty().WithMessage(whenEmpty)
            .Must(cs => cs is null || cs.Select(x => x?.Category).Distinct().Count() == cs.Count).WithMessage("Each category appears once.")
            .Must(cs => cs is null || SharesTotal(cs) <= 100m)
            .WithMessage((_, cs) => $"The categories' shares add up to {SharesTotal(cs):0.##}%; together they can be at most 100% of the budget.");

    /// <summary>The sum of the shares that are each well formed (one out of range is named by its own field, not again here).</summary>
    private static decimal SharesTotal(IReadOnlyList<PlanCategory> categories) =>
        categories.Sum(c => c?.SharePercent is > 0m and <= 100m ? c.SharePercent.Value : 0m);

    /// <summary>
    /// Agreed amounts fit the budget: none above it, and all together at most its agreed total. Null when they do; otherwise
    /// the field and what to put right.
    /// </summary>
    public static FieldError? AmountsFit(IReadOnlyList<PlanCategory> categories, Money budgetTotal)
    {
        for (var i = 0; i < categories.Count; i++)
        {
            if (categories[i].Amount is { } amount && amount > budgetTotal)
                return new FieldError($"Categories[{i}].Amount", $"{categories[i].Category} is agreed {amount}, more than the whole budget of {budgetTotal}.");
        }
        var total = categories.Aggregate(Money.Zero, (sum, c) => sum + (c.Amount ?? Money.Zero));
        return total > budgetTotal
            ? new FieldError("Categories", $"The categories' amounts add up to {total}, more than the budget of {budgetTotal}; together they can be at most the budget.")
            : null;
    }
}
