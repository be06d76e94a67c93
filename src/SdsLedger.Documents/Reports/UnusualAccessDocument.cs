using System.Globalization;
using NodaTime;
using SdsLedger.Features.Reports;

namespace SdsLedger.Documents.Reports;

/// <summary>Unusual access: records opened off a caseload with a reason (break the glass), and looks outside working hours.</summary>
public static class UnusualAccessDocument
{
    private static readonly DateTimeZone Scotland = DateTimeZoneProviders.Tzdb["Europe/London"];

    public static readonly IReadOnlyList<string> CsvHeader =
        ["kind", "at", "who", "role", "person_reference", "person_name", "reason_or_action", "open_until", "looks_while_open"];

    public static int WritePdf(UnusualAccessView report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        var doc = new DocumentBuilder(DocumentStyle.Standard, PageOrientation.Landscape)
            .Heading("Unusual access to people's records")
            .KeyValue("Period", Words.DateRange(report.From, report.To))
            .KeyValue("Records opened with a reason", report.GlassBreaks.Count.ToString("#,##0", CultureInfo.InvariantCulture))
            .KeyValue("Looks outside working hours", report.OutOfHours.Count.ToString("#,##0", CultureInfo.InvariantCulture))
            .Paragraph("A social worker opens the record of someone not on their caseload only after giving a reason (\"breaking the glass\"); " +
                       "the record then stays open to them for 8 hours. Working hours are 08:00 to 18:00 UK time, Monday to Friday.")
            .Subheading("Records opened with a reason");
        if (report.GlassBreaks.Count == 0) doc.Paragraph("Nobody opened a record off their caseload in this period.");
        else
            doc.Table([TableColumn.Fitted("When"), new("Who"), new("Whose record"), new("Reason given", 3), TableColumn.Fitted("Open until"),
                       new("Looks while\nopen", 1, TextAlignment.Right) { FitContent = true }],
                report.GlassBreaks.Select(g => (IReadOnlyList<string>)
                    [When(g.OpenedAt), g.Worker, $"{g.PersonName}\n{g.PersonReference}", g.Reason, When(g.OpenUntil), g.ReadsWhileOpen.ToString(CultureInfo.InvariantCulture)]));
        doc.Subheading("Outside working hours");
        if (report.OutOfHours.Count == 0) doc.Paragraph("Nobody looked at or changed a person's record outside working hours in this period.");
        else
            doc.Table([TableColumn.Fitted("When"), new("Who"), new("Whose record"), new("What")],
                report.OutOfHours.Select(r => (IReadOnlyList<string>) [When(r.At), $"{r.Actor} ({r.Role})", $"{r.PersonName}\n{r.PersonReference}", r.Action]));
        return doc.WritePdf(output, new DocumentInfo($"Unusual access, {Words.DateRange(report.From, report.To)}", "SdsLedger",
            "Records opened off a caseload, and looks outside working hours"));
    }

    public static void WriteCsv(UnusualAccessView report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        CsvTable.Write(output, CsvHeader,
            report.GlassBreaks.Select(g => (IReadOnlyList<string>)
                    ["break-the-glass", Stamp(g.OpenedAt), g.Worker, "social-worker", g.PersonReference, g.PersonName, g.Reason, Stamp(g.OpenUntil),
                     g.ReadsWhileOpen.ToString(CultureInfo.InvariantCulture)])
                .Concat(report.OutOfHours.Select(r => (IReadOnlyList<string>)
                    ["out-of-hours", Stamp(r.At), r.Actor, r.Role, r.PersonReference, r.PersonName, r.Action, "", ""])));
    }

    private static string When(Instant at) => at.InZone(Scotland).ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture);

    private static string Stamp(Instant at) => at.InZone(Scotland).ToString("yyyy-MM-dd'T'HH:mm:sso<g>", CultureInfo.InvariantCulture);
}
