using System.CommandLine;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Reviews;

namespace SdsLedger.Cli.Verbs;

/// <summary>sdsledger review record | phase: a review done with the person, and a dated change of their recovery phase.</summary>
internal static class ReviewVerbs
{
    public static Command Build()
    {
        var review = new Command("review", "Reviews: the first 12 weeks after a budget starts, then yearly (6-monthly in the maintenance phase); a relapse means reassessment.");
        review.Add(Record());
        review.Add(Phase());
        return review;
    }

    private static Command Record()
    {
        var on = new Option<string?>("--on") { Description = "The day of the review (default today).", HelpName = "DATE" };
        var agreed = new Option<string>("--agreed") { Description = "What was agreed at the review, in plain words.", Required = true, HelpName = "TEXT" };
        var record = new Command("record",
            "Record a review done with the person: it settles the review due, and the next is due a year later (six months in the maintenance phase). " +
            "Example: sdsledger review record --budget NT-10201 --on 2026-12-20 --agreed \"Keep the gym; add a cookery class\" --as sw-amacdonald");
        var handle = BudgetHandle.On(record);
        record.Add(on);
        record.Add(agreed);
        ActingOptions.On(record, changes: true, async run =>
        {
            var day = run.Date(on);
            var b = await handle.ResolveAsync(run, day);
            if (b is null || run.HasProblems) return await run.ProblemsAsync();
            var result = await run.SendAsync(new RecordReview.Command(run.Actor, run.Key, b.BudgetId, day, run.Get(agreed) ?? ""));
            return await run.FinishAsync(result, r =>
                run.Say($"Recorded: {b.PersonName}'s review ({b.PersonReference}) on {Print.Day(r.DoneOn)}. " +
                        (r.NextDue is { } next ? $"The next review is due on {Print.Day(next)}." : "No further review falls before this budget ends.")),
                new Dictionary<string, string> { ["On"] = on.Name, ["Agreed"] = agreed.Name });
        });
        return record;
    }

    private static Command Phase()
    {
        var person = new Option<string>("--person") { Description = "The person's reference, like NT-10201.", Required = true, HelpName = "REF" };
        var phase = new Option<string>("--phase") { Description = $"Their recovery phase: {string.Join(", ", RecoveryTags.Phases)}.", Required = true };
        var from = new Option<string?>("--from") { Description = "The day the phase began (default today).", HelpName = "DATE" };
        var relapse = new Option<bool>("--relapse") { Description = "The change is a relapse: a reassessment review is due at once." };
        var note = new Option<string?>("--note") { Description = "A short note, if any." };
        var command = new Command("phase",
            "Record the person's recovery phase from a date (history is kept). A relapse means reassessment: a review is due at once on their active budgets. " +
            "Example: sdsledger review phase --person NT-10201 --phase maintenance --from 2026-12-01 --as sw-amacdonald");
        foreach (var o in new Option[] { person, phase, from, relapse, note }) command.Add(o);
        ActingOptions.On(command, changes: true, async run =>
        {
            var day = run.Date(from);
            (Guid Id, string Name)? who;
            await using (var conn = await run.OpenAsync())
                who = await Features.Shared.Handles.PersonAsync(conn, run.Actor, run.Get(person)!, run.Ct);
            if (who is null) run.Problem(person.Name, $"Nobody of this council has the reference '{run.Get(person)!.Trim()}'.");
            if (run.HasProblems) return await run.ProblemsAsync();
            var result = await run.SendAsync(new ChangeRecoveryPhase.Command(run.Actor, run.Key, who!.Value.Id, run.Get(phase)!.Trim().ToLowerInvariant(), day,
                run.Get(relapse), run.Get(note)?.Trim() ?? ""));
            return await run.FinishAsync(result, r =>
            {
                run.Say($"Recorded: {who.Value.Name}'s recovery phase from {Print.Day(day)}.");
                foreach (var due in r.ReviewsDue)
                    run.Say($"A review of their budget {due.BudgetId} is now due on {Print.Day(due.Due)}.");
            }, new Dictionary<string, string> { ["Phase"] = phase.Name, ["From"] = from.Name, ["Note"] = note.Name, ["PersonId"] = person.Name });
        });
        return command;
    }
}
