using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using SdsLedger.Features.Reports;
using SdsLedger.Features.Shared;

namespace SdsLedger.Web.Pages.Audit;

/// <summary>The council's report of unusual access over a period (this month so far unless asked): break-the-glass openings and reads outside working hours.</summary>
[Authorize(Roles = "auditor,council-finance")]
public sealed class UnusualAccessModel : StaffPageModel
{
    private static readonly Dictionary<string, string> Fields = new() { ["From"] = nameof(From), ["To"] = nameof(To) };

    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    public UnusualAccessView? View { get; private set; }
    public string WorkStarts => UnusualAccess.WorkStarts.ToString("HH:mm", CultureInfo.InvariantCulture);
    public string WorkEnds => UnusualAccess.WorkEnds.ToString("HH:mm", CultureInfo.InvariantCulture);

    public override IReadOnlyList<string> FormFields { get; } = [nameof(From), nameof(To)];

    public async Task<IActionResult> OnGetAsync()
    {
        var today = Today;
        From ??= today.With(DateAdjusters.StartOfMonth).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        To ??= today.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        var fromOk = TextInput.TryDate(From, out var from);
        var toOk = TextInput.TryDate(To, out var to);
        if (!fromOk) ModelState.AddModelError(nameof(From), $"The first day ‘{From.Trim()}’ is not a date: {TextInput.DateHelp}.");
        if (!toOk) ModelState.AddModelError(nameof(To), $"The last day ‘{To.Trim()}’ is not a date: {TextInput.DateHelp}.");
        if (!fromOk || !toOk)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var result = await Ledger.SendAsync(new UnusualAccess.Query(Me.Actor, from, to), HttpContext.RequestAborted);
        if (Accept(result, Fields)) View = result.Value;
        else Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public static string When(Instant at) => at.InZone(CouncilClock.Zone).ToString("d MMMM yyyy HH:mm", CultureInfo.InvariantCulture);
}
