using Microsoft.AspNetCore.Authorization;
using SdsLedger.Features.Consent;
using SdsLedger.Features.Referrals;

namespace SdsLedger.Web.Pages.Peer;

/// <summary>A peer (recovery) worker's people: those whose current consent names them or their organisation, and nobody else.</summary>
[Authorize(Roles = "recovery-worker")]
public sealed class IndexModel : StaffPageModel
{
    public IReadOnlyList<ConsentedPerson> People { get; private set; } = [];

    public IReadOnlyList<Referral> Referrals { get; private set; } = [];
    public bool Referred { get; private set; }

    public async Task OnGetAsync(bool referred = false)
    {
        Referred = referred;
        var referrals = await Ledger.SendAsync(new ListReferrals.Query(Me.Actor), HttpContext.RequestAborted);
        if (referrals.Succeeded) Referrals = referrals.Value!;
        var people = await Ledger.SendAsync(new ConsentedPeople.Query(Me.Actor), HttpContext.RequestAborted);
        if (people.Succeeded) People = people.Value!;
    }
}
