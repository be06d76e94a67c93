using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;
using SdsLedger.Documents.Statements;
using SdsLedger.Domain;
using SdsLedger.Features.Statements;

namespace SdsLedger.Web.Pages.My;

/// <summary>The person's own statement for a month, as a PDF in the format they chose.</summary>
public sealed class StatementModel : PersonPageModel
{
    private static readonly LocalDatePattern MonthPattern = LocalDatePattern.Create("uuuu-MM", CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnGetAsync(Guid budget, string? month)
    {
        var parsed = MonthPattern.Parse(month ?? "");
        if (!parsed.Success || parsed.Value.Year is < 2000 or > 2100)
        {
            ModelState.AddModelError(string.Empty, "Choose a month from the list on your budget's page.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var from = parsed.Value;
        var result = await Ledger.SendAsync(new PersonStatement.Query(Me.Actor, budget, from, from.With(DateAdjusters.EndOfMonth)), HttpContext.RequestAborted);
        if (!result.Succeeded) return NotFound();
        var statement = result.Value!;
        var pdf = new MemoryStream();
        var format = StatementDocument.FormatFor(statement, forEveryone: null);
        StatementDocument.WritePdf(statement, format, pdf);
        return File(pdf.ToArray(), "application/pdf", $"statement-{month}-{format.Code()}.pdf");
    }
}
