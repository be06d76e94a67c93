using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Features.Commitments;
using SdsLedger.Features.Providers;
using SdsLedger.Features.Shared;

namespace SdsLedger.Web.Pages.Provider;

/// <summary>
/// Sets money aside from a person's budget for a planned purchase (a commitment): every spending rule is checked now, and
/// a refusal's reason is shown at the top. The money is spent or released later from the person's page.
/// </summary>
[Authorize(Roles = "provider")]
public sealed class SetAsideModel : StaffPageModel
{
    private static readonly Dictionary<string, string> Fields = new()
    {
        ["PartId"] = nameof(Part), ["Date"] = nameof(Date), ["Amount"] = nameof(Amount), ["Category"] = nameof(Category), ["Payee"] = nameof(Payee),
        ["Description"] = nameof(Description), ["ConfirmDuplicate"] = nameof(ConfirmDuplicate),
    };

    [BindProperty] public string? Part { get; set; }
    [BindProperty] public string? Date { get; set; }
    [BindProperty] public string? Amount { get; set; }
    [BindProperty] public string? Category { get; set; }
    [BindProperty] public string? Payee { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public bool ConfirmDuplicate { get; set; }

    public string Organisation { get; private set; } = "";
    public HeldForPerson? Held { get; private set; }
    public IReadOnlyList<(string, string)> PartChoices { get; private set; } = [];

    public override IReadOnlyList<string> FormFields { get; } =
        [nameof(Part), nameof(Date), nameof(Amount), nameof(Category), nameof(Payee), nameof(Description), nameof(ConfirmDuplicate)];

    /// <summary>A likely duplicate asks to be confirmed: the box to confirm it is shown only then.</summary>
    public bool AskToConfirm => Refusal?.Code == Domain.Spending.RefusalCodes.PossibleDuplicate || ConfirmDuplicate;

    public async Task<IActionResult> OnGetAsync(Guid personId)
    {
        if (!await LoadAsync(personId)) return NotFound();
        Date = Today.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid personId)
    {
        if (!await LoadAsync(personId)) return NotFound();
        if (!Guid.TryParse(Part, out var partId) || PartChoices.All(p => p.Item1 != Part))
            ModelState.AddModelError(nameof(Part), "Choose which of the person's budgets the money is set aside from.");
        var dateOk = TextInput.TryDate(Date, out var date);
        if (!dateOk)
            ModelState.AddModelError(nameof(Date), Date?.Trim() is { Length: > 0 } d
                ? $"The day ‘{d}’ is not a date: {TextInput.DateHelp}." : $"Enter the day the purchase is planned for: {TextInput.DateHelp}.");
        if (!TextInput.TryAmount(Amount, out var amount, out var problem)) ModelState.AddModelError(nameof(Amount), "The amount " + problem);
        var command = new CommitFunds.Command(Me.Actor, KeyFor(), partId, amount, Category?.Trim().ToLowerInvariant() ?? "", Payee?.Trim() ?? "",
            dateOk ? date : Today, Description?.Trim() ?? "", ConfirmDuplicate: ConfirmDuplicate);
        if (!ModelState.IsValid)
        {
            await CheckShapeAsync(command, Fields, nameof(Amount), nameof(Date));
            return Page();
        }
        var result = await Ledger.SendAsync(command, HttpContext.RequestAborted);
        if (!Accept(result, Fields)) return Page();
        return LocalRedirect($"/provider/people/{personId}?done=set-aside");
    }

    private async Task<bool> LoadAsync(Guid personId)
    {
        if (await HeldPerson.FindAsync(this, personId, HttpContext.RequestAborted) is not { } found) return false;
        (Organisation, Held) = found;
        PartChoices = HeldPerson.ActiveParts(Held);
        if (PartChoices.Count == 1) Part ??= PartChoices[0].Item1;
        return PartChoices.Count > 0;
    }
}
