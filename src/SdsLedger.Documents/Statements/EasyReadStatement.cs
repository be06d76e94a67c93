using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Statements;

namespace SdsLedger.Documents.Statements;

/// <summary>
/// The statement in Easy Read: a picture beside each section, one idea to a sentence and each sentence on its own line,
/// at most 15 words (the person's own words aside), 16 pt or larger. Money is written as lines such as "£45.00 for
/// swimming on 10 October", never in tables. The figures are the whole budget's; the parts are not shown one by one.
/// </summary>
internal sealed class EasyReadStatement(StatementView s)
{
    private readonly DocumentBuilder doc = new(DocumentStyle.EasyRead);
    private readonly string during = Words.During(s.From, s.To);
    private readonly string budget = s.IsTest ? "test budget" : "budget";

    public DocumentBuilder Build()
    {
        AboutYou();
        YourMoney();
        MoneyIn();
        Bought();
        SetAside();
        PaidBack();
        Goals();
        Contact();
        return doc;
    }

    private void AboutYou()
    {
        doc.Heading(Discreet.Title(s))
           .Pictured(Picture.Person, $"This statement is for {s.PersonName}.", $"Your reference is {s.PersonReference}.",
               $"It shows the money in your {budget} {during}.");
        var about = new List<string>
        {
            $"Your {budget} is {Words.Amount(s.AgreedTotal)}.",
            $"It is for {Words.DateRange(s.BudgetPeriod.Start, s.BudgetPeriod.End)}.",
        };
        if (s.IsTest) about.Add($"You use it to try out {Discreet.WhatHelps(s)}.");
        about.AddRange(s.Parts.Count == 1 ? WhoHolds(s.Parts[0]) : [$"Your budget is paid in {s.Parts.Count} different ways."]);
        doc.Pictured(Picture.Money, about);
    }

    private void YourMoney()
    {
        doc.Heading($"Your money {during}")
           .Pictured(Picture.Money, $"You had {Words.Amount(s.Opening)} on {Words.DayAndMonth(s.From)}.")
           .Pictured(Picture.MoneyIn, s.MoneyIn.IsZero && s.Parts.All(p => p.MoneyIn.Count == 0)
               ? "No money was paid in."
               : $"{Words.Amount(s.MoneyIn)} was paid in.")
           .Pictured(Picture.Bought, s.Parts.All(p => p.Purchases.Count == 0)
               ? "Nothing was bought."
               : $"{Words.Amount(s.Spent)} was spent on your support.");
        if (!s.Returned.IsZero)
            doc.Pictured(Picture.PaidBack, $"{Words.Amount(s.Returned)} was paid back to the council.");
        if (!s.OtherOut.IsZero)
            doc.Pictured(Picture.PaidBack, $"{Words.Amount(s.OtherOut)} left your {budget} for another reason.");
        doc.Pictured(Picture.Money, $"You had {Words.Amount(s.Closing)} left on {Words.DayAndMonth(s.To)}.");
        if (s.SetAside.IsPositive)
            doc.Pictured(Picture.SetAside, $"{Words.Amount(s.SetAside)} of this is kept for things you planned.",
                $"You can spend the other {Words.Amount(s.Closing - s.SetAside)}.");
        var toCome = StatementDocument.StillToCome(s);
        if (toCome.IsPositive)
            doc.Pictured(Picture.StillToCome, $"The council will pay {Words.Amount(toCome)} more.",
                $"It pays a bit at a time, until {Words.Date(s.BudgetPeriod.End)}.");
    }

    private void MoneyIn()
    {
        var lines = s.Parts.SelectMany(p => p.MoneyIn.Select(l => (Part: p, Line: l))).OrderBy(x => x.Line.Date).ToList();
        if (lines.Count == 0) return;
        doc.Heading("Money paid in")
           .Pictured(Picture.MoneyIn, lines.Select(x => MoneyInLine(x.Part, x.Line)).ToList());
    }

    private void Bought()
    {
        var purchases = s.Parts.SelectMany(p => p.Purchases).OrderBy(p => p.Date).ToList();
        if (purchases.Count == 0) return;
        doc.Heading("What was bought")
           .Pictured(Picture.Bought, purchases.Select(Purchase).ToList());
    }

    private void SetAside()
    {
        var lines = s.Parts.SelectMany(p => p.SetAside).OrderBy(l => l.PlannedOn).ToList();
        if (lines.Count == 0) return;
        doc.Heading("Money kept for your plans")
           .Pictured(Picture.SetAside, lines.Select(l => $"{Words.Amount(l.Amount)} for {Words.Continuing(l.What)}.")
               .Append("You can use this money for something else if your plans change.").ToList());
    }

    private void PaidBack()
    {
        var returned = s.Parts.SelectMany(p => p.Returned).OrderBy(l => l.Date).ToList();
        var other = s.Parts.SelectMany(p => p.OtherOut).OrderBy(l => l.Date).ToList();
        if (returned.Count == 0 && other.Count == 0) return;
        var sentences = returned.Select(l => $"{Words.Amount(l.Amount)} went back to the council on {Date(l.Date)}.").ToList();
        if (returned.Count > 0) sentences.Add("The council talked about this with you first.");
        sentences.AddRange(other.Select(l => $"{Words.Amount(l.Amount)} left your {budget} on {Date(l.Date)}: {l.Description}."));
        doc.Heading("Money that went out").Pictured(Picture.PaidBack, sentences);
    }

    private void Goals()
    {
        doc.Heading($"What your {budget} is for");
        if (s.Outcomes.Count == 0)
        {
            doc.Pictured(Picture.Outcomes, "Your goals are not written down yet.", "Your social worker can help you add them.");
            return;
        }
        doc.Pictured(Picture.Outcomes, "These are your goals, in your own words.");
        doc.Bullets(s.Outcomes.Select(Goal).ToList());
        if (s.GeneralProgress.Count > 0)
            doc.Bullets(s.GeneralProgress.Select(n => Progress(n)).ToList());
    }

    private string Goal(StatementOutcome outcome) =>
        outcome.Progress.Count == 0
            ? outcome.Text
            : outcome.Text + "\n" + string.Join("\n", outcome.Progress.Select(Progress));

    private static string Progress(ProgressEntry note)
    {
        var lines = new List<string> { $"{Words.Date(note.NotedOn)}: {Words.Sentence(note.WhatChanged)}" };
        if (!string.IsNullOrWhiteSpace(note.InOwnWords)) lines.Add($"You said: \u201C{note.InOwnWords.Trim()}\u201D");
        if (note.Completed) lines.Add("You have done this goal.");
        return string.Join("\n", lines);
    }

    private void Contact()
    {
        var sentences = new List<string> { "Do you have a question?", $"Please contact {s.CouncilName}.", Words.Sentence(s.CouncilContact) };
        if (!string.IsNullOrWhiteSpace(s.SocialWorker))
            sentences.Add($"Your social worker is {s.SocialWorker}.");
        foreach (var holder in s.Parts.Where(p => p.Holder == HolderKind.Organisation).GroupBy(p => p.HolderName))
        {
            sentences.Add($"{holder.Key} can tell you what it paid for.");
            if (holder.First().HolderContact is { } contact) sentences.Add($"Contact them on {contact}.");
        }
        sentences.Add("The council will not take money back without talking to you first.");
        doc.Heading("Who to contact").Pictured(Picture.Contact, sentences);
    }

    private string MoneyInLine(StatementPart part, MoneyInLine line) => line.Kind == MoneyInKind.Correction
        ? $"{Words.Amount(line.Amount)} on {Date(line.Date)}, to put a mistake right."
        : (part.Option, part.Holder) switch
        {
            (SdsOption.CouncilArranged, _) => $"{Words.Amount(line.Amount)} for support the council arranges, on {Date(line.Date)}.",
            (_, HolderKind.Person) => $"{Words.Amount(line.Amount)} paid to you on {Date(line.Date)}.",
            (_, HolderKind.Council) => $"{Words.Amount(line.Amount)} kept for you by the council on {Date(line.Date)}.",
            _ => $"{Words.Amount(line.Amount)} paid to {part.HolderName} for you on {Date(line.Date)}.",
        };

    private string Purchase(PurchaseLine p)
    {
        if (p.Correction)
            return $"{Words.Amount(-p.Amount)} back on {Date(p.Date)}, to put a mistake right.";
        var hours = p.Hours is { } h ? $" ({Words.Hours(Math.Abs(h))})" : "";
        return $"{Words.Amount(p.Amount)} for {Words.Continuing(p.What)}{hours} on {Date(p.Date)}.";
    }

    private static IReadOnlyList<string> WhoHolds(StatementPart part) => (part.Option, part.Holder) switch
    {
        (SdsOption.DirectPayment, HolderKind.Person) => ["The council pays the money to you.", "You choose and pay for your support."],
        (SdsOption.DirectPayment, _) => [$"The council pays the money to {part.HolderName}.", "They pay for the support you choose."],
        (SdsOption.DirectedSupport, HolderKind.Organisation) => [$"{part.HolderName} keeps the money for you.", "It pays for the support you choose."],
        (SdsOption.DirectedSupport, _) => ["The council keeps the money for you.", "It pays for the support you choose."],
        _ => ["The council arranges your support.", "It pays for it from your budget."],
    };

    private string Date(LocalDate date) => s.From.Year == s.To.Year ? Words.DayAndMonth(date) : Words.Date(date);
}
