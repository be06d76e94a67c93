using System.Globalization;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using SdsLedger.Domain;
using SdsLedger.Features.People;
using SdsLedger.Pipeline;

namespace SdsLedger.Documents.People;

/// <summary>The two files of a subject access export and the PDF's page count.</summary>
public sealed record SubjectAccessFiles(string Json, string Pdf, int Pages);

/// <summary>
/// The readable copy of a subject access export: the person's details, the money on their accounts, then each kind of
/// record held about them in plain words, and last everything else held, field by field, so nothing in the JSON is left out.
/// </summary>
public static class SubjectAccessDocument
{
    private sealed record Column(string Field, string Header, bool Money = false);

    private sealed record Section(string Table, string Title, string Explanation, params Column[] Columns);

    private static readonly Section[] Sections =
    [
        new("sds.budgets", "Your budgets", "Each budget: when it runs, how much was agreed, and whether it is active.",
            new("period_start", "From"), new("period_end", "To"), new("agreed_total", "Agreed", Money: true), new("status", "Status")),
        new("sds.plan_outcomes", "Outcomes in your plans", "What you want to achieve, in your words.", new("text", "Outcome"), new("recovery_phase", "Phase")),
        new("sds.plan_categories", "What your plans cover", "What the money may be spent on.",
            new("category", "Category"), new("amount", "Amount", Money: true), new("share_percent", "Share (%)")),
        new("sds.spends", "Spending", "Everything bought or paid for from your budgets.",
            new("spent_on", "Date"), new("payee", "Paid to"), new("category", "Category"), new("description", "What for"), new("evidence", "Evidence"),
            new("amount", "Amount", Money: true)),
        new("sds.approvals", "Requests for approval", "Spending that needed a second person to agree.",
            new("requested_at", "Asked"), new("payee", "Paid to"), new("description", "What for"), new("status", "Decision"), new("reason", "Reason"),
            new("amount", "Amount", Money: true)),
        new("sds.progress_notes", "Notes on your progress", "What changed, and what you said about it.",
            new("noted_on", "Date"), new("what_changed", "What changed"), new("in_own_words", "In your words")),
        new("sds.reviews", "Reviews", "When each review was due, when it was done and what was agreed.",
            new("due_on", "Due"), new("done_on", "Done"), new("agreed", "What was agreed")),
        new("sds.recovery_phases", "Recovery phase", "The phase recorded, from the date given.", new("from_date", "From"), new("phase", "Phase"),
            new("relapse", "Relapse"), new("note", "Note")),
        new("sds.family_members", "Family and household", "People recorded as your family or household.",
            new("name", "Name"), new("relationship", "Relationship"), new("same_household", "Lives with you")),
        new("sds.person_changes", "Changes to your details", "Who changed your details, when, and what they were before.",
            new("changed_at", "When"), new("field", "What"), new("old_value", "Before"), new("new_value", "After"), new("changed_by", "Changed by")),
        new("sds.audit_log", "Who used or looked at your record", "Every time someone did something with your record or read it, with when, who and what.",
            new("at", "When"), new("actor", "Who"), new("role", "Role"), new("action", "What"), new("outcome", "Outcome")),
    ];

    // Shown above as "Money on your accounts", one line per posting: field by field they are mostly ids and hashes, which
    // would run to hundreds of pages for a person with a few years of spending, so the readable copy leaves them to the JSON.
    private static readonly string[] LedgerTables = ["ledger.entries", "ledger.postings"];

    /// <summary>
    /// Writes the export into <paramref name="folder"/> as REF-subject-access.json (every record, every field) and
    /// REF-subject-access.pdf (this readable copy): what <c>sdsledger person export</c> sends the person.
    /// </summary>
    public static async Task<SubjectAccessFiles> WriteFilesAsync(PersonExportView export, string folder, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(export);
        var stem = Path.Combine(Directory.CreateDirectory(folder).FullName, FileStem(export));
        await File.WriteAllTextAsync(stem + ".json", Json(export), ct);
        int pages;
        await using (var pdf = File.Create(stem + ".pdf"))
            pages = WritePdf(export, pdf);
        return new SubjectAccessFiles(stem + ".json", stem + ".pdf", pages);
    }

    /// <summary>The name both files share, without extension: REF-subject-access.</summary>
    public static string FileStem(PersonExportView export) => $"{export.Person.Reference}-subject-access";

    /// <summary>The machine-readable copy: every record about the person, every field.</summary>
    public static string Json(PersonExportView export) => JsonSerializer.Serialize(export, SdsJson.Indented);

    public static int WritePdf(PersonExportView export, Stream output)
    {
        ArgumentNullException.ThrowIfNull(export);
        var p = export.Person;
        var doc = new DocumentBuilder(DocumentStyle.Standard, PageOrientation.Landscape)
            .Heading($"Everything we hold about {p.Name}")
            .Paragraph("This is a copy of everything SdsLedger holds about you, made because you asked for it (a subject access request). " +
                       "A machine-readable copy with every field is in the JSON file made with it.")
            .KeyValue("Made on", Words.Date(export.ExportedAt.InZone(DateTimeZoneProviders.Tzdb["Europe/London"]).Date))
            .KeyValue("Made by", export.ExportedBy)
            .Subheading("Your details")
            .KeyValue("Name", p.Name)
            .KeyValue("Reference", p.Reference)
            .KeyValue("Date of birth", Words.Date(p.DateOfBirth))
            .KeyValue("Contact", p.Contact.Length == 0 ? "none recorded" : p.Contact)
            .KeyValue("Statements", p.StatementFormat)
            .KeyValue("Social worker", p.SocialWorker ?? "none named");

        doc.Subheading("Money on your accounts");
        if (export.Ledger.Count == 0) doc.Paragraph("No money has moved on your accounts.");
        else
        {
            doc.Paragraph("Every entry in the ledger on your accounts: the date, what it was, the account, and the amount on that account.");
            doc.Table([TableColumn.Fitted("Date"), new("What", 3), new("Account", 2), TableColumn.Amount("Amount")],
                export.Ledger.Select(l => (IReadOnlyList<string>)[Words.ShortDate(l.Date), $"{l.Description} ({l.Kind})", l.Account, Words.Amount(l.Amount)]));
        }

        foreach (var section in Sections)
        {
            if (!export.Tables.TryGetValue(section.Table, out var rows)) continue;
            doc.Subheading(section.Title).Paragraph(section.Explanation);
            doc.Table(section.Columns.Select(c => c.Money ? TableColumn.Amount(c.Header) : new TableColumn(c.Header)).ToList(),
                rows.Select(r => (IReadOnlyList<string>)section.Columns.Select(c => Cell(r, c.Field, c.Money)).ToList()));
        }

        var shown = Sections.Select(s => s.Table).Concat(LedgerTables).ToHashSet();
        var rest = export.Tables.Where(t => !shown.Contains(t.Key)).ToList();
        if (rest.Count > 0)
        {
            doc.Subheading("Everything else held").Paragraph("The other records about you, field by field, as they are kept. The ledger's own " +
                "records of the money above (with the numbers that prove none was changed) are in the JSON file, field by field.");
            foreach (var (table, rows) in rest)
            {
                doc.Paragraph($"{table} ({rows.Count} {(rows.Count == 1 ? "record" : "records")}):");
                doc.Bullets(rows.Select(r => string.Join("; ", r.EnumerateObject().Select(f => $"{f.Name}: {Cell(r, f.Name, money: false)}"))).ToList());
            }
        }
        return doc.WritePdf(output, new DocumentInfo($"Subject access export for {p.Reference}", "SdsLedger", "Everything held about a person"));
    }

    private static string Cell(JsonElement row, string field, bool money)
    {
        if (!row.TryGetProperty(field, out var v)) return "";
        return v.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => "",
            JsonValueKind.True => "yes",
            JsonValueKind.False => "no",
            JsonValueKind.Number when money && v.TryGetInt64(out var pence) => Words.Amount(Money.FromPence(pence)),
            JsonValueKind.String => Readable(v.GetString()!),
            _ => v.GetRawText(),
        };
    }

    // Dates and times as people write them; everything else as held.
    private static string Readable(string text)
    {
        if (text.Length == 10 && LocalDatePattern.Iso.Parse(text) is { Success: true } date) return Words.ShortDate(date.Value);
        if (text.Length > 19 && text[10] == 'T' && OffsetDateTimePattern.ExtendedIso.Parse(text) is { Success: true } at)
            return at.Value.ToInstant().InZone(DateTimeZoneProviders.Tzdb["Europe/London"]).ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture);
        return text;
    }
}
