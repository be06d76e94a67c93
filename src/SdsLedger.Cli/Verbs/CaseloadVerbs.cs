using System.CommandLine;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Shared;

namespace SdsLedger.Cli.Verbs;

/// <summary>sdsledger caseload: a social worker's people and budgets, spending against time, reviews due and approvals waiting.</summary>
internal static class CaseloadVerbs
{
    public static Command Build()
    {
        var worker = new Option<string?>("--worker") { Description = "The social worker's code (default: you).", HelpName = "CODE" };
        var asOf = new Option<string?>("--as-of") { Description = "The day to measure to (default today).", HelpName = "DATE" };
        var tolerance = new Option<int?>("--tolerance") { Description = "Flag spending more than this many percentage points ahead of or behind time (default 15).", HelpName = "POINTS" };
        var caseload = new Command("caseload",
            "A social worker's caseload: budgets not yet ended, spending against time, reviews due in the next 30 days, approvals waiting.");
        caseload.Add(worker);
        caseload.Add(asOf);
        caseload.Add(tolerance);
        ActingOptions.On(caseload, changes: false, async run =>
        {
            var day = run.Date(asOf);
            var code = run.Get(worker)?.Trim() ?? run.Who;
            Guid? workerId;
            await using (var conn = await run.OpenAsync())
                workerId = (await Handles.WorkerAsync(conn, run.Actor, code, run.Ct)) is { Role: "social-worker" } w ? w.Id : null;
            if (workerId is null)
            {
                if (run.Get(worker) is null)
                    run.Problem(worker.Name, $"{run.Actor.Name} is not a social worker, so say whose caseload to show, like --worker sw-amacdonald.");
                else run.Problem(worker.Name, $"'{code}' is not a social worker's code; give one like sw-amacdonald.");
                return await run.ProblemsAsync();
            }
            var result = await run.SendAsync(new Features.Caseload.Caseload.Query(run.Actor, workerId.Value, day, run.Get(tolerance) ?? SpendPace.DefaultTolerancePoints));
            return await run.FinishAsync(result, view =>
            {
                if (view.Lines.Count == 0)
                {
                    run.Say($"{view.WorkerName} has no open budgets on their caseload.");
                    return;
                }
                var table = Print.Table($"Caseload of {view.WorkerName}, {Print.Day(view.AsOf)}", "Person", "Budget", "Status", "£Allocated", "£Spent", "Spent / time", "Pace", "Review due", "Approvals");
                foreach (var l in view.Lines)
                    table.Row($"{l.PersonName} ({l.PersonReference})", l.IsTest ? "test budget" : $"option {(int)l.Option}", l.Status, l.Allocated, l.Spent,
                        $"{Print.Percent(l.ShareSpent)} / {Print.Percent(l.ShareElapsed)}", PaceText(l.Pace), l.ReviewDue is { } r ? Print.ShortDay(r) : "",
                        l.ApprovalsWaiting == 0 ? "" : l.ApprovalsWaiting);
                run.Console.Write(table);
                run.Say($"{Print.Count(view.People, "person", "people")}, {Print.Count(view.Lines.Count, "budget", "budgets")}: {view.Allocated} allocated, {view.Spent} spent. " +
                        $"{Print.Count(view.ReviewsDue, "review", "reviews")} due, {Print.Count(view.ApprovalsWaiting, "approval", "approvals")} waiting. " +
                        $"Pace flags a gap of more than {view.TolerancePoints} points.");
            }, new Dictionary<string, string> { ["TolerancePoints"] = tolerance.Name, ["WorkerId"] = worker.Name });
        });
        return caseload;
    }

    private static string PaceText(Pace? pace) => pace switch
    {
        Pace.Underspending => "underspending",
        Pace.Overspending => "overspending",
        Pace.OnTrack => "on track",
        _ => "",
    };
}
