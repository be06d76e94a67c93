using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Statements;

namespace SdsLedger.Documents.Statements;

/// <summary>
/// A person's statement as an A4 PDF in plain English: a summary whose figures add up in a sentence, then for each
/// part of the budget the money in, what was bought by category, money set aside and money paid back; the outcomes
/// in the person's words with any progress; and who to contact.
/// </summary>
public static class StatementDocument
{
    /// <summary>Large print when the person asked for it, or when asked for on this run.</summary>
    public static DocumentStyle StyleFor(StatementView statement, bool largePrint)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return largePrint || statement.Print == StatementPrint.LargePrint ? DocumentStyle.LargePrint : DocumentStyle.Standard;
    }

    public static DocumentInfo Info(StatementView statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return new DocumentInfo($"Budget statement for {statement.PersonName}, {Words.Period(statement.From, statement.To)}",
            statement.CouncilName, "Self-directed support budget statement");
    }

    /// <summary>Writes the statement as PDF; returns the number of pages.</summary>
    public static int WritePdf(StatementView statement, DocumentStyle style, Stream output)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return new StatementWriter(statement, style).Build().WritePdf(output, Info(statement));
    }

    private sealed class StatementWriter(StatementView s, DocumentStyle style)
    {
        private readonly PdfDocumentBuilder doc = new(style);
        private readonly string during = Words.During(s.From, s.To);
        private readonly string start = Words.DayAndMonth(s.From);
        private readonly string end = Words.DayAndMonth(s.To);

        public PdfDocumentBuilder Build()
        {
            Introduction();
            Summary();
            for (var i = 0; i < s.Parts.Count; i++) Part(s.Parts[i], s.Parts.Count > 1);
            Outcomes();
            Contact();
            return doc;
        }

        private void Introduction()
        {
            doc.Heading($"Your {(s.IsTest ? "test budget" : "budget")} statement for {Words.Period(s.From, s.To)}")
               .KeyValue("Name", s.PersonName)
               .KeyValue("Your reference", s.PersonReference)
               .KeyValue("This statement covers", Words.DateRange(s.From, s.To))
               .KeyValue(s.IsTest ? "Your test budget" : "Your budget", Words.Amount(s.AgreedTotal))
               .KeyValue(s.IsTest ? "It runs" : "Your budget runs", Words.DateRange(s.BudgetPeriod.Start, s.BudgetPeriod.End))
               .Spacer();
            if (s.IsTest)
                doc.Paragraph("A test budget is a small amount of money for you to try out what helps your recovery, " +
                              "spent on things you choose for the outcomes you chose.");
            if (s.Parts.Count == 1)
                doc.Paragraph(HowHeld(s.Parts[0], s.IsTest ? "Your test budget" : "Your budget"));
            else
                doc.Paragraph($"Your budget has {s.Parts.Count} parts, each paid and looked after in its own way. " +
                              "The summary adds them together, and each part is then shown on its own.");
            doc.Paragraph($"This statement shows the money in your budget {during}: what it started with, the money that came in, " +
                          "what was bought, and what was left at the end.");
        }

        private void Summary()
        {
            doc.Subheading($"Your money {during}");
            Figures(s.Opening, s.MoneyIn, s.Spent, s.Returned, s.OtherOut, s.Closing);
            if (s.SetAside.IsPositive)
                doc.Paragraph($"{Words.Amount(s.SetAside)} of the money left is set aside for things already planned, " +
                              $"so {Words.Amount(s.Closing - s.SetAside)} is free to spend.");
            var toCome = s.Parts.Where(p => p.Option != SdsOption.CouncilArranged).Aggregate(Money.Zero, (sum, p) => sum + p.StillToCome);
            if (toCome.IsPositive)
                doc.Paragraph($"The council has still to pay {Words.Amount(toCome)} of your budget. " +
                              $"It pays this in instalments until {Words.Date(s.BudgetPeriod.End)}.");
        }

        // The same five figures, with the sentence that shows how they add up.
        private void Figures(Money opening, Money moneyIn, Money spent, Money returned, Money otherOut, Money closing)
        {
            doc.KeyValue($"At the start, on {start}", Words.Amount(opening), TextAlignment.Right)
               .KeyValue("Money paid in", Words.Amount(moneyIn), TextAlignment.Right)
               .KeyValue("Spent on your support", Words.Amount(spent), TextAlignment.Right)
               .KeyValue("Paid back to the council", Words.Amount(returned), TextAlignment.Right);
            if (!otherOut.IsZero)
                doc.KeyValue("Other money out", Words.Amount(otherOut), TextAlignment.Right);
            doc.KeyValue($"Left at the end, on {end}", Words.Amount(closing), TextAlignment.Right);
            var other = otherOut.IsZero ? "" : $", minus {Words.Amount(otherOut)} other money out";
            doc.Paragraph($"How the money left is worked out: {Words.Amount(opening)} at the start, plus {Words.Amount(moneyIn)} in, " +
                          $"minus {Words.Amount(spent)} spent, minus {Words.Amount(returned)} paid back{other}, leaves {Words.Amount(closing)}.");
        }

        private void Part(StatementPart part, bool several)
        {
            if (several)
            {
                doc.Heading($"Part {part.Position}: {PartName(part)}, {Words.Amount(part.Amount)}")
                   .Paragraph(HowHeld(part, "This part"));
                Figures(part.Opening, part.MoneyInTotal, part.SpentTotal, part.ReturnedTotal, part.OtherOutTotal, part.Closing);
            }
            MoneyIn(part);
            Purchases(part);
            SetAside(part);
            PaidBack(part);
            OtherOut(part);
        }

        private void MoneyIn(StatementPart part)
        {
            doc.Subheading("Money in");
            if (part.MoneyIn.Count == 0)
            {
                doc.Paragraph($"No money was paid into your budget {during}.");
                return;
            }
            doc.Paragraph(part.Option == SdsOption.CouncilArranged
                ? $"The money the council agreed for the support it arranges for you, {during}."
                : $"The money the council paid for your support {during}, and the day it was paid.");
            doc.Table(
                [TableColumn.Fitted("Date"), new("What it was", 3), TableColumn.Amount("Amount")],
                part.MoneyIn.Select(l => (IReadOnlyList<string>)[Date(l.Date), MoneyInText(part, l), Words.Amount(l.Amount)]),
                ["", "Total money in", Words.Amount(part.MoneyInTotal)]);
        }

        private void Purchases(StatementPart part)
        {
            doc.Subheading("What was bought");
            if (part.Purchases.Count == 0)
            {
                doc.Paragraph($"Nothing was bought from {(s.Parts.Count > 1 ? "this part of " : "")}your budget {during}.");
                return;
            }
            doc.Paragraph($"Everything paid for {during}, grouped by the kind of support in your plan, with the date, " +
                          "who was paid, what it was for, and how much.");
            var rows = new List<TableRow>();
            foreach (var category in part.PurchasesByCategory)
            {
                var name = Words.Category(category.Key);
                rows.Add(TableRow.Group(name));
                rows.AddRange(category.Select(p => TableRow.Of(Date(p.Date), p.Payee, PurchaseText(p), Words.Amount(p.Amount))));
                rows.Add(TableRow.Subtotal("", "", $"Total for {name.ToLowerInvariant()}",
                    Words.Amount(category.Aggregate(Money.Zero, (sum, p) => sum + p.Amount))));
            }
            doc.Table([TableColumn.Fitted("Date"), new("Paid to", 1), new("What it was for", 1.2f), TableColumn.Amount("Amount")],
                rows, ["", "", "Total spent", Words.Amount(part.SpentTotal)]);
        }

        private void SetAside(StatementPart part)
        {
            if (part.SetAside.Count == 0) return;
            doc.Subheading("Money set aside")
               .Paragraph($"On {end}, this money was kept for things already planned. It is still in your budget, but not free to spend. " +
                          "If a plan changes, the money becomes free to spend again.")
               .Table([TableColumn.Fitted("Planned for"), new("Paid to", 1), new("What it is for", 1.2f), TableColumn.Amount("Amount")],
                   part.SetAside.Select(l => (IReadOnlyList<string>)[Date(l.PlannedOn), l.Payee, l.What, Words.Amount(l.Amount)]),
                   ["", "", "Total set aside", Words.Amount(part.SetAsideTotal)]);
        }

        private void PaidBack(StatementPart part)
        {
            doc.Subheading("Money paid back to the council");
            if (part.Returned.Count == 0)
            {
                doc.Paragraph($"No money was paid back to the council {during}.");
                return;
            }
            doc.Paragraph("Money that went back to the council, after it was talked over with you.")
               .Table([TableColumn.Fitted("Date"), new("Why", 3), TableColumn.Amount("Amount")],
                   part.Returned.Select(l => (IReadOnlyList<string>)[Date(l.Date), l.Description, Words.Amount(l.Amount)]),
                   ["", "Total paid back", Words.Amount(part.ReturnedTotal)]);
        }

        private void OtherOut(StatementPart part)
        {
            if (part.OtherOut.Count == 0) return;
            doc.Subheading("Other money out")
               .Paragraph("Money that left your budget for another reason, such as a correction.")
               .Table([TableColumn.Fitted("Date"), new("Why", 3), TableColumn.Amount("Amount")],
                   part.OtherOut.Select(l => (IReadOnlyList<string>)[Date(l.Date), l.Description, Words.Amount(l.Amount)]),
                   ["", "Total other money out", Words.Amount(part.OtherOutTotal)]);
        }

        private void Outcomes()
        {
            doc.Heading($"What your {(s.IsTest ? "test budget" : "budget")} is for");
            if (s.Outcomes.Count == 0)
                doc.Paragraph("No outcomes are written down for this budget yet. Your social worker can add them with you.");
            else
                doc.Paragraph(s.IsTest ? "You chose these outcomes for your test budget. They are in your own words." : "These are the outcomes you agreed for your support, in your own words.");
            foreach (var outcome in s.Outcomes)
            {
                if (!s.IsTest && outcome.Progress.Count == 0)
                {
                    doc.Paragraph("\u2022 " + outcome.Text);
                    continue;
                }
                doc.Subheading(outcome.Text);
                if (outcome.Progress.Count == 0)
                    doc.Paragraph("No progress is written down for this outcome yet.");
                foreach (var note in outcome.Progress) Progress(note);
            }
            if (s.GeneralProgress.Count > 0)
            {
                doc.Subheading("Progress on your budget as a whole");
                foreach (var note in s.GeneralProgress) Progress(note);
            }
        }

        private void Progress(ProgressEntry note)
        {
            var words = string.IsNullOrWhiteSpace(note.InOwnWords) ? "" : $" You said: \u201C{note.InOwnWords.Trim()}\u201D";
            var done = note.Completed ? " You said this outcome is done." : "";
            doc.Paragraph($"{Words.Date(note.NotedOn)}: {Words.Sentence(note.WhatChanged)}{words}{done}");
        }

        private void Contact()
        {
            doc.Heading("Who to contact")
               .Paragraph($"If you have a question about this statement, or something does not look right, please contact {s.CouncilName}: {s.CouncilContact}.");
            if (!string.IsNullOrWhiteSpace(s.SocialWorker))
                doc.Paragraph($"Your social worker is {s.SocialWorker}.");
            foreach (var holder in s.Parts.Where(p => p.Holder == HolderKind.Organisation).GroupBy(p => p.HolderName))
            {
                var contact = holder.First().HolderContact;
                doc.Paragraph(contact is null
                    ? $"{holder.Key} holds money for you and can answer questions about what it paid for."
                    : $"{holder.Key} holds money for you and can answer questions about what it paid for: {contact}.");
            }
            doc.Paragraph("No money will be taken back from your budget without talking to you first. " +
                          "You can ask for this statement in large print, or in another format or language.");
        }

        private string Date(NodaTime.LocalDate date) => Words.TableDate(date, s.From, s.To);

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
                (_, HolderKind.Council) => "Set aside for you by the council, which holds it",
                _ => $"Paid by the council to {part.HolderName}, to hold for you",
            };

        private static string PartName(StatementPart part) => (part.Option, part.Holder) switch
        {
            (SdsOption.DirectPayment, HolderKind.Person) => "direct payment",
            (SdsOption.DirectPayment, _) => $"direct payment held by {part.HolderName}",
            (SdsOption.DirectedSupport, HolderKind.Organisation) => $"held by {part.HolderName}",
            (SdsOption.DirectedSupport, _) => "held by the council",
            _ => "support the council arranges",
        };

        private static string HowHeld(StatementPart part, string subject) => (part.Option, part.Holder) switch
        {
            (SdsOption.DirectPayment, HolderKind.Person) =>
                $"{subject} is a direct payment: the council pays the money to you, and you choose and pay for your support.",
            (SdsOption.DirectPayment, _) =>
                $"{subject} is a direct payment held for you by {part.HolderName}, who pays for the support you choose.",
            (SdsOption.DirectedSupport, HolderKind.Organisation) =>
                $"{part.HolderName} holds this money for you and pays for the support you choose. It is kept apart from anyone else's money.",
            (SdsOption.DirectedSupport, _) =>
                "The council holds this money for you and pays for the support you choose.",
            _ => "The council arranges this support for you and pays for it from your budget.",
        };
    }
}
