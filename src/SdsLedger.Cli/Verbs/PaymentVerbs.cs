using System.CommandLine;
using System.Globalization;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Payments;

namespace SdsLedger.Cli.Verbs;

/// <summary>
/// sdsledger payment-run: pays the instalments due for the council's active budgets; a re-run pays nobody twice. --dry-run
/// shows who would get what and pays nothing; a run that would pay a part more than one instalment at once needs --confirm.
/// </summary>
internal static class PaymentVerbs
{
    private static readonly Dictionary<string, string> Fields = new() { ["RunDate"] = "--date" };

    public static Command Build()
    {
        var date = new Option<string?>("--date")
        {
            Description = "Pay every instalment due on or before this day (default today; at most the council's set number of days ahead, 7 unless changed).",
            HelpName = "DATE",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show who would be paid what, and when, and pay nothing." };
        var confirm = new Option<bool>("--confirm") { Description = "Pay a run that catches up (a part due more than one instalment), after checking it with --dry-run." };
        var run = new Command("payment-run",
            "Pay the instalments due (options 1 and 2) on the council's active budgets; running it again pays nobody twice.");
        run.Add(date);
        run.Add(dryRun);
        run.Add(confirm);
        ActingOptions.On(run, changes: true, async r =>
        {
            var day = r.Date(date);
            if (r.HasProblems) return await r.ProblemsAsync();
            if (r.Actor.CouncilId is not { } councilId) return await CouncilVerbs.NotCouncilStaffAsync(r);
            if (r.Get(dryRun))
            {
                var preview = await r.SendAsync(new PaymentRunPreview.Query(r.Actor, councilId, day));
                return await r.FinishAsync(preview, view => PrintPreview(r, view), Fields);
            }

            var result = await r.SendAsync(new PaymentRun.Command(r.Actor, r.Key, councilId, day, r.Get(confirm)));
            if (result.Refusal?.Code == RefusalCodes.NeedsConfirmation && !r.Json
                && (await r.SendAsync(new PaymentRunPreview.Query(r.Actor, councilId, day))).Value is { } shown)
            {
                PrintPreview(r, shown);
                r.Say("Nothing was paid. If every line above is right, run the same command again with --confirm.");
            }
            return await r.FinishAsync(result, paid =>
            {
                var table = Print.Figures($"Payment run for {Print.Day(paid.RunDate)}")
                    .Row("Instalments paid now", paid.InstalmentsPaid.ToString(CultureInfo.InvariantCulture))
                    .Row("Paid now", paid.TotalPaid)
                    .Row("Already paid by an earlier run", paid.AlreadyPaid.ToString(CultureInfo.InvariantCulture))
                    .Row("Budget parts looked at", paid.Parts.ToString(CultureInfo.InvariantCulture));
                r.Console.Write(table);
                r.Say(paid.InstalmentsPaid == 0
                    ? "Nothing new was due: everyone due an instalment by this day has been paid."
                    : $"{paid.InstalmentsPaid} instalment(s), {paid.TotalPaid}, paid to the holders' accounts. Running it again for this day pays nobody twice.");
            }, Fields);
        });
        return run;
    }

    private static void PrintPreview(VerbRun r, PaymentRunPreviewView view)
    {
        var table = Print.Table($"What a payment run for {Print.Day(view.RunDate)} would pay", "Person", "Paid to", "Instalments due", "Amount");
        foreach (var p in view.Payments)
            table.Row($"{p.PersonReference} {p.PersonName}", p.Holder, string.Join(", ", p.Due.Select(Print.Day)), p.Amount.ToString());
        r.Console.Write(table);
        r.Say($"{view.Instalments} instalment(s) to {view.Payments.Count} budget part(s), {view.Total} in all; {view.AlreadyPaid} already paid by earlier runs." +
              (view.NeedsConfirmation ? $" {view.PartsCatchingUp} part(s) would get more than one instalment at once, so the run needs --confirm." : ""));
    }
}
