using System.CommandLine;
using SdsLedger.Features.Family;

namespace SdsLedger.Cli.Verbs;

/// <summary>sdsledger family agree: the council's recorded agreement, with its reason, that a budget may pay a family member.</summary>
internal static class FamilyVerbs
{
    public static Command Build()
    {
        var family = new Command("family", "Paying a family member from a budget needs the council's agreement, with its reason, on record.");
        var payee = new Option<string>("--payee") { Description = "The family member's name, as it will appear as the payee.", Required = true, HelpName = "NAME" };
        var reason = new Option<string>("--reason") { Description = "Why the council agreed, like 'lives in the household and provides personal care'.", Required = true };
        var on = new Option<string?>("--on") { Description = "The day it was agreed (default today).", HelpName = "DATE" };
        var agree = new Command("agree",
            "Record that the council agreed a budget may pay a named family member. Spends to them marked --family then pass the rules. " +
            "Example: sdsledger family agree --budget NT-10201 --payee \"Mary MacLeod\" --reason \"lives with Ailsa and provides personal care\" --as sw-amacdonald");
        var handle = BudgetHandle.On(agree);
        agree.Add(payee);
        agree.Add(reason);
        agree.Add(on);
        ActingOptions.On(agree, changes: true, async run =>
        {
            var day = run.Date(on);
            var b = await handle.ResolveAsync(run);
            if (b is null || run.HasProblems) return await run.ProblemsAsync();
            var result = await run.SendAsync(new RecordFamilyAgreement.Command(run.Actor, run.Key, b.BudgetId, run.Get(payee)!.Trim(), run.Get(reason)!.Trim(), day));
            return await run.FinishAsync(result, _ =>
                run.Say($"Recorded: {b.PersonName}'s budget ({b.PersonReference}) may pay {run.Get(payee)!.Trim()}, a family member, as agreed on {Print.Day(day)}. " +
                        "Mark their spends with --family (or family=yes in an import)."),
                new Dictionary<string, string> { ["Payee"] = payee.Name, ["Reason"] = reason.Name, ["AgreedOn"] = on.Name });
        });
        family.Add(agree);
        return family;
    }
}
