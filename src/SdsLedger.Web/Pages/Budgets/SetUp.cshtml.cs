using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.People;
using SdsLedger.Features.Shared;

namespace SdsLedger.Web.Pages.Budgets;

/// <summary>
/// A social worker sets up a person's budget one question at a time: the period, then each part (option, holder,
/// amount), then a check of the whole before it is created as a draft. What was answered travels in the form itself, so
/// it works without JavaScript or a server session; the command checks everything again when the budget is set up.
/// </summary>
[Authorize(Roles = "social-worker")]
public sealed class SetUpModel : StaffPageModel
{
    public const string PeriodStep = "period";
    public const string PartStep = "part";
    public const string CheckStep = "check";

    public static readonly IReadOnlyList<(string, string)> Options =
    [
        ("1", "Option 1: a direct payment to the person"),
        ("2", "Option 2: directed support, the person directs how it is spent"),
        ("3", "Option 3: arranged by the council"),
    ];

    public static readonly IReadOnlyList<(string, string)> Holders = [("person", "The person"), ("council", "The council")];

    [BindProperty] public string? Start { get; set; }
    [BindProperty] public string? End { get; set; }
    [BindProperty] public List<string> Parts { get; set; } = [];
    [BindProperty] public string? Option { get; set; }
    [BindProperty] public string? Holder { get; set; }
    [BindProperty] public string? Amount { get; set; }

    public string Step { get; private set; } = PeriodStep;
    public string PersonName { get; private set; } = "";
    public BudgetPeriod Period { get; private set; } = null!;
    public IReadOnlyList<PartSpec> PartSpecs { get; private set; } = [];
    public Money Total => PartSpecs.Aggregate(Money.Zero, (sum, p) => sum + p.Amount);

    public override IReadOnlyList<string> FormFields { get; } = [nameof(Start), nameof(End), nameof(Option), nameof(Holder), nameof(Amount)];

    public static string HolderName(HolderKind holder) => holder == HolderKind.Person ? "the person" : "the council";

    public async Task<IActionResult> OnGetAsync(Guid personId) => await ShowAsync(personId, PeriodStep);

    public async Task<IActionResult> OnPostPeriodAsync(Guid personId) =>
        await ShowAsync(personId, ReadPeriod() is null ? PeriodStep : PartStep);

    public async Task<IActionResult> OnPostPartAsync(Guid personId)
    {
        if (ReadPeriod() is null) return await ShowAsync(personId, PeriodStep);
        if (ReadPart() is { } part)
        {
            Parts.Add($"{(int)part.Option}|{part.Holder.ToString().ToLowerInvariant()}|{part.Amount.Pence}");
            ModelState.Clear();
            return await ShowAsync(personId, CheckStep);
        }
        return await ShowAsync(personId, PartStep);
    }

    public async Task<IActionResult> OnPostAddPartAsync(Guid personId)
    {
        ModelState.Clear();
        return await ShowAsync(personId, ReadPeriod() is null ? PeriodStep : PartStep);
    }

    public async Task<IActionResult> OnPostCreateAsync(Guid personId)
    {
        if (ReadPeriod() is not { } period) return await ShowAsync(personId, PeriodStep);
        var result = await Ledger.SendAsync(new CreateBudget.Command(Me.Actor, KeyFor(), personId, period.Start, period.End, SavedParts()), HttpContext.RequestAborted);
        if (Accept(result, new Dictionary<string, string> { ["End"] = nameof(End), ["Start"] = nameof(Start) }))
            return LocalRedirect($"/budgets/{result.Value!.BudgetId}?created=true");
        return await ShowAsync(personId, CheckStep);
    }

    private async Task<IActionResult> ShowAsync(Guid personId, string step)
    {
        var person = await Ledger.SendAsync(new PersonBudgets.Query(Me.Actor, personId, Today), HttpContext.RequestAborted);
        if (!Opened(person)) return NotOpened($"personId={personId}");
        PersonName = person.Value!.Name;
        Step = step;
        if (step != PeriodStep) Period = ReadPeriod()!;
        PartSpecs = SavedParts();
        if (step == CheckStep && PartSpecs.Count == 0) Step = PartStep;
        return Page();
    }

    private BudgetPeriod? ReadPeriod()
    {
        var startOk = TextInput.TryDate(Start, out var start);
        var endOk = TextInput.TryDate(End, out var end);
        if (!startOk) ModelState.AddModelError(nameof(Start), DateProblem("first day", Start));
        if (!endOk) ModelState.AddModelError(nameof(End), DateProblem("last day", End));
        if (!startOk || !endOk) return null;
        if (end <= start)
        {
            ModelState.AddModelError(nameof(End), "The last day must be after the first day.");
            return null;
        }
        if (end > start.PlusYears(3))
        {
            ModelState.AddModelError(nameof(End), "A budget runs for at most three years: set up a new budget for the next period.");
            return null;
        }
        return new BudgetPeriod(start, end);
    }

    private PartSpec? ReadPart()
    {
        SdsOption? option = Option switch { "1" => SdsOption.DirectPayment, "2" => SdsOption.DirectedSupport, "3" => SdsOption.CouncilArranged, _ => null };
        HolderKind? holder = Holder switch { "person" => HolderKind.Person, "council" => HolderKind.Council, _ => null };
        if (option is null) ModelState.AddModelError(nameof(Option), "Choose which option this part is.");
        if (holder is null) ModelState.AddModelError(nameof(Holder), "Choose who holds the money.");
        if (option is { } o && holder is { } h && !SdsOptions.HolderFits(o, h))
            ModelState.AddModelError(nameof(Holder), $"{Show(o)} cannot be held by {HolderName(h)}: a direct payment is held by the person, options 2 and 3 by the council.");
        if (!TextInput.TryAmount(Amount, out var amount, out var problem)) ModelState.AddModelError(nameof(Amount), problem);
        else if (!amount.IsPositive) ModelState.AddModelError(nameof(Amount), "The amount must be more than £0.00.");
        return ModelState.IsValid ? new PartSpec(option!.Value, holder!.Value, amount) : null;
    }

    private static string Show(SdsOption option) => SdsOptions.Describe(option);

    private static string DateProblem(string what, string? text) =>
        string.IsNullOrWhiteSpace(text) ? $"Enter the {what}, for example 01/04/2026." : $"The {what} ‘{text.Trim()}’ is not a date: {TextInput.DateHelp}.";

    // Parts answered so far, as the form carries them: "option|holder|pence".
    private List<PartSpec> SavedParts() =>
        Parts.Select(p => p.Split('|')).Where(p => p.Length == 3 && int.TryParse(p[0], out var o) && o is >= 1 and <= 3 && long.TryParse(p[2], out var pence) && pence > 0)
            .Select(p => new PartSpec((SdsOption)int.Parse(p[0]), p[1] == "person" ? HolderKind.Person : HolderKind.Council, Money.FromPence(long.Parse(p[2]))))
            .ToList();
}
