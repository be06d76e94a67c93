using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;
using SdsLedger.Documents.Statements;
using SdsLedger.Domain;
using SdsLedger.Features.Statements;

namespace SdsLedger.Web.Pages.Budgets;

/// <summary>The person's statement of a budget for a month, as a PDF in the format they chose (standard, large print or Easy Read).</summary>
[Authorize(Roles = "social-worker,council-finance,auditor")]
public sealed class StatementModel : StaffPageModel
{
    private static readonly LocalDatePattern MonthPattern = LocalDatePattern.Create("uuuu-MM", CultureInfo.InvariantCulture);

    public Guid BudgetId { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid budgetId, string? month)
    {
        BudgetId = budgetId;
        var parsed = MonthPattern.Parse(month ?? "");
        if (!parsed.Success || parsed.Value.Year is < 2000 or > 2100)
        {
            ModelState.AddModelError(string.Empty, "Choose a month from the list on the budget's page.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var from = parsed.Value;
        var result = await Ledger.SendAsync(new PersonStatement.Query(Me.Actor, budgetId, from, from.With(DateAdjusters.EndOfMonth)), HttpContext.RequestAborted);
        if (!Opened(result)) return NotOpened($"budgetId={budgetId}");
        var statement = result.Value!;
        var pdf = new MemoryStream();
        var format = StatementDocument.FormatFor(statement, forEveryone: null);
        StatementDocument.WritePdf(statement, format, pdf);
        return File(pdf.ToArray(), "application/pdf", $"statement-{statement.PersonReference}-{month}-{format.Code()}.pdf");
    }
}
