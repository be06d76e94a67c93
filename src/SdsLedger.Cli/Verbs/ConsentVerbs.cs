using System.CommandLine;
using SdsLedger.Features.Consent;
using SdsLedger.Features.Shared;

namespace SdsLedger.Cli.Verbs;

/// <summary>
/// sdsledger consent give | withdraw | list: a person's consent for a named worker or organisation (their peer worker, a
/// family member, a carer, an advocate) to see their budget, their statements, or act for them on a test budget.
/// </summary>
internal static class ConsentVerbs
{
    public static Command Build()
    {
        var consent = new Command("consent",
            "A person's consent for a named worker or organisation to see their budget summary, their statements, or act for them on a test budget; " +
            "withdrawn at any time, with effect at once.");
        consent.Add(Give());
        consent.Add(Withdraw());
        consent.Add(List());
        return consent;
    }

    private static Option<string> PersonOption() =>
        new("--person") { Description = "The person's reference, like NT-10201.", Required = true, HelpName = "REF" };

    private static Command Give()
    {
        var person = PersonOption();
        var worker = new Option<string?>("--worker") { Description = "The code of the worker the consent is for, like rw-jtait.", HelpName = "CODE" };
        var org = new Option<string?>("--org") { Description = "The code of the organisation the consent is for (all its workers), like new-leaf.", HelpName = "CODE" };
        var kind = new Option<string>("--kind") { Description = $"Who they are to the person: {ConsentKinds.Choices}.", Required = true };
        var what = new Option<string>("--may")
        {
            Description = "What they may do, comma-separated: summary (see the budget summary), statements, test-budget (act for them on a test budget).",
            Required = true, HelpName = "LIST",
        };
        var from = new Option<string?>("--from") { Description = "The day the consent starts (default today).", HelpName = "DATE" };
        var until = new Option<string?>("--until") { Description = "The day it ends (default: until withdrawn).", HelpName = "DATE" };
        var give = new Command("give",
            "Record that the person gives consent, witnessed by you. Example: sdsledger consent give --person NT-10201 --worker rw-jtait " +
            "--kind peer-worker --may summary,test-budget --as sw-amacdonald");
        foreach (var o in new Option[] { person, worker, org, kind, what, from, until }) give.Add(o);
        ActingOptions.On(give, changes: true, async run =>
        {
            var start = run.Date(from);
            LocalDateOrNull(run, until, out var end);
            if (!ConsentKinds.TryParse(run.Get(kind), out var k)) run.Problem(kind.Name, $"Say who they are to the person: {ConsentKinds.Choices}.");
            var scopes = (run.Get(what) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var unknown = scopes.Where(s => s is not ("summary" or "statements" or "test-budget")).ToList();
            if (scopes.Length == 0 || unknown.Count > 0)
                run.Problem(what.Name, $"{(unknown.Count > 0 ? $"'{unknown[0]}' is not something consent covers. " : "")}Give one or more of summary, statements, test-budget, like --may summary,statements.");
            if ((run.Get(worker) is null) == (run.Get(org) is null))
                run.Problem(worker.Name, "Name either the worker (--worker CODE) or the organisation (--org CODE) the consent is for, one of them.");
            (Guid Id, string Name)? who;
            Guid? workerId = null, orgId = null;
            await using (var conn = await run.OpenAsync())
            {
                who = await Handles.PersonAsync(conn, run.Actor, run.Get(person)!, run.Ct);
                if (run.Get(worker) is { } w)
                {
                    workerId = (await Handles.WorkerAsync(conn, run.Actor, w, run.Ct))?.Id;
                    if (workerId is null) run.Problem(worker.Name, $"No worker of this council or its organisations has the code '{w.Trim()}'.");
                }
                if (run.Get(org) is { } o)
                {
                    orgId = await Handles.OrganisationAsync(conn, run.Actor, o, run.Ct);
                    if (orgId is null) run.Problem(org.Name, $"This council registered no organisation with the code '{o.Trim()}'.");
                }
            }
            if (who is null) run.Problem(person.Name, $"Nobody of this council has the reference '{run.Get(person)!.Trim()}'.");
            if (run.HasProblems) return await run.ProblemsAsync();
            var result = await run.SendAsync(new GiveConsent.Command(run.Actor, run.Key, who!.Value.Id, k, workerId, orgId,
                scopes.Contains("summary"), scopes.Contains("statements"), scopes.Contains("test-budget"), start, end));
            return await run.FinishAsync(result, id =>
                run.Say($"Recorded: {who.Value.Name} gives consent ({string.Join(", ", scopes)}) from {Print.Day(start)}" +
                        $"{(end is { } e ? $" until {Print.Day(e)}" : " until withdrawn")}. Consent id {id}; withdraw it with 'sdsledger consent withdraw --id {id}'."),
                new Dictionary<string, string>
                {
                    ["PersonId"] = person.Name, ["Kind"] = kind.Name, ["WorkerId"] = worker.Name, ["OrganisationId"] = org.Name, ["SeeSummary"] = what.Name,
                    ["From"] = from.Name, ["Until"] = until.Name,
                });
        });
        return give;
    }

    private static void LocalDateOrNull(VerbRun run, Option<string?> option, out NodaTime.LocalDate? date)
    {
        date = null;
        if (run.Get(option) is null) return;
        date = run.Date(option);
    }

    private static Command Withdraw()
    {
        var id = new Option<Guid>("--id") { Description = "The consent's id, as 'sdsledger consent list' shows it.", Required = true, HelpName = "ID" };
        var withdraw = new Command("withdraw",
            "Withdraw a consent, with effect at once: the worker or organisation no longer sees or acts for the person. " +
            "Example: sdsledger consent withdraw --id 0192... --as sw-amacdonald");
        withdraw.Add(id);
        ActingOptions.On(withdraw, changes: true, async run =>
        {
            var result = await run.SendAsync(new WithdrawConsent.Command(run.Actor, run.Key, run.Get(id)));
            return await run.FinishAsync(result, done => run.Say($"Withdrawn: consent {done} no longer lets anyone see or act for the person."),
                new Dictionary<string, string> { ["ConsentId"] = id.Name });
        });
        return withdraw;
    }

    private static Command List()
    {
        var person = PersonOption();
        var list = new Command("list", "The person's consents: current ones first, then ended and withdrawn ones. Example: sdsledger consent list --person NT-10201 --as sw-amacdonald");
        list.Add(person);
        ActingOptions.On(list, changes: false, async run =>
        {
            (Guid Id, string Name)? who;
            await using (var conn = await run.OpenAsync())
                who = await Handles.PersonAsync(conn, run.Actor, run.Get(person)!, run.Ct);
            if (who is null) run.Problem(person.Name, $"Nobody of this council has the reference '{run.Get(person)!.Trim()}'.");
            if (run.HasProblems) return await run.ProblemsAsync();
            var result = await run.SendAsync(new PersonConsents.Query(run.Actor, who!.Value.Id));
            return await run.FinishAsync(result, rows =>
            {
                if (rows.Count == 0) run.Say($"{who.Value.Name} has given no consent.");
                foreach (var c in rows)
                {
                    var may = string.Join(", ", new[] { c.SeeSummary ? "summary" : null, c.SeeStatements ? "statements" : null, c.ActOnTestBudget ? "test-budget" : null }
                        .Where(s => s is not null));
                    var state = c.WithdrawnAt is not null ? $"withdrawn by {c.WithdrawnBy}" : c.IsCurrent ? "current" : "not in force";
                    run.Say($"{c.Id}  {c.Kind} {c.GranteeName}{(c.GranteeOrganisation is { } o ? $" ({o})" : "")}: {may}; from {Print.Day(c.From)}" +
                            $"{(c.Until is { } u ? $" until {Print.Day(u)}" : "")}; witnessed by {c.WitnessedBy}; {state}");
                }
            });
        });
        return list;
    }
}
