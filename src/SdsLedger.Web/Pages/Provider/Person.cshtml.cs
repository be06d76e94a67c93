using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Commitments;
using SdsLedger.Features.Providers;
using SdsLedger.Features.Shared;
using SdsLedger.Features.Spending;
using SdsLedger.Web.Pages.Shared;

namespace SdsLedger.Web.Pages.Provider;

/// <summary>
/// One person whose money the provider holds: what is held in each part, and a spend recorded from it through every
/// spending rule (a refusal's reason shown at the top). Anyone whose money the provider does not hold is not found.
/// </summary>
[Authorize(Roles = "provider")]
[RequestSizeLimit(EvidenceFile.MaxBytes + 1024 * 1024)]
public sealed class PersonModel : StaffPageModel
{
    private static readonly Dictionary<string, string> Fields = new()
    {
        ["PartId"] = nameof(Part), ["Date"] = nameof(Date), ["Amount"] = nameof(Amount), ["Category"] = nameof(Category), ["Payee"] = nameof(Payee),
        ["Description"] = nameof(Description), ["Hours"] = nameof(Hours), ["ConfirmDuplicate"] = nameof(ConfirmDuplicate),
    };

    [BindProperty] public string? Part { get; set; }
    [BindProperty] public string? Date { get; set; }
    [BindProperty] public string? Amount { get; set; }
    [BindProperty] public string? Category { get; set; }
    [BindProperty] public string? Payee { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Hours { get; set; }
    [BindProperty] public bool ConfirmDuplicate { get; set; }
    [BindProperty] public IFormFile? Receipt { get; set; }

    public string Organisation { get; private set; } = "";
    public HeldForPerson? Held { get; private set; }
    public Guid PersonId => Held?.PersonId ?? Guid.Empty;
    public IReadOnlyList<(string, string)> PartChoices { get; private set; } = [];
    public IReadOnlyList<EvidenceItem> Evidence { get; private set; } = [];

    /// <summary>Money set aside now on the parts the provider holds, each to be spent or released.</summary>
    public IReadOnlyList<OpenCommitment> SetAside { get; private set; } = [];

    /// <summary>The spends recorded on the parts the provider holds, newest first, each with its budget (to attach a receipt).</summary>
    public IReadOnlyList<(Guid BudgetId, RecordedSpend Spend)> Spends { get; private set; } = [];

    /// <summary>What was just done on another page (money set aside, spent or released), confirmed here.</summary>
    public (string Title, string Body)? Done { get; private set; }

    /// <summary>A spend was just recorded: the confirmation is shown.</summary>
    public bool Recorded { get; private set; }

    public override IReadOnlyList<string> FormFields { get; } =
        [nameof(Part), nameof(Date), nameof(Amount), nameof(Category), nameof(Payee), nameof(Description), nameof(Hours), nameof(ConfirmDuplicate), nameof(Receipt)];

    /// <summary>A likely duplicate asks to be confirmed: the box to confirm it is shown only then.</summary>
    public bool AskToConfirm => Refusal?.Code == RefusalCodes.PossibleDuplicate || ConfirmDuplicate;

    public async Task<IActionResult> OnGetAsync(Guid personId, bool recorded = false, string? done = null)
    {
        if (!await LoadAsync(personId)) return NotFound();
        Recorded = recorded;
        Done = done switch
        {
            "set-aside" => ("Money set aside", $"The money is set aside from {Held!.Name}'s budget: it is no longer available to spend on anything else."),
            "captured" => ("Spend recorded", "The spend is recorded from the money set aside; anything left over is available to spend again."),
            "released" => ("Money released", "The money set aside is available to spend again."),
            _ => null,
        };
        Date = Today.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid personId)
    {
        if (!await LoadAsync(personId)) return NotFound();
        if (!Guid.TryParse(Part, out var partId) || PartChoices.All(p => p.Item1 != Part))
            ModelState.AddModelError(nameof(Part), "Choose which of the person's budgets pays.");
        var dateOk = TextInput.TryDate(Date, out var date);
        if (!dateOk)
            ModelState.AddModelError(nameof(Date), Date?.Trim() is { Length: > 0 } d ? $"The day ‘{d}’ is not a date: {TextInput.DateHelp}." : $"Enter the day of the spend: {TextInput.DateHelp}.");
        if (!TextInput.TryAmount(Amount, out var amount, out var problem)) ModelState.AddModelError(nameof(Amount), "The amount " + problem);
        decimal? hours = null;
        if (Hours?.Trim() is { Length: > 0 } h)
        {
            if (decimal.TryParse(h, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) hours = value;
            else ModelState.AddModelError(nameof(Hours), $"‘{h}’ is not a number of hours: write the hours of support delivered, like 3.5, or leave it empty.");
        }
        var receipt = await ReceiptUpload.ReadAsync(Receipt, ModelState, nameof(Receipt), HttpContext.RequestAborted);
        var command = new RecordSpend.Command(Me.Actor, KeyFor(), partId, amount, Category?.Trim().ToLowerInvariant() ?? "", Payee?.Trim() ?? "",
            dateOk ? date : Today, Description?.Trim() ?? "", Hours: hours, ConfirmDuplicate: ConfirmDuplicate);
        if (!ModelState.IsValid)
        {
            await CheckShapeAsync(command, Fields, nameof(Amount), nameof(Hours));
            return Page();
        }
        var result = await Ledger.SendAsync(command, HttpContext.RequestAborted);
        if (!Accept(result, Fields)) return Page();
        if (receipt is not null)
        {
            var attached = await Ledger.SendAsync(new AttachEvidence.Command(Me.Actor, KeyFor("evidence"), result.Value, Path.GetFileName(Receipt!.FileName), receipt),
                HttpContext.RequestAborted);
            if (!attached.Succeeded)
            {
                ModelState.AddModelError(nameof(Receipt), "The spend was recorded, but the receipt was not attached: " +
                    (attached.Refusal?.Reason ?? string.Join(" ", attached.Errors.Select(e => e.Message))));
                await LoadAsync(personId);
                return Page();
            }
        }
        return LocalRedirect($"/provider/people/{personId}?recorded=true");
    }

    private async Task<bool> LoadAsync(Guid personId)
    {
        if (Me.Actor.OrganisationId is not { } organisation) return false;
        var result = await Ledger.SendAsync(new ProviderHeldFunds.Query(Me.Actor, organisation), HttpContext.RequestAborted);
        Held = result.Value?.People.FirstOrDefault(p => p.PersonId == personId);
        if (Held is null) return false;
        Organisation = result.Value!.Organisation;
        PartChoices = Held.Parts.Where(p => p.Status == "active")
            .Select(p => (p.PartId.ToString(), $"{(p.IsTest ? "Test budget" : "Budget")} {Show.Day(p.Start)} to {Show.Day(p.End)} ({p.Available} available to spend)"))
            .ToList();
        if (PartChoices.Count == 1) Part ??= PartChoices[0].Item1;
        var evidence = new List<EvidenceItem>();
        foreach (var budget in Held.Parts.Select(x => x.BudgetId).Distinct())
            if ((await Ledger.SendAsync(new BudgetEvidence.Query(Me.Actor, budget), HttpContext.RequestAborted)).Value is { } items) evidence.AddRange(items);
        Evidence = evidence;
        var setAside = new List<OpenCommitment>();
        foreach (var part in Held.Parts)
            if ((await Ledger.SendAsync(new OpenCommitments.Query(Me.Actor, part.PartId), HttpContext.RequestAborted)).Value is { } open) setAside.AddRange(open);
        SetAside = setAside;
        var spends = new List<(Guid, RecordedSpend)>();
        foreach (var budget in Held.Parts.Select(x => x.BudgetId).Distinct())
            if ((await Ledger.SendAsync(new BudgetSpends.Query(Me.Actor, budget), HttpContext.RequestAborted)).Value is { } recorded)
                spends.AddRange(recorded.Spends.Select(x => (budget, x)));
        Spends = spends.OrderByDescending(x => x.Item2.SpentOn).ToList();
        return true;
    }
}
