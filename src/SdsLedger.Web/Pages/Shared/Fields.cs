using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace SdsLedger.Web.Pages.Shared;

/// <summary>A form field as the design system draws it: label, hint, the error beside it, and its value as last typed.</summary>
public sealed record Field(string Name, string Label, string? Value = null, string? Hint = null, string Type = "text", int Width = 20,
                           string? Autocomplete = null, bool Multiline = false);

/// <summary>A question of radio buttons: one legend, one choice each.</summary>
public sealed record Choice(string Name, string Legend, IReadOnlyList<(string Value, string Label)> Options, string? Value = null, string? Hint = null);

public static class Fields
{
    /// <summary>"Input.DateOfBirth" → "Input_DateOfBirth": the element id the error summary links to.</summary>
    public static string Id(string name) => name.Replace('.', '_').Replace('[', '_').Replace(']', '_');

    public static string? Error(ModelStateDictionary state, string name) =>
        state.TryGetValue(name, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    public static string? Shown(ModelStateDictionary state, string name, string? value) =>
        state.TryGetValue(name, out var entry) && entry.AttemptedValue is not null ? entry.AttemptedValue : value;
}
