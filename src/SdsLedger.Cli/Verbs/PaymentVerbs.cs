using System.CommandLine;
using SdsLedger.Features.Payments;

namespace SdsLedger.Cli.Verbs;

/// <summary>sdsledger payment-run: pays the instalments due for the council's active budgets; a re-run pays nobody twice.</summary>
internal static class PaymentVerbs
{
    public static Command Build()
    {
        var date = new Option<string?>("--date") { Description = "Pay every instalment due on or before this day (default today).", HelpName = "DATE" };
        var run = new Command("payment-run",
            "Pay the instalments due (options 1 and 2) on the council's active budgets; running it again pays nobody twice.");
        run.Add(date);
        ActingOptions.On(run, changes: true, async r =>
        {
            var day = r.Date(date);
            if (r.HasProblems) return await r.ProblemsAsync();
            if (r.Actor.CouncilId is not { } councilId) return await CouncilVerbs.NotCouncilStaffAsync(r);
            var result = await r.SendAsync(new PaymentRun.Command(r.Actor, r.Key, councilId, day));
            return await r.FinishAsync(result, paid =>
            {
                var table = Print.Figures($"Payment run for {Print.Day(paid.RunDate)}")
                    .Row("Instalments paid now", paid.InstalmentsPaid.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Row("Paid now", paid.TotalPaid)
                    .Row("Already paid by an earlier run", paid.AlreadyPaid.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Row("Budget parts looked at", paid.Parts.ToString(System.Globalization.CultureInfo.InvariantCulture));
                r.Console.Write(table);
                r.Say(paid.InstalmentsPaid == 0
                    ? "Nothing new was due: everyone due an instalment by this day has been paid."
                    : $"{paid.InstalmentsPaid} instalment(s), {paid.TotalPaid}, paid to the holders' accounts. Running it again for this day pays nobody twice.");
            });
        });
        return run;
    }
}
