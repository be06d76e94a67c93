using System.CommandLine;
using SdsLedger.Features.Approvals;

namespace SdsLedger.Cli.Verbs;

/// <summary>sdsledger approval request | approve | reject: a second person approves spends above the council's threshold (four eyes).</summary>
internal static class ApprovalVerbs
{
    public static Command Build()
    {
        var approval = new Command("approval", "Spends above the council's approval threshold need a second person's approval first (four eyes).");
        approval.Add(Request());
        approval.Add(Decide(approve: true));
        approval.Add(Decide(approve: false));
        return approval;
    }

    private static Command Request()
    {
        var request = new Command("request",
            "Ask for approval of a spend above the council's threshold, before it is made. Example: sdsledger approval request --budget NT-10201 --amount 320 " +
            "--category leisure --payee \"Kirkton Gym\" --description \"a year's gym membership\" --as person:NT-10201");
        var part = PartHandle.On(request);
        var what = SpendingOptions.On(request, "who will be paid", "what will be bought and why", confirmations: false, date: false);
        var wrongMatch = new Option<string?>("--wrong-match")
        {
            Description = "The excluded purpose this spend was taken for wrongly (like alcohol, for 'Wine gums'): a second person approves it as a wrong match.",
            HelpName = "PURPOSE",
        };
        var reason = new Option<string?>("--reason") { Description = "Why the spend is not what the excluded purpose is about (with --wrong-match).", HelpName = "TEXT" };
        request.Add(wrongMatch);
        request.Add(reason);
        ActingOptions.On(request, changes: true, async run =>
        {
            var (amount, _) = what.Read(run);
            var (b, p) = await part.ResolveAsync(run);
            if (b is null || p is null || run.HasProblems) return await run.ProblemsAsync();
            var result = await run.SendAsync(new RequestApproval.Command(run.Actor, run.Key, p.PartId, amount, what.CategoryOf(run), what.PayeeOf(run), what.DescriptionOf(run),
                run.Get(wrongMatch)?.Trim().ToLowerInvariant(), run.Get(reason)?.Trim()));
            return await run.FinishAsync(result, id =>
            {
                run.Say($"Approval asked for {amount} to {what.PayeeOf(run)} for {what.CategoryOf(run)}, from {b.PersonName}'s budget ({b.PersonReference}).");
                run.Say($"Approval id: {id}");
                run.Say($"A second person (not you) approves it with 'sdsledger approval approve --approval {id}'; then record the spend with --approval {id}.");
            }, new Dictionary<string, string>(what.Fields()) { ["WrongMatch"] = wrongMatch.Name, ["Reason"] = reason.Name });
        });
        return request;
    }

    private static Command Decide(bool approve)
    {
        var id = new Option<string>("--approval") { Description = "The approval id, as printed by 'sdsledger approval request'.", Required = true, HelpName = "APPROVAL-ID" };
        var words = approve
            ? new Option<string>("--note") { Description = "An optional note about the decision." }
            : new Option<string>("--reason") { Description = "Why the spend is turned down, in words the person will understand.", Required = true };
        var command = approve
            ? new Command("approve", "Approve a spend someone else asked for. Example: sdsledger approval approve --approval ID --as sw-amacdonald")
            : new Command("reject", "Turn down a spend someone else asked for, saying why. Example: sdsledger approval reject --approval ID --reason \"...\" --as sw-amacdonald");
        command.Add(id);
        command.Add(words);
        ActingOptions.On(command, changes: true, async run =>
        {
            if (!Guid.TryParse(run.Get(id)?.Trim(), out var approvalId))
            {
                run.Problem(id.Name, $"'{run.Get(id)?.Trim()}' is not an approval id; copy it from what 'sdsledger approval request' printed.");
                return await run.ProblemsAsync();
            }
            var text = run.Get(words)?.Trim();
            var result = approve
                ? await run.SendAsync(new ApproveSpend.Command(run.Actor, run.Key, approvalId, string.IsNullOrEmpty(text) ? null : text))
                : await run.SendAsync(new RejectSpend.Command(run.Actor, run.Key, approvalId, text ?? ""));
            return await run.FinishAsync(result, d =>
            {
                run.Say(approve
                    ? $"Approved: {d.Amount} to {d.Payee} for {d.Category}, asked for by {d.RequestedBy}, approved by {d.DecidedBy}."
                    : $"Turned down: {d.Amount} to {d.Payee} for {d.Category}, asked for by {d.RequestedBy}. Reason: {d.Reason}");
                if (approve) run.Say($"Record the spend with --approval {d.ApprovalId}.");
            }, new Dictionary<string, string> { ["ApprovalId"] = id.Name, ["Note"] = words.Name, ["Reason"] = words.Name });
        });
        return command;
    }
}
