using Microsoft.AspNetCore.Mvc;
using SdsLedger.Features.Consent;
using SdsLedger.Web.Pages.Shared;

namespace SdsLedger.Web.Pages.My;

/// <summary>
/// "Who can see or help with my budget": the person gives consent to a named peer worker, family member, carer or
/// advocate (or an organisation), and withdraws it, with effect at once.
/// </summary>
public sealed class ConsentModel : PersonPageModel
{
    [BindProperty] public ConsentForm Consent { get; set; } = new();
    [BindProperty] public Guid ConsentId { get; set; }

    public IReadOnlyList<ConsentEntry> Consents { get; private set; } = [];
    public IReadOnlyList<(string Value, string Label)> Options { get; private set; } = [];
    public string? Done { get; private set; }

    public async Task OnGetAsync(string? done = null)
    {
        Done = done;
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostGiveAsync()
    {
        var command = Consent.Command(Me.Actor, KeyFor("give"), Me.PersonId, Today, ModelState);
        if (command is not null && Accept(await Ledger.SendAsync(command, HttpContext.RequestAborted), ConsentForm.CommandFields))
            return LocalRedirect("/my/consent?done=given");
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostWithdrawAsync()
    {
        if (Accept(await Ledger.SendAsync(new WithdrawConsent.Command(Me.Actor, KeyFor("withdraw"), ConsentId), HttpContext.RequestAborted)))
            return LocalRedirect("/my/consent?done=withdrawn");
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var consents = await Ledger.SendAsync(new PersonConsents.Query(Me.Actor, Me.PersonId), HttpContext.RequestAborted);
        if (consents.Succeeded) Consents = consents.Value!;
        var choices = await Ledger.SendAsync(new ConsentChoices.Query(Me.Actor, Me.PersonId), HttpContext.RequestAborted);
        if (choices.Succeeded) Options = ConsentForm.Options(choices.Value!);
    }
}
