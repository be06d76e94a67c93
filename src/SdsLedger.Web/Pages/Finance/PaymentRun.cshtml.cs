using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Features.Payments;
using SdsLedger.Features.Shared;

namespace SdsLedger.Web.Pages.Finance;

/// <summary>
/// A finance officer previews a payment run (who gets how much, for which due dates, and the totals) and confirms it. The
/// confirm form carries the key it was shown with, and each instalment is keyed by its part and due date, so a double
/// submit pays nobody twice.
/// </summary>
[Authorize(Roles = "council-finance")]
public sealed class PaymentRunModel : StaffPageModel
{
    [BindProperty(SupportsGet = true)] public string? Date { get; set; }

    public PaymentRunPreviewView? Preview { get; private set; }
    public PaymentRunResult? Paid { get; private set; }

    public override IReadOnlyList<string> FormFields { get; } = [nameof(Date)];

    public async Task<IActionResult> OnGetAsync(int? paid, int? already, long? total)
    {
        if (paid is { } p) Paid = new PaymentRunResult(Today, p, already ?? 0, Money.FromPence(total ?? 0), 0);
        await PreviewAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync()
    {
        if (ReadDate() is not { } date) return Page();
        var result = await Ledger.SendAsync(new PaymentRun.Command(Me.Actor, KeyFor(), Me.Actor.CouncilId!.Value, date, Confirmed: true), HttpContext.RequestAborted);
        if (Accept(result, new Dictionary<string, string> { ["RunDate"] = nameof(Date) }))
        {
            var run = result.Value!;
            return LocalRedirect($"/finance/payment-run?date={date:yyyy-MM-dd}&paid={run.InstalmentsPaid}&already={run.AlreadyPaid}&total={run.TotalPaid.Pence}");
        }
        await PreviewAsync(date);
        return Page();
    }

    private async Task PreviewAsync(LocalDate? given = null)
    {
        var date = given ?? ReadDate();
        if (date is null) return;
        Date = date.Value.ToString("dd/MM/yyyy", null);
        var result = await Ledger.SendAsync(new PaymentRunPreview.Query(Me.Actor, Me.Actor.CouncilId!.Value, date.Value), HttpContext.RequestAborted);
        if (Accept(result, new Dictionary<string, string> { ["RunDate"] = nameof(Date) })) Preview = result.Value;
    }

    private LocalDate? ReadDate()
    {
        if (string.IsNullOrWhiteSpace(Date)) return Today;
        if (TextInput.TryDate(Date, out var date)) return date;
        ModelState.AddModelError(nameof(Date), $"The run date ‘{Date.Trim()}’ is not a date: {TextInput.DateHelp}.");
        return null;
    }
}
