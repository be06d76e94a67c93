using System.Globalization;
using System.IO.Compression;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;
using SdsLedger.Documents.Statements;
using SdsLedger.Domain;
using SdsLedger.Features.Statements;

namespace SdsLedger.Web.Pages.Finance;

/// <summary>
/// The statements a council owes for a month: every budget whose period overlaps it, each in the person's own format. Each
/// can be downloaded on its own, or all of them at once in one ZIP file; each statement read is audited.
/// </summary>
[Authorize(Roles = "council-finance")]
public sealed class StatementsModel : StaffPageModel
{
    private static readonly LocalDatePattern MonthPattern = LocalDatePattern.Create("uuuu-MM", CultureInfo.InvariantCulture);

    [BindProperty(SupportsGet = true)] public string? Month { get; set; }

    public IReadOnlyList<LocalDate> Months { get; private set; } = [];
    public LocalDate? Chosen { get; private set; }
    public IReadOnlyList<StatementDue> Due { get; private set; } = [];

    public override IReadOnlyList<string> FormFields { get; } = [nameof(Month)];

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnGetAllAsync()
    {
        if (!await LoadAsync() || Chosen is not { } from) return Page();
        var to = from.With(DateAdjusters.EndOfMonth);
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var due in Due)
            {
                var result = await Ledger.SendAsync(new PersonStatement.Query(Me.Actor, due.BudgetId, from, to), HttpContext.RequestAborted);
                if (!result.Succeeded) continue;
                var format = StatementDocument.FormatFor(result.Value!, forEveryone: null);
                var entry = archive.CreateEntry($"statement-{due.PersonReference}-{from:yyyy-MM}-{format.Code()}.pdf", CompressionLevel.Fastest);
                await using var stream = entry.Open();
                StatementDocument.WritePdf(result.Value!, format, stream);
            }
        }
        return File(zip.ToArray(), "application/zip", $"statements-{from:yyyy-MM}.zip");
    }

    private async Task<bool> LoadAsync()
    {
        var first = new LocalDate(Today.Year, Today.Month, 1);
        Months = Enumerable.Range(0, 13).Select(i => first.PlusMonths(-i)).ToList();
        if (Month is null) return false;
        var month = MonthPattern.Parse(Month);
        if (!month.Success || month.Value.Year is < 2000 or > 2100)
        {
            ModelState.AddModelError(nameof(Month), "Choose a month from the list.");
            return false;
        }
        Chosen = month.Value;
        var result = await Ledger.SendAsync(new StatementRun.Query(Me.Actor, month.Value, month.Value.With(DateAdjusters.EndOfMonth)), HttpContext.RequestAborted);
        if (!Accept(result)) return false;
        Due = result.Value!;
        return true;
    }
}
