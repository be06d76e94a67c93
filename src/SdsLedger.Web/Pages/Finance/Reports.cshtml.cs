using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;
using SdsLedger.Documents.Reports;

namespace SdsLedger.Web.Pages.Finance;

/// <summary>Each practitioner report, as of today, as a PDF or a CSV file; the provider return for a provider and a month.</summary>
[Authorize(Roles = "council-finance")]
public sealed class ReportsModel : StaffPageModel
{
    private static readonly LocalDatePattern MonthPattern = LocalDatePattern.Create("uuuu-MM", CultureInfo.InvariantCulture);

    public static readonly IReadOnlyList<(string Name, string Title, string About)> Reports =
    [
        ("caseload", "Caseload", "Every social worker's active budgets: allocated, spent, pace, reviews due and approvals waiting."),
        ("overview", "Council overview", "Active budgets by option 1, 2, 3, 4 and test budgets: how many, allocated and spent."),
        ("surplus", "Surplus", "Budget parts holding more than the council's weeks of funding."),
        ("test-budgets", "Test budgets", "Each test budget's outcomes in the person's words, spend and progress notes."),
        ("unusual-access", "Unusual access", "This month so far: records opened off a caseload with a reason, and looks at people's records outside working hours."),
    ];

    [BindProperty(SupportsGet = true)] public string? Provider { get; set; }
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }
    [BindProperty(SupportsGet = true)] public string? Format { get; set; }

    public IReadOnlyList<LocalDate> Months { get; private set; } = [];

    public override IReadOnlyList<string> FormFields { get; } = [nameof(Provider), nameof(Month), nameof(Format)];

    public async Task<IActionResult> OnGetAsync(string? name)
    {
        var today = Today;
        var first = new LocalDate(today.Year, today.Month, 1);
        Months = Enumerable.Range(0, 13).Select(i => first.PlusMonths(-i)).ToList();
        if (name is null) return Page();
        if (!ReportCatalog.Names.Contains(name)) return NotFound();

        var kind = Format ?? "pdf";
        if (kind is not ("pdf" or "csv")) ModelState.AddModelError(nameof(Format), "Choose PDF or CSV.");
        var (from, to) = (first, today);
        if (name == "provider-return")
        {
            if (string.IsNullOrWhiteSpace(Provider)) ModelState.AddModelError(nameof(Provider), "Enter the provider's code, for example harbour-care.");
            var month = MonthPattern.Parse(Month ?? "");
            if (!month.Success || month.Value.Year is < 2000 or > 2100) ModelState.AddModelError(nameof(Month), "Choose a month from the list.");
            else (from, to) = (month.Value, month.Value.With(DateAdjusters.EndOfMonth));
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var content = await ReportCatalog.ReadAsync(Ledger, name, new ReportRequest(Me.Actor, today, from, to, null, Provider?.Trim()), HttpContext.RequestAborted);
        if (!content.Result.Succeeded)
        {
            if (content.Result.Refusal is { } refusal) ModelState.AddModelError(name == "provider-return" ? nameof(Provider) : string.Empty, refusal.Reason);
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
        var suffix = name == "provider-return" ? $"{Provider!.Trim()}-{from:yyyy-MM}" : $"{today:yyyy-MM-dd}";
        return File(file.ToArray(), kind == "pdf" ? "application/pdf" : "text/csv", $"{name}-{suffix}.{kind}");
    }
}
