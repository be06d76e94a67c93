using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using SdsLedger.Domain;
using SdsLedger.Features.Plans;
using SdsLedger.Features.Shared;

namespace SdsLedger.Web.Pages.Budgets;

/// <summary>
/// The outcomes and spending categories a support plan or a test budget agrees, as a form carries them: up to three
/// outcomes in the person's words and up to four categories, each with an amount or a share. Blank rows are left out; the
/// command's field names are mapped back to the form's so each problem is named beside its field.
/// </summary>
internal static class PlanFields
{
    public const int OutcomeRows = 3;
    public const int CategoryRows = 4;

    public static IReadOnlyList<string> Names { get; } =
    [
        .. Enumerable.Range(0, OutcomeRows).Select(i => $"Outcomes[{i}]"),
        .. Enumerable.Range(0, CategoryRows).SelectMany(i => new[] { $"Categories[{i}]", $"Amounts[{i}]", $"Shares[{i}]" }),
    ];

    /// <summary>Reads the rows; a bad amount or share is put against its field. The maps give each command row its form row.</summary>
    public static (List<Outcome> Outcomes, List<PlanCategory> Categories, Dictionary<string, string> Fields) Read(
        List<string?> outcomes, List<string?> categories, List<string?> amounts, List<string?> shares, ModelStateDictionary state)
    {
        var fields = new Dictionary<string, string> { ["Outcomes"] = "Outcomes[0]", ["Categories"] = "Categories[0]" };
        var readOutcomes = new List<Outcome>();
        for (var i = 0; i < OutcomeRows; i++)
        {
            var text = At(outcomes, i);
            if (text.Length == 0) continue;
            fields[$"Outcomes[{readOutcomes.Count}].Text"] = $"Outcomes[{i}]";
            fields[$"Outcomes[{readOutcomes.Count}]"] = $"Outcomes[{i}]";
            readOutcomes.Add(new Outcome(text));
        }
        var readCategories = new List<PlanCategory>();
        for (var i = 0; i < CategoryRows; i++)
        {
            var (category, amountText, shareText) = (At(categories, i), At(amounts, i), At(shares, i));
            if (category.Length == 0 && amountText.Length == 0 && shareText.Length == 0) continue;
            Money? amount = null;
            decimal? share = null;
            if (amountText.Length > 0)
            {
                if (TextInput.TryAmount(amountText, out var a, out var problem)) amount = a;
                else state.AddModelError($"Amounts[{i}]", problem);
            }
            if (shareText.Length > 0)
            {
                if (decimal.TryParse(shareText.TrimEnd('%'), NumberStyles.Number, CultureInfo.InvariantCulture, out var s)) share = s;
                else state.AddModelError($"Shares[{i}]", $"The share ‘{shareText}’ is not a percentage: write it like 25.");
            }
            if (category.Length == 0) state.AddModelError($"Categories[{i}]", "Name the spending category of this row, for example leisure.");
            var n = readCategories.Count;
            fields[$"Categories[{n}].Category"] = $"Categories[{i}]";
            fields[$"Categories[{n}].Amount"] = $"Amounts[{i}]";
            fields[$"Categories[{n}].SharePercent"] = $"Shares[{i}]";
            fields[$"Categories[{n}]"] = $"Categories[{i}]";
            readCategories.Add(new PlanCategory(category.ToLowerInvariant(), amount, share));
        }
        return (readOutcomes, readCategories, fields);
    }

    private static string At(List<string?> values, int i) => i < values.Count ? (values[i] ?? "").Trim() : "";
}
