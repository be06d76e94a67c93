using System.CommandLine;
using System.Globalization;
using SdsLedger.Domain;
using SdsLedger.Features.Surplus;

namespace SdsLedger.Cli.Verbs;

/// <summary>sdsledger surplus flags | discuss | reclaim: money building up is flagged, discussed with the person, and only then reclaimed.</summary>
internal static class SurplusVerbs
{
    public static Command Build()
    {
        var surplus = new Command("surplus",
            "Money building up on a budget: flagged above the council's weeks of funding, discussed with the person, and reclaimed only as agreed — never automatically.");
        surplus.Add(Flags());
        surplus.Add(Discuss());
        surplus.Add(Reclaim());
        return surplus;
    }

    private static Command Flags()
    {
        var flags = new Command("flags", "List the council's budget parts holding more than its threshold of weeks of funding, for a discussion. Example: sdsledger surplus flags --as fin-akhan");
        ActingOptions.On(flags, changes: false, async run =>
        {
            if (run.Actor.CouncilId is not { } councilId) return await CouncilVerbs.NotCouncilStaffAsync(run);
            var result = await run.SendAsync(new SurplusFlags.Query(run.Actor, councilId));
            return await run.FinishAsync(result, view =>
            {
                if (view.Flags.Count == 0)
                {
                    run.Say($"No budget holds more than {view.SurplusWeeks} weeks of funding.");
                    return;
                }
                var table = Print.Table($"Holding more than {view.SurplusWeeks} weeks of funding", "Person", "Part", "Held by", "£Balance", "£A week", "Weeks held", "Discussed", "£Agreed");
                foreach (var f in view.Flags)
                    table.Row($"{f.PersonName} ({f.PersonReference})", f.Position, f.Holder, f.Balance, f.WeeklyFunding,
                        f.WeeksHeld.ToString("0.#", CultureInfo.InvariantCulture), f.DiscussedOn is { } d ? Print.ShortDay(d) : "not yet", f.AgreedToReclaim);
                run.Console.Write(table);
                run.Say($"{view.Flags.Count} part(s), {view.Total} in all. Nothing is reclaimed automatically: record a discussion with each person first ('sdsledger surplus discuss').");
            });
        });
        return flags;
    }

    private static Command Discuss()
    {
        var on = new Option<string?>("--on") { Description = "The day of the discussion (default today).", HelpName = "DATE" };
        var notes = new Option<string>("--notes") { Description = "What was discussed and agreed, in plain words.", Required = true, HelpName = "TEXT" };
        var agreed = new Option<string>("--agreed") { Description = "How much the person agreed the council may take back: 0 when they keep it.", Required = true, HelpName = "POUNDS" };
        var discuss = new Command("discuss",
            "Record a discussion with the person about money building up, and how much they agreed may be reclaimed. " +
            "Example: sdsledger surplus discuss --budget NT-10201 --notes \"Saving for a holiday in June; agreed to return £200\" --agreed 200 --as sw-amacdonald");
        var part = PartHandle.On(discuss);
        discuss.Add(on);
        discuss.Add(notes);
        discuss.Add(agreed);
        ActingOptions.On(discuss, changes: true, async run =>
        {
            var day = run.Date(on);
            var amount = AmountOrZero(run, agreed);
            var (b, p) = await part.ResolveAsync(run);
            if (b is null || p is null || run.HasProblems) return await run.ProblemsAsync();
            var result = await run.SendAsync(new RecordSurplusDiscussion.Command(run.Actor, run.Key, p.PartId, day, run.Get(notes)!.Trim(), amount));
            return await run.FinishAsync(result, id =>
            {
                run.Say($"Discussion with {b.PersonName} ({b.PersonReference}) on {Print.Day(day)} recorded: {(amount.IsZero ? "they keep the money" : $"{amount} may be reclaimed")}.");
                run.Say($"Discussion id: {id}");
                if (!amount.IsZero)
                    run.Say($"A finance officer reclaims it with 'sdsledger surplus reclaim --budget {run.Get(part.Budget.Option) ?? b.BudgetId.ToString()}" +
                            $"{(b.Parts.Count > 1 ? $" --part-no {p.Position}" : "")} --amount {amount.Pounds.ToString("0.00", CultureInfo.InvariantCulture)}'.");
            }, new Dictionary<string, string> { ["Notes"] = notes.Name, ["AgreedAmount"] = agreed.Name, ["HeldOn"] = on.Name, ["PartId"] = "--budget" });
        });
        return discuss;
    }

    private static Command Reclaim()
    {
        var amount = new Option<string>("--amount") { Description = "How much to take back, up to what the discussion agreed.", Required = true, HelpName = "POUNDS" };
        var date = new Option<string?>("--date") { Description = "The day (default today).", HelpName = "DATE" };
        var discussion = new Option<string?>("--discussion") { Description = "The discussion's id (default: the latest one on this part).", HelpName = "DISCUSSION-ID" };
        var reclaim = new Command("reclaim",
            "Take back surplus agreed in a recorded discussion; refused without one. Example: sdsledger surplus reclaim --budget NT-10201 --amount 200 --as fin-akhan");
        var part = PartHandle.On(reclaim);
        reclaim.Add(amount);
        reclaim.Add(date);
        reclaim.Add(discussion);
        ActingOptions.On(reclaim, changes: true, async run =>
        {
            var money = run.Amount(amount);
            var day = run.Date(date);
            Guid? discussionId = null;
            if (run.Get(discussion) is { Length: > 0 } text)
            {
                if (Guid.TryParse(text.Trim(), out var id)) discussionId = id;
                else run.Problem(discussion.Name, $"'{text.Trim()}' is not a discussion id; copy it from what 'sdsledger surplus discuss' printed, or leave it out.");
            }
            var (b, p) = await part.ResolveAsync(run);
            if (b is null || p is null || run.HasProblems) return await run.ProblemsAsync();
            var result = await run.SendAsync(new ReclaimSurplus.Command(run.Actor, run.Key, p.PartId, money, day, discussionId));
            return await run.FinishAsync(result, r =>
                run.Say($"Reclaimed {r.Amount} from {b.PersonName}'s budget ({b.PersonReference}), as agreed ({r.Agreed}). " +
                        $"Available before: {r.AvailableBefore}; now: {r.AvailableAfter}. Entry {r.EntryId}."),
                new Dictionary<string, string> { ["Amount"] = amount.Name, ["DiscussionId"] = discussion.Name, ["PartId"] = "--budget" });
        });
        return reclaim;
    }

    private static Money AmountOrZero(VerbRun run, Option<string> option)
    {
        var text = run.Get(option)?.Trim().TrimStart('£') ?? "";
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var zero) && zero == 0m) return Money.Zero;
        return run.Amount(option);
    }
}
