using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using NodaTime.Extensions;
using SdsLedger.Domain.Spending;
using SdsLedger.Hosting;
using SdsLedger.Pipeline;
using SdsLedger.Web.People;

namespace SdsLedger.Web.Pages.My;

/// <summary>
/// A page for a signed-in person: every command and query acts as them (row-level security narrows to their own
/// record) and records their address. Problems are shown as on staff pages: beside the field and in the error summary.
/// </summary>
public abstract class PersonPageModel : PageModel
{
    private static readonly DateTimeZone Scotland = DateTimeZoneProviders.Tzdb["Europe/London"];
    private PersonSession? _me;
    private SdsLedgerApp? _ledger;

    /// <summary>The key a form carries from when it was shown, so submitting it twice records it once.</summary>
    [BindProperty]
    public string FormKey { get; set; } = Guid.NewGuid().ToString("N");

    internal PersonSession Me => _me ??= PersonSession.From(User) ?? throw new InvalidOperationException("This page is for a signed-in person.");

    internal SdsLedgerApp Ledger => _ledger ??= HttpContext.RequestServices.GetRequiredService<SdsLedgerApp>()
        .ActingFor(Me.Actor, HttpContext.Connection.RemoteIpAddress?.ToString());

    internal LocalDate Today => HttpContext.RequestServices.GetRequiredService<IClock>().InZone(Scotland).GetCurrentDate();

    internal string KeyFor(string step = "") =>
        $"web:{Me.PersonId:N}:{(Guid.TryParseExact(FormKey, "N", out var key) ? key : Guid.NewGuid()):N}{(step.Length == 0 ? "" : ":" + step)}";

    /// <summary>Puts the answer's problems on the page; true when it succeeded.</summary>
    internal bool Accept<T>(Result<T> result, IReadOnlyDictionary<string, string>? fields = null)
    {
        if (result.Succeeded) return true;
        if (result.Refusal is { } refusal) ModelState.AddModelError(string.Empty, refusal.Reason);
        foreach (var error in result.Errors)
            ModelState.AddModelError(fields is not null && fields.TryGetValue(error.Field, out var field) ? field : string.Empty, error.Message);
        return false;
    }
}
