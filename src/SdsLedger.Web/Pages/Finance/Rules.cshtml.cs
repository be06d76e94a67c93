using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Domain;
using SdsLedger.Features.Councils;
using SdsLedger.Features.Shared;

namespace SdsLedger.Web.Pages.Finance;

/// <summary>
/// The council's rules as the spending rules read them, who changed them to what, and a form to change them: only the
/// rules given a new value are sent, and the command's own checks name any value out of range.
/// </summary>
[Authorize(Roles = "council-finance")]
public sealed class RulesModel : StaffPageModel
{
    [BindProperty] public string? ApprovalThreshold { get; set; }
    [BindProperty] public string? ApprovalWindowDays { get; set; }
    [BindProperty] public string? ExcludedPurposes { get; set; }
    [BindProperty] public string? TestBudgetCap { get; set; }
    [BindProperty] public string? TestBudgetWeeks { get; set; }
    [BindProperty] public string? SurplusWeeks { get; set; }
    [BindProperty] public string? InstalmentWeeks { get; set; }
    [BindProperty] public string? DuplicateDays { get; set; }
    [BindProperty] public string? PaymentRunDaysAhead { get; set; }

    public CouncilRulesView? View { get; private set; }
    public IReadOnlyList<RulesChange> Changes { get; private set; } = [];
    public bool Changed { get; private set; }

    public override IReadOnlyList<string> FormFields { get; } =
    [
        nameof(ApprovalThreshold), nameof(ApprovalWindowDays), nameof(ExcludedPurposes), nameof(TestBudgetCap), nameof(TestBudgetWeeks),
        nameof(SurplusWeeks), nameof(InstalmentWeeks), nameof(DuplicateDays), nameof(PaymentRunDaysAhead),
    ];

    public async Task<IActionResult> OnGetAsync(bool changed = false)
    {
        Changed = changed;
        if (!await LoadAsync()) return NotFound();
        var rules = View!.Rules;
        ApprovalThreshold = Pounds(rules.ApprovalThreshold);
        ApprovalWindowDays = Whole(rules.ApprovalWindowDays);
        ExcludedPurposes = string.Join(", ", rules.ExcludedPurposes);
        TestBudgetCap = Pounds(rules.TestBudgetCap);
        TestBudgetWeeks = Whole(rules.TestBudgetWeeks);
        SurplusWeeks = Whole(rules.SurplusWeeks);
        InstalmentWeeks = Whole(rules.InstalmentWeeks);
        DuplicateDays = Whole(rules.DuplicateDays);
        PaymentRunDaysAhead = Whole(rules.PaymentRunDaysAhead);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync()) return NotFound();
        var now = View!.Rules;
        var threshold = Amount(ApprovalThreshold, nameof(ApprovalThreshold), now.ApprovalThreshold);
        var cap = Amount(TestBudgetCap, nameof(TestBudgetCap), now.TestBudgetCap);
        var window = Number(ApprovalWindowDays, nameof(ApprovalWindowDays), now.ApprovalWindowDays);
        var testWeeks = Number(TestBudgetWeeks, nameof(TestBudgetWeeks), now.TestBudgetWeeks);
        var surplus = Number(SurplusWeeks, nameof(SurplusWeeks), now.SurplusWeeks);
        var instalment = Number(InstalmentWeeks, nameof(InstalmentWeeks), now.InstalmentWeeks);
        var duplicates = Number(DuplicateDays, nameof(DuplicateDays), now.DuplicateDays);
        var ahead = Number(PaymentRunDaysAhead, nameof(PaymentRunDaysAhead), now.PaymentRunDaysAhead);
        var purposes = (ExcludedPurposes ?? "").Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        IReadOnlyList<string>? newPurposes = purposes.SequenceEqual(now.ExcludedPurposes) ? null : purposes;
        if (!ModelState.IsValid) return Page();

        var result = await Ledger.SendAsync(new ChangeCouncilRules.Command(Me.Actor, KeyFor(), View.CouncilId, threshold, newPurposes, cap, testWeeks,
            surplus, instalment, duplicates, ahead, window), HttpContext.RequestAborted);
        var fields = FormFields.ToDictionary(f => f, f => f);
        fields["Rules"] = "";
        if (Accept(result, fields)) return LocalRedirect("/finance/rules?changed=true");
        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        var council = Me.Actor.CouncilId!.Value;
        var rules = await Ledger.SendAsync(new ShowCouncilRules.Query(Me.Actor, council), HttpContext.RequestAborted);
        if (!rules.Succeeded) return false;
        View = rules.Value;
        var history = await Ledger.SendAsync(new CouncilRulesHistory.Query(Me.Actor, council), HttpContext.RequestAborted);
        Changes = history.Value ?? [];
        return true;
    }

    // Each rule is sent only when its value changed.
    private Money? Amount(string? text, string field, Money now)
    {
        if (!TextInput.TryAmount(text, out var amount, out var problem))
        {
            ModelState.AddModelError(field, problem);
            return null;
        }
        return amount == now ? null : amount;
    }

    private int? Number(string? text, string field, int now)
    {
        if (!int.TryParse((text ?? "").Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            ModelState.AddModelError(field, string.IsNullOrWhiteSpace(text) ? "Enter a whole number." : $"‘{text.Trim()}’ is not a whole number: write it like 8.");
            return null;
        }
        return number == now ? null : number;
    }

    public static string Pounds(Money money) => (money.Pence / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Whole(int number) => number.ToString(CultureInfo.InvariantCulture);
}
