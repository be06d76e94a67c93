using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Features.Consent;
using SdsLedger.Features.People;
using SdsLedger.Web.Pages.Shared;

namespace SdsLedger.Web.Pages.People;

/// <summary>The person's consents, from their page: a social worker records one given with the person, or withdraws one, as the person asks.</summary>
[Authorize(Roles = "social-worker,council-finance,auditor")]
public sealed class ConsentModel : StaffPageModel
{
    [BindProperty] public ConsentForm Consent { get; set; } = new();
    [BindProperty] public Guid ConsentId { get; set; }

    public Guid PersonId { get; private set; }
    public string PersonName { get; private set; } = "";
    public IReadOnlyList<ConsentEntry> Consents { get; private set; } = [];
    public IReadOnlyList<(string Value, string Label)> Options { get; private set; } = [];
    public string? Done { get; private set; }

    public override IReadOnlyList<string> FormFields => ["Consent.Grantee", "Consent.Kind", "Consent.May", "Consent.From", "Consent.Until"];

    public async Task<IActionResult> OnGetAsync(Guid personId, string? done = null)
    {
        Done = done;
        return await LoadAsync(personId) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostGiveAsync(Guid personId)
    {
        if (!await LoadAsync(personId)) return NotFound();
        var command = Consent.Command(Me.Actor, KeyFor("give"), personId, Today, ModelState);
        if (command is not null && Accept(await Ledger.SendAsync(command, HttpContext.RequestAborted), ConsentForm.CommandFields))
            return LocalRedirect($"/people/{personId}/consent?done=given");
        return Page();
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid personId)
    {
        if (Accept(await Ledger.SendAsync(new WithdrawConsent.Command(Me.Actor, KeyFor("withdraw"), ConsentId), HttpContext.RequestAborted)))
            return LocalRedirect($"/people/{personId}/consent?done=withdrawn");
        return await LoadAsync(personId) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid personId)
    {
        var person = await Ledger.SendAsync(new PersonBudgets.Query(Me.Actor, personId, Today), HttpContext.RequestAborted);
        if (!person.Succeeded) return false;
        (PersonId, PersonName) = (personId, person.Value!.Name);
        var consents = await Ledger.SendAsync(new PersonConsents.Query(Me.Actor, personId), HttpContext.RequestAborted);
        if (!consents.Succeeded) return false;
        Consents = consents.Value!;
        var choices = await Ledger.SendAsync(new ConsentChoices.Query(Me.Actor, personId), HttpContext.RequestAborted);
        if (choices.Succeeded) Options = ConsentForm.Options(choices.Value!);
        return true;
    }
}
