using System.CommandLine;
using SdsLedger.Features.Corrections;
using SdsLedger.Features.Shared;

namespace SdsLedger.Cli.Verbs;

/// <summary>sdsledger reverse: puts a mistake right with a new entry that undoes an old one; nothing is edited or deleted.</summary>
internal static class CorrectionVerbs
{
    public static Command Build()
    {
        var entry = new Option<string>("--entry") { Description = "The id of the ledger entry to undo, as printed when it was recorded.", Required = true, HelpName = "ENTRY-ID" };
        var reason = new Option<string>("--reason") { Description = "Why, like 'recorded twice' or 'refunded by the shop'.", Required = true };
        var date = new Option<string?>("--date") { Description = "The day the correction takes effect (default today).", HelpName = "DATE" };
        var reverse = new Command("reverse",
            "Put a mistake right: a new entry undoes one of a budget's entries, with the reason; both stay in the history.");
        var handle = BudgetHandle.On(reverse, required: false);
        reverse.Add(entry);
        reverse.Add(reason);
        reverse.Add(date);
        ActingOptions.On(reverse, changes: true, async run =>
        {
            var day = run.Date(date);
            if (!Guid.TryParse(run.Get(entry)?.Trim(), out var entryId))
            {
                run.Problem(entry.Name, $"'{run.Get(entry)?.Trim()}' is not an entry id; copy it from what was printed when the spend was recorded.");
                return await run.ProblemsAsync();
            }
            BudgetChoice? b;
            if (!string.IsNullOrWhiteSpace(run.Get(handle.Option))) b = await handle.ResolveAsync(run);
            else
            {
                await using var conn = await run.OpenAsync();
                b = await Handles.BudgetOfEntryAsync(conn, run.Actor, entryId, run.Ct);
                if (b is null) run.Problem(entry.Name, $"No budget's entry has the id {entryId}, or it is not yours to see.");
            }
            if (b is null || run.HasProblems) return await run.ProblemsAsync();
            var result = await run.SendAsync(new ReverseEntry.Command(run.Actor, run.Key, b.BudgetId, entryId, day, run.Get(reason)!.Trim()));
            return await run.FinishAsync(result, reversal =>
                run.Say($"Entry {entryId} on {b.PersonName}'s budget ({b.PersonReference}) is undone by entry {reversal}, dated {Print.Day(day)}: {run.Get(reason)!.Trim()}."),
                new Dictionary<string, string> { ["EntryId"] = entry.Name, ["Reason"] = reason.Name, ["Date"] = date.Name });
        });
        return reverse;
    }
}
