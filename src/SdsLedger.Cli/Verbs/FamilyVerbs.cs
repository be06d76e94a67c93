using System.CommandLine;
using SdsLedger.Features.Family;

namespace SdsLedger.Cli.Verbs;

/// <summary>sdsledger family agree | member: a person's family and household, and the council's recorded agreement, with its reason, that a budget may pay one of them.</summary>
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
        family.Add(Member());
        return family;
    }

    private static Command Member()
    {
        var person = new Option<string>("--person") { Description = "The person's reference, like NT-10201.", Required = true, HelpName = "REF" };
        var name = new Option<string>("--name") { Description = "The family member's name.", Required = true };
        var relationship = new Option<string>("--relationship") { Description = "Who they are to the person, like sister, son or partner.", Required = true };
        var household = new Option<bool>("--household") { Description = "They live in the person's household." };
        var member = new Command("member",
            "Record someone of the person's family or household. From then on, paying them needs the council's agreement ('family agree'), " +
            "whether or not a spend says it is family. Example: sdsledger family member --person NT-10202 --name \"Mary Test\" --relationship sister --as sw-amacdonald");
        member.Add(person);
        member.Add(name);
        member.Add(relationship);
        member.Add(household);
        ActingOptions.On(member, changes: true, async run =>
        {
            (Guid Id, string Name)? who;
            await using (var conn = await run.OpenAsync())
                who = await Features.Shared.Handles.PersonAsync(conn, run.Actor, run.Get(person)!, run.Ct);
            if (who is null) run.Problem(person.Name, $"Nobody of this council has the reference '{run.Get(person)!.Trim()}'.");
            if (run.HasProblems) return await run.ProblemsAsync();
            var result = await run.SendAsync(new RecordFamilyMember.Command(run.Actor, run.Key, who!.Value.Id, run.Get(name)!, run.Get(relationship)!, run.Get(household)));
            return await run.FinishAsync(result, _ =>
                run.Say($"Recorded: {run.Get(name)!.Trim()} is {who.Value.Name}'s {run.Get(relationship)!.Trim()}{(run.Get(household) ? ", in their household" : "")}. " +
                        "Paying them now needs the council's agreement on record ('sdsledger family agree')."),
                new Dictionary<string, string> { ["Name"] = name.Name, ["Relationship"] = relationship.Name, ["PersonId"] = person.Name });
        });
        return member;
    }
}
