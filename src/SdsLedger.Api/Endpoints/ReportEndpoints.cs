using NodaTime;
using SdsLedger.Api.Http;
using SdsLedger.Documents.Reports;
using SdsLedger.Features.Audit;

namespace SdsLedger.Api.Endpoints;

/// <summary>Practitioner reports as PDF or CSV, and the audit trail for auditors.</summary>
internal static class ReportEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/reports/{name}", async (HttpContext http, string name, string? format, string? asOf, string? month, string? worker,
                                             string? provider, IClock clock) =>
            {
                if (!ReportCatalog.Names.Contains(name)) return Answers.NotFound($"The report '{Truncate(name)}'");
                var kind = format ?? "pdf";
                if (kind is not ("pdf" or "csv")) return Answers.BadRequest("format", "Ask for pdf or csv.");
                var today = clock.GetCurrentInstant().InUtc().Date;
                if (!Dates.TryDay(asOf, today, out var day)) return Answers.BadRequest("asOf", $"Give {Dates.DayFormat}, or leave it out for today.");
                var (from, to) = (new LocalDate(day.Year, day.Month, 1), day);
                if (month is not null && !Dates.TryMonth(month, out from, out to)) return Answers.BadRequest("month", $"Give {Dates.MonthFormat}.");

                var caller = http.Caller();
                var content = await ReportCatalog.ReadAsync(caller.Ledger, name,
                    new ReportRequest(caller.Actor, day, from, to, worker, provider), http.RequestAborted);
                if (!content.Result.Succeeded)
                    return content.Result.Refusal is { } refusal ? Answers.Refused(refusal) : Answers.BadRequest(content.Result.Errors
                        .GroupBy(e => Answers.FieldName(e.Field)).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
                var file = new MemoryStream();
                if (kind == "pdf") content.WritePdf(file);
                else
                {
                    await using var writer = new StreamWriter(file, leaveOpen: true);
                    content.WriteCsv(writer);
                }
                return TypedResults.File(file.ToArray(), kind == "pdf" ? "application/pdf" : "text/csv", $"{name}-{day:yyyy-MM-dd}.{kind}");
            })
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf", additionalContentTypes: "text/csv")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithTags("Reports")
            .WithSummary("A practitioner report (caseload, provider-return, overview, surplus, test-budgets, unusual-access) as PDF or CSV.");

        api.MapGet("/audit", (HttpContext http, Guid? person, string? actor, int? limit) =>
                Send.Query(http, c => new AuditTrailQuery.Query(c.Actor, person, actor, limit ?? 200)))
            .Produces<AuditTrailView>().ProducesValidationProblem()
            .WithTags("Audit")
            .WithSummary("Auditors: who did what and who looked at whose data in their council, by person (person=ID) or by actor (actor=NAME).");
    }

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
