using System.CommandLine;
using SdsLedger.Features.People;

namespace SdsLedger.Cli.Verbs;

/// <summary>sdsledger retention run: erases the people of the council whose records are past its retention period.</summary>
internal static class RetentionVerbs
{
    public static Command Build()
    {
        var retention = new Command("retention", "How long the council keeps a person's record after their last budget ends (default 6 years).");
        var dryRun = new Option<bool>("--dry-run") { Description = "List who would be erased and why, and change nothing." };
        var run = new Command("run",
            "Erase everyone of your council whose every budget ended longer ago than the council's retention period, as 'sdsledger person erase' does. " +
            "Example: sdsledger retention run --dry-run --as fin-code");
        run.Add(dryRun);
        ActingOptions.On(run, changes: true, async verb =>
        {
            var dry = verb.Get(dryRun);
            var result = await verb.SendAsync(new Retention.Command(verb.Actor, verb.Key, dry));
            return await verb.FinishAsync(result, outcome =>
            {
                if (outcome.People.Count == 0)
                {
                    verb.Say($"Nobody is past the council's retention period on {outcome.Today:d MMMM yyyy}.");
                    return;
                }
                verb.Say(dry
                    ? $"{outcome.People.Count} would be erased on {outcome.Today:d MMMM yyyy} (a dry run: nothing changed):"
                    : $"Erased {outcome.People.Count} on {outcome.Today:d MMMM yyyy}:");
                foreach (var p in outcome.People)
                    verb.Say($"  {p.Reference}: last budget ended {p.LastBudgetEnded:d MMMM yyyy}; kept {p.RetentionYears} {(p.RetentionYears == 1 ? "year" : "years")}, until {p.KeptUntil:d MMMM yyyy}");
            });
        });
        retention.Add(run);
        return retention;
    }
}
