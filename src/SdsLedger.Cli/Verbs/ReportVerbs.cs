using System.CommandLine;
using System.Text.Json;
using NodaTime;
using SdsLedger.Documents.Reports;
using SdsLedger.Domain;
using SdsLedger.Features.Reports;
using SdsLedger.LocalPostgres;
using SdsLedger.Pipeline;

namespace SdsLedger.Cli.Verbs;

/// <summary>sdsledger report NAME --format pdf|csv --out FILE: a practitioner report, with the same figures in either format.</summary>
internal static class ReportVerbs
{
    public static Command Build()
    {
        var name = new Argument<string>("NAME")
        {
            Description = "caseload (per social worker), provider-return (a provider's option 2 return for a month), overview (budgets by option, " +
                          "with charts), surplus (balances above the council's threshold, for discussion), test-budgets (outcomes, spend, progress), unusual-access (records opened off a caseload with a reason, " +
                          "and looks outside working hours, for a month; auditors and finance officers).",
        };
        name.AcceptOnlyFromAmong([.. ReportCatalog.Names]);
        var format = new Option<string?>("--format") { Description = "pdf or csv (default: from the --out file's extension).", HelpName = "pdf|csv" };
        format.AcceptOnlyFromAmong("pdf", "csv");
        var output = new Option<string>("--out") { Description = "The file to write (replaced if it exists).", HelpName = "FILE", Required = true };
        var asOf = new Option<string?>("--as-of") { Description = "The report's date: time gone, reviews due (default today).", HelpName = "DATE" };
        var period = new Option<string?>("--period")
        {
            Description = "provider-return and unusual-access: the month it covers, as YYYY-MM (default last month).",
            HelpName = "YYYY-MM",
        };
        var worker = new Option<string?>("--worker") { Description = "caseload: one social worker's caseload, by worker code (default every social worker's).", HelpName = "CODE" };
        var provider = new Option<string?>("--provider")
        {
            Description = "provider-return: the provider's organisation code (a provider's own staff may leave it out).",
            HelpName = "CODE",
        };
        var report = new Command("report", "Write a practitioner report as PDF (A4, with a chart for the overview) or CSV (the same figures, for spreadsheets).");
        report.Add(name);
        report.Add(format);
        report.Add(output);
        report.Add(asOf);
        report.Add(period);
        report.Add(worker);
        report.Add(provider);
        ActingOptions.On(report, changes: false, async run =>
        {
            var path = Path.GetFullPath(run.Get(output)!, Surroundings.Current.WorkingDirectory);
            var kind = run.Get(format) ?? Path.GetExtension(path).TrimStart('.').ToLowerInvariant();
            if (kind is not ("pdf" or "csv"))
                run.Problem("--format", "Say whether to write pdf or csv, with --format or by naming the file .pdf or .csv.");
            var day = run.Date(asOf);
            var lastMonth = run.Today.PlusMonths(-1);
            var from = new LocalDate(lastMonth.Year, lastMonth.Month, 1);
            var to = from.PlusMonths(1).PlusDays(-1);
            if (run.Get(period) is { } text && !StatementVerbs.TryMonth(text, out from, out to))
                run.Problem("--period", $"'{text}' is not a month; write it as YYYY-MM, for example 2026-10.");
            if (run.HasProblems) return await run.ProblemsAsync();

            var request = new ReportRequest(run.Actor, day, from, to, run.Get(worker), run.Get(provider));
            var (result, pages) = await ReportCatalog.WriteAsync(run.App, run.Get(name)!, request, kind == "pdf", path, run.Ct);
            if (!result.Succeeded)
            {
                if (result.Refusal is { } refusal) return await run.RefusedAsync(refusal);
                foreach (var e in result.Errors) run.Problem(Field(e.Field), e.Message);
                return await run.ProblemsAsync();
            }
            if (run.Json)
                await run.Context.Output.WriteLineAsync(JsonSerializer.Serialize(new { report = run.Get(name), format = kind, file = path, pages }, SdsJson.Indented));
            else
                run.Say(pages is { } n ? $"Wrote {path} ({n} page{(n == 1 ? "" : "s")})." : $"Wrote {path}.");
            return ExitCodes.Ok;
        });
        return report;
    }

    private static string Field(string field) => field switch
    {
        nameof(CaseloadReport.Query.SocialWorkerCode) => "--worker",
        nameof(ProviderReturn.Query.OrganisationCode) => "--provider",
        nameof(UnusualAccess.Query.From) or nameof(UnusualAccess.Query.To) => "--period",
        _ => VerbRun.OptionName(field, null),
    };
}
