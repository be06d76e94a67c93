using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using SdsLedger.Features.Audit;
using SdsLedger.Features.People;

namespace SdsLedger.Web.Pages.Audit;

/// <summary>The auditor's read-only audit trail, by person (from the person's page) or by who acted.</summary>
[Authorize(Roles = "auditor")]
public sealed class TrailModel : StaffPageModel
{
    private static readonly DateTimeZone Scotland = DateTimeZoneProviders.Tzdb["Europe/London"];
    private static readonly Dictionary<string, string> Fields = new() { ["ActorName"] = "actor" };

    public string? ActorName { get; private set; }
    public string? PersonName { get; private set; }
    public AuditTrailView? View { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? person, string? actor)
    {
        ActorName = actor;
        if (person is null && actor is null) return Page();
        if (person is null && string.IsNullOrWhiteSpace(actor))
        {
            ModelState.AddModelError("actor", "Enter the name of who acted, as it is recorded, for example Anna MacDonald.");
            return Page();
        }
        if (person is { } id)
        {
            var who = await Ledger.SendAsync(new PersonBudgets.Query(Me.Actor, id, Today), HttpContext.RequestAborted);
            if (!who.Succeeded) return NotFound();
            PersonName = who.Value!.Name;
        }
        var result = await Ledger.SendAsync(new AuditTrailQuery.Query(Me.Actor, person, person is null ? actor!.Trim() : null), HttpContext.RequestAborted);
        if (Accept(result, Fields)) View = result.Value;
        return Page();
    }

    public string When(Instant at) => at.InZone(Scotland).ToString("d MMMM yyyy HH:mm:ss", CultureInfo.InvariantCulture);
}
