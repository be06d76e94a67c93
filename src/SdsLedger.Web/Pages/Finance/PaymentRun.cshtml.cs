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
/// submit pays nobody twice. A whole council's preview lists its payees a page at a time (its totals are the whole run's),
/// and the whole list downloads as a CSV.
/// </summary>
[Authorize(Roles = "council-finance")]
public sealed class PaymentRunModel : StaffPageModel
{
    public const int PayeesPerPage = 50;

    [BindProperty(SupportsGet = true)] public string? Date { get; set; }

    /// <summary>The first payee shown (1-based), for the pages of a long preview.</summary>
    [BindProperty(SupportsGet = true)] public int Start { get; set; } = 1;

    public PaymentRunPreviewView? Preview { get; private set; }

    /// <summary>The payees on this page of the preview.</summary>
    public IReadOnlyList<PreviewPayment> Shown => Preview is null ? [] : Preview.Payments.Skip(FirstShown - 1).Take(PayeesPerPage).ToList();

    public int FirstShown => Preview is null || Preview.Payments.Count == 0 ? 1 : Math.Clamp(Start, 1, Preview.Payments.Count);

    public int LastShown => Math.Min(FirstShown + PayeesPerPage - 1, Preview?.Payments.Count ?? 0);
    public PaymentRunResult? Paid { get; private set; }

    public override IReadOnlyList<string> FormFields { get; } = [nameof(Date)];

    public async Task<IActionResult> OnGetAsync(int? paid, int? already, long? total)
    {
        if (paid is { } p) Paid = new PaymentRunResult(Today, p, already ?? 0, Money.FromPence(total ?? 0), 0);
        await PreviewAsync();
        return Page();
    }

    /// <summary>The whole preview as a CSV: every payee, their due dates and amount, for checking beside the bank's file.</summary>
    public async Task<IActionResult> OnGetCsvAsync()
    {
        await PreviewAsync();
        if (Preview is not { } preview)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var file = new MemoryStream();
        await using (var writer = new StreamWriter(file, leaveOpen: true))
            SdsLedger.Documents.CsvTable.Write(writer, ["reference", "name", "paid_to", "due", "amount"],
                preview.Payments.Select(p => (IReadOnlyList<string>)[p.PersonReference, p.PersonName, p.Holder,
                    string.Join(" ", p.Due.Select(d => d.ToString("yyyy-MM-dd", null))), (p.Amount.Pence / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)]));
        return File(file.ToArray(), "text/csv", $"payment-run-preview-{preview.RunDate:yyyy-MM-dd}.csv");
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
