using System.Globalization;
using System.Text;
using FluentValidation;
using NodaTime;
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
            .MaximumLength(max).WithMessage($"The {what} is too long: at most {max} characters.")
            .Must(t => TextProblem(t) is null).WithMessage((_, t) => $"The {what} {TextProblem(t)}");

    /// <summary>The first day any ledger date may be (dates of birth excepted).</summary>
    public static readonly LocalDate EarliestDate = new(2000, 1, 1);

    /// <summary>The earliest date of birth taken.</summary>
    public static readonly LocalDate EarliestBirth = new(1900, 1, 1);

    /// <summary>How far ahead of today a date may be.</summary>
    public const int YearsAhead = 10;

    /// <summary>
    /// Why a text cannot be kept as typed, or null: a NUL or other control character (a terminal escape among them; a
    /// line break is allowed), an invisible or direction-changing character (zero-width space, bidirectional override,
    /// byte order mark), half of a broken character pair, or the replacement character left by text read in the wrong
    /// encoding. Each would be stored, shown and printed as something other than what the reader sees.
    /// </summary>
    public static string? TextProblem(string? text)
    {
        if (text is null) return null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\n' || (c is '\r' && i + 1 < text.Length && text[i + 1] == '\n') || c is '\t') continue;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            var what = c switch
            {
                '\0' => "a NUL character",
                '\u001b' => "a terminal escape character",
                _ when char.IsSurrogate(c) => "half of a character pair (a broken emoji or symbol)",
                '\uFFFD' => "the replacement character (text read in the wrong encoding; save it as UTF-8)",
                '\u2028' or '\u2029' => "a line or paragraph separator",
                '\u115F' or '\u1160' or '\u3164' or '\uFFA0' or '\u2800' => "an invisible character",
                _ when char.IsControl(c) => "a control character",
                _ => CharUnicodeInfo.GetUnicodeCategory(c) switch
                {
                    UnicodeCategory.Format => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C'
                        ? "a character that changes the direction of the text" : "an invisible character",
                    UnicodeCategory.OtherNotAssigned when c is '\uFFFE' or '\uFFFF' => "a character that is not text",
                    _ => null,
                },
            };
            if (what is not null)
                return $"has {what} (U+{(int)c:X4}, character {i + 1}); type it again as plain text, without it.";
        }
        return null;
    }

    /// <summary>Why a date is out of the ledger's range, or null: from 2000-01-01 (1900 for a date of birth) to ten years after today (today for a birth).</summary>
    public static string? DateProblem(LocalDate date, LocalDate today, bool birth = false)
    {
        var (earliest, latest) = birth ? (EarliestBirth, today) : (EarliestDate, today.PlusYears(YearsAhead));
        if (date < earliest || date > latest)
            return $"{date:yyyy-MM-dd} is outside the dates SdsLedger takes: give a day from {earliest:yyyy-MM-dd} to {latest:yyyy-MM-dd}.";
        return null;
    }

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

    /// <summary>Hours of support: 0.25 to 1000, to at most two decimal places (never rounded silently, as pence are not).</summary>
    public static IRuleBuilderOptions<T, decimal?> Hours<T>(this IRuleBuilder<T, decimal?> rule) =>
        rule.Must(h => h is null or (>= 0.25m and <= 1000m)).WithMessage("Hours of support are between 0.25 and 1000.")
            .Must(h => h is null || h.Value * 100m == decimal.Truncate(h.Value * 100m))
            .WithMessage((_, h) => $"Hours are given to at most two decimal places (like 12.25 or 12.5), not {h}.");

    public static IRuleBuilderOptions<T, string> Category<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().WithMessage("Give the spending category, as in the support plan (for example 'personal-care').")
            .Matches("^[a-z][a-z0-9-]{1,40}$").WithMessage("A category is lower-case letters, digits and hyphens, like 'personal-care' or 'leisure'.");
}
