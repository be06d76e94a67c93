using FluentValidation;
using SdsLedger.Domain;

namespace SdsLedger.Features.Shared;

/// <summary>Input checks shared by the features, each with a message that names the fix.</summary>
public static class Validation
{
    public const int MaxText = 500;

    public static IRuleBuilderOptions<T, Actor> ValidActor<T>(this IRuleBuilder<T, Actor> rule) =>
        rule.NotNull().WithMessage("Say who is acting.")
            .Must(a => a is null || !string.IsNullOrWhiteSpace(a.Name)).WithMessage("The actor needs a name, as it will be recorded in history.");

    public static IRuleBuilderOptions<T, string> Key<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().WithMessage("Give an idempotency key (any unique text, reused only when retrying the same request).")
            .MaximumLength(200).WithMessage("The idempotency key is too long: at most 200 characters.");

    public static IRuleBuilderOptions<T, string> Text<T>(this IRuleBuilder<T, string> rule, string what, int max = MaxText) =>
        rule.NotEmpty().WithMessage($"Give the {what}.")
            .MaximumLength(max).WithMessage($"The {what} is too long: at most {max} characters.");

    /// <summary>No control or invisible characters (line breaks allowed where the text may run to paragraphs).</summary>
    public static IRuleBuilderOptions<T, string> NoHiddenCharacters<T>(this IRuleBuilder<T, string> rule, string what, bool lineBreaks = false) =>
        rule.Must(t => t is null || !t.Any(ch => (char.IsControl(ch) && !(lineBreaks && ch is '\n' or '\r' or '\t'))
                                                || char.GetUnicodeCategory(ch) == System.Globalization.UnicodeCategory.Format))
            .WithMessage($"The {what} has a control or invisible character; type it again as plain text.");

    /// <summary>A date an event happened on, within the years SdsLedger records (not a typing slip like 0206 or 2620).</summary>
    public static IRuleBuilderOptions<T, NodaTime.LocalDate> SaneDay<T>(this IRuleBuilder<T, NodaTime.LocalDate> rule, string what) =>
        rule.Must(d => d.Year is >= 2000 and <= 2100).WithMessage($"The {what} must be between 2000 and 2100; write it like 2026-10-20.");

    public static IRuleBuilderOptions<T, Money> PositiveAmount<T>(this IRuleBuilder<T, Money> rule) =>
        rule.Must(m => m.IsPositive).WithMessage("The amount must be more than £0.00, in pounds and pence (for example 12.50).")
            .Must(m => m.Pence <= 100_000_000_00).WithMessage("The amount is too large: at most £100,000,000.00.");

    public static IRuleBuilderOptions<T, string> Category<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().WithMessage("Give the spending category, as in the support plan (for example 'personal-care').")
            .Matches("^[a-z][a-z0-9-]{1,40}$").WithMessage("A category is lower-case letters, digits and hyphens, like 'personal-care' or 'leisure'.");
}
