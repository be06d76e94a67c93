using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using NodaTime.Extensions;
using SdsLedger.Domain.Spending;
using SdsLedger.Hosting;
using SdsLedger.Pipeline;
using SdsLedger.Web.SignIn;

namespace SdsLedger.Web.Pages;

/// <summary>
/// A page for signed-in staff: who they are, and a sender whose every command and query acts for their council (row-level
/// security holds under every page) and records their address. Answers are shown the same way on every page: a field's
/// problem beside the field and in the error summary, a rule's refusal in the error summary with its plain-English reason.
/// </summary>
public abstract class StaffPageModel : PageModel
{
    private static readonly DateTimeZone Scotland = DateTimeZoneProviders.Tzdb["Europe/London"];
    private Staff? _staff;
    private SdsLedgerApp? _ledger;

    /// <summary>The key a form carries from when it was shown, so submitting it twice records it once.</summary>
    [BindProperty]
    public string FormKey { get; set; } = Guid.NewGuid().ToString("N");

    internal Staff Me => _staff ??= Staff.From(User) ?? throw new InvalidOperationException("This page is for signed-in staff.");

    internal SdsLedgerApp Ledger => _ledger ??= HttpContext.RequestServices.GetRequiredService<SdsLedgerApp>()
        .ActingFor(Me.Actor, HttpContext.Connection.RemoteIpAddress?.ToString());

    internal LocalDate Today => HttpContext.RequestServices.GetRequiredService<IClock>().InZone(Scotland).GetCurrentDate();

    /// <summary>The form's fields in the order they are shown, so the error summary lists problems in that order.</summary>
    public virtual IReadOnlyList<string> FormFields => [];

    private bool _reasonNeeded;

    /// <summary>
    /// Whether a read of a person's record answered; notes a refusal for want of a reason (a record not on the social worker's
    /// caseload), so <see cref="NotOpened"/> can send them to give one.
    /// </summary>
    internal bool Opened(IAnswer answer)
    {
        _reasonNeeded |= answer.Refusal?.Code == RefusalCodes.ReasonNeeded;
        return answer.Succeeded;
    }

    /// <summary>
    /// The answer to a record that did not open: the page asking for a reason (break the glass), which comes back here once
    /// it is given, when that is why; otherwise "not found". record is "personId=…" or "budgetId=…".
    /// </summary>
    internal IActionResult NotOpened(string record) =>
        _reasonNeeded
            ? LocalRedirect($"/open-record?{record}&returnUrl={Uri.EscapeDataString(Request.Path + Request.QueryString)}")
            : NotFound();

    /// <summary>The refusal a command or query answered with, shown at the top of the page.</summary>
    public Refusal? Refusal { get; private set; }

    /// <summary>The idempotency key for this form's command: the signed-in worker's own, so nobody else's key can meet it.</summary>
    internal string KeyFor(string step = "") =>
        $"web:{Me.WorkerId:N}:{(Guid.TryParseExact(FormKey, "N", out var key) ? key : Guid.NewGuid()):N}{(step.Length == 0 ? "" : ":" + step)}";

    /// <summary>
    /// Puts the answer's problems on the page: each field error against its form field (fields maps the command's field
    /// names to the form's), a refusal at the top. True when the answer succeeded.
    /// </summary>
    internal bool Accept<T>(Result<T> result, IReadOnlyDictionary<string, string>? fields = null)
    {
        if (result.Succeeded) return true;
        // The answer is kept under the form's key: the corrected form is a new request, with a new key.
        FormKey = Guid.NewGuid().ToString("N");
        if (result.Refusal is { } refusal)
        {
            Refusal = refusal;
            ModelState.AddModelError(string.Empty, refusal.Reason);
        }
        foreach (var error in result.Errors)
            ModelState.AddModelError(fields is not null && fields.TryGetValue(error.Field, out var field) ? field : string.Empty, error.Message);
        return false;
    }

    /// <summary>
    /// Runs a command's own input checks without sending it, when the page already knows it cannot be sent (a date that
    /// is not a date), so every field that needs putting right is named at once; skip names the fields already reported.
    /// </summary>
    internal async Task CheckShapeAsync<TCommand>(TCommand command, IReadOnlyDictionary<string, string> fields, params string[] skip)
    {
        foreach (var validator in HttpContext.RequestServices.GetServices<IValidator<TCommand>>())
        {
            var outcome = await validator.ValidateAsync(command, HttpContext.RequestAborted);
            foreach (var error in outcome.Errors)
            {
                var field = fields.TryGetValue(error.PropertyName, out var f) ? f : string.Empty;
                if (!skip.Contains(field)) ModelState.AddModelError(field, error.ErrorMessage);
            }
        }
    }
}
