using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Statements;

namespace SdsLedger.Documents.Statements;

/// <summary>
/// The statement in standard or large print: who it is for; the month's money as a small table that adds up; for each
/// part of the budget what came in, what was bought by category, what is set aside and what went back; the goals in
/// the person's words with any progress; and who to contact. Sections with nothing in them are left out, and what did
/// not happen is said once. Each word of finance is explained where it first appears; sentences are short.
/// </summary>
internal sealed class StandardStatement(StatementView s, DocumentStyle style)
{
    private readonly DocumentBuilder doc = new(style);
    private readonly string during = Words.During(s.From, s.To);
    private readonly string start = Words.DayAndMonth(s.From);
    private readonly string end = Words.DayAndMonth(s.To);
    private readonly string budget = s.IsTest ? "test budget" : "budget";
    private bool correctionExplained;

    // The figures above a part's purchases already show what was spent; a longer list gets its total at the foot too.
    private const int ListedWithoutTotal = 5;

    public DocumentBuilder Build()
    {
        Introduction();
        Summary();
        if (s.Parts.Count == 1)
            Sections(s.Parts[0], "");
        else
            foreach (var part in s.Parts) Part(part);
        Outcomes();
        Contact();
        return doc;
    }

    private void Introduction()
    {
        doc.Heading(Discreet.Title(s))
           .KeyValue("Name", s.PersonName)
           .KeyValue("Your reference", s.PersonReference)
           .KeyValue("This statement covers", Words.DateRange(s.From, s.To))
           .KeyValue(s.IsTest ? "Your test budget" : "Your budget", Words.Amount(s.AgreedTotal))
           .KeyValue(s.IsTest ? "It runs" : "Your budget runs", Words.DateRange(s.BudgetPeriod.Start, s.BudgetPeriod.End))
           .Spacer();
        if (s.IsTest)
            doc.Paragraph($"A test budget is a small amount of money to try out {Discreet.WhatHelps(s)}, in your own way. You choose what to buy with it.");
        if (s.Parts.Count == 1)
            doc.Paragraph(HowHeld(s.Parts[0], s.IsTest ? "Your test budget" : "Your budget", ""));
        else
            doc.Paragraph($"Your budget is in {s.Parts.Count} parts. Each part is paid and looked after in its own way.");
    }

    private void Summary()
    {
        doc.Subheading($"Your money {during}");
        var rows = new List<IReadOnlyList<string>>
        {
            new[] { $"Money at the start, on {start}", Words.Amount(s.Opening) },
            new[] { "Plus money paid in", Words.Amount(s.MoneyIn) },
            new[] { "Minus money spent on your support", Words.Amount(s.Spent) },
        };
        if (!s.Returned.IsZero) rows.Add([ "Minus money paid back to the council", Words.Amount(s.Returned) ]);
        if (!s.OtherOut.IsZero) rows.Add([ "Minus other money out", Words.Amount(s.OtherOut) ]);
        doc.Table([new("Money", 3), TableColumn.Amount("Amount")], rows, [$"Money left at the end, on {end}", Words.Amount(s.Closing)],
            caption: $"Your money {during}");

        var notes = new List<string>();
        if (s.SetAside.IsPositive)
            notes.Add($"{Words.Amount(s.SetAside)} of the money left is set aside. This means it is kept for things already planned. " +
                      $"So {Words.Amount(s.Closing - s.SetAside)} is free to spend.");
        notes.AddRange(WhatDidNotHappen());
        var toCome = StatementDocument.StillToCome(s);
        if (toCome.IsPositive)
            notes.Add($"The council pays your budget a bit at a time. {Words.Amount(toCome)} is still to come, by {Words.Date(s.BudgetPeriod.End)}.");
        foreach (var note in notes)
            doc.Paragraph(note);
    }

    // Said once for the whole statement, not once for each part.
    private IEnumerable<string> WhatDidNotHappen()
    {
        if (s.Parts.All(p => p.MoneyIn.Count == 0)) yield return $"No money was paid into your {budget} {during}.";
        if (s.Parts.All(p => p.Purchases.Count == 0)) yield return $"Nothing was bought {during}.";
        if (s.Parts.All(p => p.Returned.Count == 0)) yield return $"No money was paid back to the council {during}.";
    }

    private void Part(StatementPart part)
    {
        // One payment is a sentence, said with how the part is held; a table of one row says no more in four times the room.
        var onePayment = part.MoneyIn is [{ Kind: MoneyInKind.Payment } only] ? " " + OnePayment(part, only) : "";
        doc.Heading($"Part {part.Position}: {PartName(part)}")
           .Paragraph(HowHeld(part, "This part", $" of {Words.Amount(part.Amount)}") + onePayment);
        List<TableColumn> columns = [TableColumn.Amount("At the start"), TableColumn.Amount("Paid in"), TableColumn.Amount("Spent")];
        List<string> figures = [Words.Amount(part.Opening), Words.Amount(part.MoneyInTotal), Words.Amount(part.SpentTotal)];
        if (!part.ReturnedTotal.IsZero)
        {
            columns.Add(TableColumn.Amount("Paid back"));
            figures.Add(Words.Amount(part.ReturnedTotal));
        }
        if (!part.OtherOutTotal.IsZero)
        {
            columns.Add(TableColumn.Amount("Other out"));
            figures.Add(Words.Amount(part.OtherOutTotal));
        }
        columns.Add(TableColumn.Amount("Left at the end"));
        figures.Add(Words.Amount(part.Closing));
        doc.Table(columns, [figures], caption: $"Part {part.Position}, {during}");
        Sections(part, $" for part {part.Position}", paymentSaid: onePayment.Length > 0);
    }

    private void Sections(StatementPart part, string ofPart, bool paymentSaid = false)
    {
        if (!paymentSaid) MoneyIn(part, ofPart);
        Purchases(part, ofPart);
        SetAside(part, ofPart);
        PaidBack(part, ofPart);
        OtherOut(part, ofPart);
    }

    private void MoneyIn(StatementPart part, string ofPart)
    {
        if (part.MoneyIn.Count == 0) return;
        if (part.MoneyIn is [{ Kind: MoneyInKind.Payment } only])
        {
            doc.Paragraph(OnePayment(part, only));
            return;
        }
        doc.Subheading("Money paid in");
        if (part.MoneyIn.Any(l => l.Kind == MoneyInKind.Correction)) ExplainCorrection();
        doc.Table([TableColumn.Fitted("Date"), new("What it was", 3), TableColumn.Amount("Amount")],
            part.MoneyIn.Select(l => (IReadOnlyList<string>)[Date(l.Date), MoneyInText(part, l), Words.Amount(l.Amount)]),
            part.MoneyIn.Count > 1 ? ["", "Total paid in", Words.Amount(part.MoneyInTotal)] : null,
            caption: "Money paid in" + ofPart);
    }

    private void Purchases(StatementPart part, string ofPart)
    {
        if (part.Purchases.Count == 0) return;
        var categories = part.PurchasesByCategory.ToList();
        // With one kind of support the heading names it, and the table needs no group row.
        var only = categories.Count == 1 ? $" for {Words.Category(categories[0].Key).ToLowerInvariant()}" : "";
        doc.Subheading("What was bought" + only);
        if (part.Purchases.Any(p => p.Correction)) ExplainCorrection();
        var rows = new List<TableRow>();
        foreach (var category in categories)
        {
            var name = Words.Category(category.Key);
            if (categories.Count > 1) rows.Add(TableRow.Group(name));
            rows.AddRange(category.Select(p => TableRow.Of(Date(p.Date), p.Payee, PurchaseText(p), Words.Amount(p.Amount))));
            if (categories.Count > 1 && category.Count() > 1)
                rows.Add(TableRow.Subtotal("", "", $"Total for {name.ToLowerInvariant()}",
                    Words.Amount(category.Aggregate(Money.Zero, (sum, p) => sum + p.Amount))));
        }
        doc.Table([TableColumn.Fitted("Date"), new("Paid to", 1), new("What it was for", 1.2f), TableColumn.Amount("Amount")],
            rows, part.Purchases.Count > ListedWithoutTotal ? ["", "", "Total spent", Words.Amount(part.SpentTotal)] : null,
            caption: "What was bought" + ofPart + (only.Length > 0 ? only : ", by the kind of support in your plan"));
    }

    private void SetAside(StatementPart part, string ofPart)
    {
        if (part.SetAside.Count == 0) return;
        doc.Subheading("Money set aside")
           .Paragraph("This money is still in your budget, kept for these plans. If a plan changes, the money is free to spend again.")
           .Table([TableColumn.Fitted("Planned for"), new("Paid to", 1), new("What it is for", 1.2f), TableColumn.Amount("Amount")],
               part.SetAside.Select(l => (IReadOnlyList<string>)[Date(l.PlannedOn), l.Payee, l.What, Words.Amount(l.Amount)]),
               part.SetAside.Count > 1 ? ["", "", "Total set aside", Words.Amount(part.SetAsideTotal)] : null,
               caption: "Money set aside" + ofPart);
    }

    private void PaidBack(StatementPart part, string ofPart)
    {
        if (part.Returned.Count == 0) return;
        doc.Subheading("Money paid back to the council")
           .Paragraph("This money went back to the council, after it was talked over with you.")
           .Table([TableColumn.Fitted("Date"), new("Why", 3), TableColumn.Amount("Amount")],
               part.Returned.Select(l => (IReadOnlyList<string>)[Date(l.Date), l.Description, Words.Amount(l.Amount)]),
               part.Returned.Count > 1 ? ["", "Total paid back", Words.Amount(part.ReturnedTotal)] : null,
               caption: "Money paid back to the council" + ofPart);
    }

    private void OtherOut(StatementPart part, string ofPart)
    {
        if (part.OtherOut.Count == 0) return;
        doc.Subheading("Other money out")
           .Paragraph("This money left your budget for another reason, such as putting a mistake right.")
           .Table([TableColumn.Fitted("Date"), new("Why", 3), TableColumn.Amount("Amount")],
               part.OtherOut.Select(l => (IReadOnlyList<string>)[Date(l.Date), l.Description, Words.Amount(l.Amount)]),
               part.OtherOut.Count > 1 ? ["", "Total other money out", Words.Amount(part.OtherOutTotal)] : null,
               caption: "Other money out" + ofPart);
    }

    private void ExplainCorrection()
    {
        if (correctionExplained) return;
        correctionExplained = true;
        doc.Paragraph("A correction puts a mistake right. A minus amount means money put back.");
    }

    private void Outcomes()
    {
        doc.Heading($"What your {budget} is for");
        if (s.Outcomes.Count == 0)
        {
            doc.Paragraph($"No goals are written down for this {budget} yet. Your social worker can add them with you.");
            return;
        }
        doc.Paragraph(s.IsTest ? "You chose these goals for your test budget. They are in your own words."
                               : "These are the goals you agreed, in your own words.");
        // Goals with nothing recorded yet are one list; each with progress gets its own heading and its notes.
        doc.Bullets(s.Outcomes.Where(o => o.Progress.Count == 0 && !s.IsTest).Select(o => o.Text).ToList());
        foreach (var outcome in s.Outcomes.Where(o => o.Progress.Count > 0 || s.IsTest))
        {
            doc.Subheading(outcome.Text);
            if (outcome.Progress.Count == 0)
                doc.Paragraph("No progress is written down for this goal yet.");
            foreach (var note in outcome.Progress) Progress(note);
        }
        if (s.GeneralProgress.Count > 0)
        {
            doc.Subheading($"Progress on your {budget} as a whole");
            foreach (var note in s.GeneralProgress) Progress(note);
        }
    }

    private void Progress(ProgressEntry note)
    {
        var words = string.IsNullOrWhiteSpace(note.InOwnWords) ? "" : $" You said: \u201C{note.InOwnWords.Trim()}\u201D";
        var done = note.Completed ? " You said this goal is done." : "";
        doc.Paragraph($"{Words.Date(note.NotedOn)}: {Words.Sentence(note.WhatChanged)}{words}{done}");
    }

    private void Contact()
    {
        doc.Heading("Who to contact")
           .Paragraph($"If you have a question, or something looks wrong, please contact {s.CouncilName}: {s.CouncilContact}.");
        if (!string.IsNullOrWhiteSpace(s.SocialWorker))
            doc.Paragraph($"Your social worker is {s.SocialWorker}.");
        foreach (var holder in s.Parts.Where(p => p.Holder == HolderKind.Organisation).GroupBy(p => p.HolderName))
        {
            var contact = holder.First().HolderContact;
            doc.Paragraph(contact is null
                ? $"{holder.Key} holds money for you. It can answer questions about what it paid for."
                : $"{holder.Key} holds money for you. It can answer questions about what it paid for: {contact}.");
        }
        doc.Paragraph("No money will be taken back from your budget without talking to you first. " +
                      "You can ask for this statement in large print, Easy Read, or another format or language.");
    }

    private string Date(LocalDate date) => Words.TableDate(date, s.From, s.To);

    private static string PurchaseText(PurchaseLine p)
    {
        var what = p.Hours is { } hours ? $"{p.What} ({Words.Hours(Math.Abs(hours))})" : p.What;
        return p.Correction ? $"Correction: {what}, taken off" : what;
    }

    private static string MoneyInText(StatementPart part, MoneyInLine line) => line.Kind == MoneyInKind.Correction
        ? $"Correction: {line.Description}"
        : (part.Option, part.Holder) switch
        {
            (SdsOption.CouncilArranged, _) => "Agreed by the council for the support it arranges",
            (_, HolderKind.Person) => "Paid to you by the council",
            (_, HolderKind.Council) => "Kept for you by the council, which holds it",
            _ => $"Paid by the council to {part.HolderName}, to hold for you",
        };

    private string OnePayment(StatementPart part, MoneyInLine line) => (part.Option, part.Holder) switch
    {
        (SdsOption.CouncilArranged, _) => $"The council agreed {Words.Amount(line.Amount)} on {Date(line.Date)} for the support it arranges.",
        (_, HolderKind.Person) => $"The council paid {Words.Amount(line.Amount)} to you on {Date(line.Date)}.",
        (_, HolderKind.Council) => $"The council kept {Words.Amount(line.Amount)} for you on {Date(line.Date)}.",
        _ => $"The council paid {Words.Amount(line.Amount)} to {part.HolderName} for you on {Date(line.Date)}.",
    };

    private static string PartName(StatementPart part) => (part.Option, part.Holder) switch
    {
        (SdsOption.DirectPayment, HolderKind.Person) => "direct payment",
        (SdsOption.DirectPayment, _) => $"direct payment held by {part.HolderName}",
        (SdsOption.DirectedSupport, HolderKind.Organisation) => $"held by {part.HolderName}",
        (SdsOption.DirectedSupport, _) => "held by the council",
        _ => "support the council arranges",
    };

    // Each way of holding money, said in plain words where it first appears (a direct payment is explained).
    private static string HowHeld(StatementPart part, string subject, string amount) => (part.Option, part.Holder) switch
    {
        (SdsOption.DirectPayment, HolderKind.Person) =>
            $"{subject} is a direct payment{amount}: the council pays it to you, and you choose and pay for your support.",
        (SdsOption.DirectPayment, _) =>
            $"{subject} is a direct payment{amount}, held for you by {part.HolderName}. They pay for the support you choose.",
        (SdsOption.DirectedSupport, HolderKind.Organisation) =>
            $"{part.HolderName} holds {subject.ToLowerInvariant()}{amount} for you. It pays for the support you choose.",
        (SdsOption.DirectedSupport, _) =>
            $"The council holds {subject.ToLowerInvariant()}{amount} for you. It pays for the support you choose.",
        _ => $"The council arranges this support for you. It pays for it from your budget{amount}.",
    };
}
