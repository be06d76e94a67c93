namespace SdsLedger.Features.Shared;

/// <summary>
/// Where a person's sign-in codes go, as it is compared: an email address trimmed and in lower case ("email"), or a UK
/// mobile number as its 11 digits from 07 ("sms"; spaces, dashes and brackets dropped, +44 becomes 0).
/// </summary>
public sealed record SignInAddress(string Channel, string Value)
{
    public const string Email = "email";
    public const string Sms = "sms";

    /// <summary>An email address as it is compared; null when none is given or it could not be one (a hidden character, no @).</summary>
    public static SignInAddress? FromEmail(string? text) =>
        string.IsNullOrWhiteSpace(text) || Validation.TextProblem(text) is not null || !text.Contains('@', StringComparison.Ordinal)
            ? null
            : new SignInAddress(Email, text.Trim().ToLowerInvariant());

    /// <summary>A mobile number as it is kept and compared; null when none is given or it is not a UK mobile number.</summary>
    public static SignInAddress? FromMobile(string? text) => MobileDigits(text) is { } digits ? new SignInAddress(Sms, digits) : null;

    /// <summary>What someone typed to sign in: an email address when it has an @, otherwise a mobile number; null when it is neither.</summary>
    public static SignInAddress? Typed(string? text) =>
        text is not null && text.Contains('@', StringComparison.Ordinal) ? FromEmail(text) : FromMobile(text);

    /// <summary>A UK mobile number as its 11 digits from 07; null when it is not one.</summary>
    public static string? MobileDigits(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var digits = new string(text.Where(ch => ch is not (' ' or '-' or '(' or ')')).ToArray());
        if (digits.StartsWith("+44", StringComparison.Ordinal)) digits = "0" + digits[3..];
        return digits.Length == 11 && digits.StartsWith("07", StringComparison.Ordinal) && digits.All(char.IsAsciiDigit) ? digits : null;
    }
}
