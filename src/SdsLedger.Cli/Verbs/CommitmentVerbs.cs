using System.CommandLine;
using SdsLedger.Features.Commitments;

namespace SdsLedger.Cli.Verbs;

/// <summary>sdsledger commit | capture | release: set money aside for a planned purchase, then spend it or give it back.</summary>
internal static class CommitmentVerbs
{
    private static Option<string> CommitmentOption() => new("--commitment")
    {
        Description = "The commitment's id, as printed by 'sdsledger commit'.",
        Required = true,
        HelpName = "COMMITMENT-ID",
    };

    public static Command Commit()
    {
        var commit = new Command("commit",
            "Set money aside for a planned purchase or arranged service, after every spending rule passes, until it is captured or released.");
        var part = PartHandle.On(commit);
        var what = SpendingOptions.On(commit, "who will be paid", "what the money is set aside for (like 'the gym membership')");
        ActingOptions.On(commit, changes: true, async run =>
        {
            var (amount, date) = what.Read(run);
            var (b, p) = await part.ResolveAsync(run, date);
            if (b is null || p is null || run.HasProblems) return await run.ProblemsAsync();
            var result = await run.SendAsync(new CommitFunds.Command(run.Actor, run.Key, p.PartId, amount, what.CategoryOf(run), what.PayeeOf(run), date,
                what.DescriptionOf(run), run.Get(what.Family), run.Get(what.ConfirmDuplicate), what.ApprovalOf(run)));
            return await run.FinishAsync(result, id =>
            {
                run.Say($"{amount} is set aside on {b.PersonName}'s budget ({b.PersonReference}) for {what.DescriptionOf(run)} ({what.PayeeOf(run)}).");
                run.Say($"Commitment id: {id}");
                run.Say($"When the purchase is made: 'sdsledger capture --commitment {id} --amount ...'; if it will not happen: 'sdsledger release --commitment {id} --reason ...'.");
            }, what.Fields());
        });
        return commit;
    }

    public static Command Capture()
    {
        var commitment = CommitmentOption();
        var amount = new Option<string>("--amount") { Description = "What the purchase cost, up to the amount set aside; any rest becomes available again.", Required = true, HelpName = "POUNDS" };
        var date = new Option<string?>("--date") { Description = "The day of the purchase (default today).", HelpName = "DATE" };
        var evidence = new Option<string?>("--evidence") { Description = "A receipt, invoice or card transaction reference.", HelpName = "REF" };
        var hours = new Option<decimal?>("--hours") { Description = "Hours of support delivered, when it is for hours.", HelpName = "HOURS" };
        var capture = new Command("capture",
            "Record the purchase money was set aside for: up to the amount set aside is spent, and the rest is available again.");
        foreach (var o in new Option[] { commitment, amount, date, evidence, hours }) capture.Add(o);
        ActingOptions.On(capture, changes: true, async run =>
        {
            var money = run.Amount(amount);
            var day = run.Date(date);
            var id = CommitmentId(run, commitment);
            if (run.HasProblems) return await run.ProblemsAsync();
            var result = await run.SendAsync(new CaptureCommitment.Command(run.Actor, run.Key, id, money, day, run.Get(evidence)?.Trim(), run.Get(hours)));
            return await run.FinishAsync(result, entry =>
            {
                run.Say($"Recorded: {money} spent on {Print.Day(day)} from the money set aside; anything left of it is available to spend again.");
                run.Say($"Entry {entry}.");
            }, new Dictionary<string, string> { ["CommitmentId"] = commitment.Name, ["Amount"] = amount.Name, ["Evidence"] = evidence.Name, ["Hours"] = hours.Name });
        });
        return capture;
    }

    public static Command Release()
    {
        var commitment = CommitmentOption();
        var reason = new Option<string>("--reason") { Description = "Why the purchase will not happen, like 'the class was cancelled'.", Required = true };
        var release = new Command("release",
            "Give back money set aside for a purchase that will not happen: it is available to spend again.");
        release.Add(commitment);
        release.Add(reason);
        ActingOptions.On(release, changes: true, async run =>
        {
            var id = CommitmentId(run, commitment);
            if (run.HasProblems) return await run.ProblemsAsync();
            var result = await run.SendAsync(new ReleaseCommitment.Command(run.Actor, run.Key, id, run.Get(reason)!.Trim()));
            return await run.FinishAsync(result, released => run.Say($"{released} set aside is released: it is available to spend again."),
                new Dictionary<string, string> { ["CommitmentId"] = commitment.Name, ["Reason"] = reason.Name });
        });
        return release;
    }

    private static Guid CommitmentId(VerbRun run, Option<string> option)
    {
        if (Guid.TryParse(run.Get(option)?.Trim(), out var id)) return id;
        run.Problem(option.Name, $"'{run.Get(option)?.Trim()}' is not a commitment id; copy it from what 'sdsledger commit' printed.");
        return Guid.Empty;
    }
}
