using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;
using SdsLedger.Documents.Reports;

namespace SdsLedger.Web.Pages.Provider;

/// <summary>The provider's own return to the council for a month, as a PDF or a CSV file: the same report finance reads.</summary>
[Authorize(Roles = "provider")]
public sealed class ReturnModel : StaffPageModel
{
    private static readonly LocalDatePattern MonthPattern = LocalDatePattern.Create("uuuu-MM", CultureInfo.InvariantCulture);

    [BindProperty(SupportsGet = true)] public string? Month { get; set; }
    [BindProperty(SupportsGet = true)] public string? Format { get; set; }

    public IReadOnlyList<LocalDate> Months { get; private set; } = [];

    public override IReadOnlyList<string> FormFields { get; } = [nameof(Month), nameof(Format)];

    public async Task<IActionResult> OnGetAsync()
    {
        var today = Today;
        var first = new LocalDate(today.Year, today.Month, 1);
        Months = Enumerable.Range(0, 13).Select(i => first.PlusMonths(-i)).ToList();
        if (Month is null && Format is null) return Page();

        var kind = Format ?? "pdf";
        if (kind is not ("pdf" or "csv")) ModelState.AddModelError(nameof(Format), "Choose PDF or CSV.");
        var month = MonthPattern.Parse(Month ?? "");
        if (!month.Success || month.Value.Year is < 2000 or > 2100) ModelState.AddModelError(nameof(Month), "Choose a month from the list.");
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var (from, to) = (month.Value, month.Value.With(DateAdjusters.EndOfMonth));
        var content = await ReportCatalog.ReadAsync(Ledger, "provider-return", new ReportRequest(Me.Actor, today, from, to), HttpContext.RequestAborted);
        if (!content.Result.Succeeded)
        {
            if (content.Result.Refusal is { } refusal) ModelState.AddModelError(string.Empty, refusal.Reason);
            foreach (var error in content.Result.Errors) ModelState.AddModelError(string.Empty, error.Message);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var file = new MemoryStream();
        if (kind == "pdf") content.WritePdf(file);
        else
        {
            await using var writer = new StreamWriter(file, leaveOpen: true);
            content.WriteCsv(writer);
        }
        return File(file.ToArray(), kind == "pdf" ? "application/pdf" : "text/csv", $"provider-return-{from:yyyy-MM}.{kind}");
    }
}
