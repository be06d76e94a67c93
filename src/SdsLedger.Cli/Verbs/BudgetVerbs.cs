using System.CommandLine;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.People;
using SdsLedger.Features.Shared;

namespace SdsLedger.Cli.Verbs;

/// <summary>sdsledger budget create | activate | show | list | add-part | change-part | end, and period close.</summary>
internal static class BudgetVerbs
{
    private static readonly Dictionary<string, string> CreateFields = new()
    {
        ["Parts"] = "--part", ["Start"] = "--from", ["End"] = "--to", ["PersonId"] = "--person",
    };

    public static Command Build()
    {
        var budget = new Command("budget", "A person's budget: set it up with its parts, activate it, see where it stands, end it.");
        budget.Add(Create());
        budget.Add(Activate());
        budget.Add(Show());
        budget.Add(List());
        budget.Add(AddPart());
        budget.Add(ChangePartVerb());
        budget.Add(End());
        return budget;
    }

    public static Command Period()
    {
        var period = new Command("period", "A budget's period: close it when it is over, so nothing more is spent from it.");
        var close = new Command("close", "Close a budget's period: nothing more can be spent or set aside from it. Example: sdsledger period close --budget NT-10201 --as fin-akhan");
        var handle = BudgetHandle.On(close);
        ActingOptions.On(close, changes: true, async run =>
        {
            var b = await handle.ResolveAsync(run);
            if (b is null) return await run.ProblemsAsync();
            var result = await run.SendAsync(new ClosePeriod.Command(run.Actor, run.Key, b.BudgetId));
            return await run.FinishAsync(result, _ =>
                run.Say($"The period {Print.Day(b.Start)} to {Print.Day(b.End)} of {b.PersonName}'s budget ({b.PersonReference}) is closed: nothing more can be spent from it."));
        });
        period.Add(close);
        return period;
    }

    private static Command Create()
    {
        var person = new Option<string>("--person") { Description = "The person's reference, like NT-10231.", Required = true, HelpName = "REFERENCE" };
        var from = new Option<string>("--from") { Description = "The first day of the budget period, like 2026-04-01.", Required = true, HelpName = "DATE" };
        var to = new Option<string>("--to") { Description = "The last day of the budget period, like 2027-03-31.", Required = true, HelpName = "DATE" };
        var parts = new Option<string[]>("--part") { Description = PartSpecText.Help, Required = true, HelpName = "SPEC", AllowMultipleArgumentsPerToken = false };
        var create = new Command("create",
            "Set up a draft budget for a person, in one or more parts. Example: sdsledger budget create --person NT-10231 --from 2026-04-01 --to 2027-03-31 " +
            "--part \"option=1,holder=person,amount=2600\" --part \"option=2,holder=harbour-care,amount=5200\" --as sw-amacdonald");
        create.Add(person);
        create.Add(from);
        create.Add(to);
        create.Add(parts);
        ActingOptions.On(create, changes: true, async run =>
        {
            var start = run.RequiredDate(from);
            var end = run.RequiredDate(to);
            var specs = new List<PartSpec>();
            (Guid Id, string Name)? who;
            await using (var conn = await run.OpenAsync())
            {
                who = await Handles.PersonAsync(conn, run.Actor, run.Get(person)!, run.Ct);
                if (who is null) run.Problem(person.Name, $"Nobody with the reference '{run.Get(person)!.Trim()}' is registered in your council. 'sdsledger person add' registers them.");
                var texts = run.Get(parts)!;
                for (var i = 0; i < texts.Length; i++)
                    if (await PartSpecText.ReadAsync(run, conn, texts.Length == 1 ? "--part" : $"--part {i + 1}", texts[i]) is { } spec) specs.Add(spec);
            }
            if (run.HasProblems) return await run.ProblemsAsync();

            var result = await run.SendAsync(new CreateBudget.Command(run.Actor, run.Key, who!.Value.Id, start, end, specs));
            var reference = run.Get(person)!.Trim();
            var stored = result.Succeeded && !run.Json ? await BudgetHandle.ReloadAsync(run, result.Value!.BudgetId) : null;
            var handleText = stored is null ? "" : await BudgetHandle.TextForAsync(run, stored.BudgetId, stored.PersonReference);
            return await run.FinishAsync(result, created =>
            {
                var total = specs.Aggregate(Money.Zero, (s, p) => s + p.Amount);
                run.Say($"Draft budget for {who.Value.Name} ({reference}): {Print.Day(start)} to {Print.Day(end)}, " +
                        $"{total} in {specs.Count} part{(specs.Count == 1 ? "" : "s")} ({Print.Option(SdsOptions.OfBudget(specs.Select(p => p.Option)))}).");
                run.Say($"Budget id: {created.BudgetId}");
                var table = Print.Table(null, "Part", "Option", "Held by", "£Amount");
                foreach (var p in stored?.Parts ?? []) table.Row(p.Position, Print.Option(p.Option), p.Holder, p.Amount);
                run.Console.Write(table);
                run.Say($"Next: agree the support plan ('sdsledger plan agree --budget {handleText} ...'), then a finance officer activates it " +
                        $"('sdsledger budget activate --budget {handleText}').");
            }, CreateFields);
        });
        return create;
    }

    private static Command Activate()
    {
        var activate = new Command("activate",
            "Activate a draft budget: the council allocates each part's money, and the payment run starts paying its instalments. " +
            "Example: sdsledger budget activate --budget NT-10231 --as fin-akhan");
        var handle = BudgetHandle.On(activate);
        ActingOptions.On(activate, changes: true, async run =>
        {
            var b = await handle.ResolveAsync(run);
            if (b is null) return await run.ProblemsAsync();
            var result = await run.SendAsync(new ActivateBudget.Command(run.Actor, run.Key, b.BudgetId));
            return await run.FinishAsync(result, total =>
            {
                run.Say($"{b.PersonName}'s budget ({b.PersonReference}) is active: {total} allocated for {Print.Day(b.Start)} to {Print.Day(b.End)}.");
                run.Say("Instalments for options 1 and 2 are paid by the payment run ('sdsledger payment-run'); option 3 can be spent straight away.");
            });
        });
        return activate;
    }

    private static Command Show()
    {
        var show = new Command("show",
            "Where a budget stands: allocated, received, spent by category, set aside, available, and spending against time. " +
            "Example: sdsledger budget show --budget NT-10201 --as sw-amacdonald");
        var handle = BudgetHandle.On(show);
        var asOf = new Option<string?>("--as-of") { Description = "The day to measure the time elapsed to (default today).", HelpName = "DATE" };
        show.Add(asOf);
        ActingOptions.On(show, changes: false, async run =>
        {
            var day = run.Date(asOf);
            var b = await handle.ResolveAsync(run);
            if (b is null) return await run.ProblemsAsync();
            var result = await run.SendAsync(new BudgetSummary.Query(run.Actor, b.BudgetId, day));
            return await run.FinishAsync(result, view => PrintSummary(run, view, day));
        });
        return show;
    }

    internal static void PrintSummary(VerbRun run, BudgetSummaryView v, LocalDate asOf)
    {
        run.Say($"{(v.IsTest ? "Test budget" : "Budget")} of {v.PersonName} ({v.PersonReference}): {Print.Option(v.Option)}");
        run.Say($"{Print.Day(v.Start)} to {Print.Day(v.End)}, {(v.Closed ? "period closed" : v.Status)}. Budget id {v.BudgetId}.");

        var figures = Print.Figures(null)
            .Row("Agreed for the period", v.AgreedTotal)
            .Row("Allocated by the council", v.Allocated)
            .Row("Received by the holders", v.Received)
            .Row("Spent", v.Spent)
            .Row("Set aside for planned spending", v.Committed)
            .Row("Available to spend now", v.Available);
        if (v.Returned.IsPositive) figures.Row("Returned to the council", v.Returned);
        run.Console.Write(figures);

        if (v.Parts.Count > 1 || v.Parts.Any(p => p.Option != SdsOption.DirectPayment))
        {
            var parts = Print.Table("Parts", "Part", "Option", "Held by", "£Agreed", "£Received", "£Spent", "£Set aside", "£Available");
            foreach (var p in v.Parts) parts.Row(p.Position, $"{(int)p.Option}", p.Holder, p.Amount, p.Received, p.Spent, p.Committed, p.Available);
            run.Console.Write(parts);
        }
        if (v.SpentByCategory.Count > 0)
        {
            var spent = Print.Table("Spent by category", "Category", "£Spent");
            foreach (var c in v.SpentByCategory) spent.Row(c.Category, c.Spent);
            run.Console.Write(spent);
        }

        var pace = v.ShareSpent - v.ShareElapsed;
        var reading = Math.Abs(pace) <= 0.1m ? "about in step" : pace > 0 ? "ahead of time" : "behind time";
        run.Say($"By {Print.Day(asOf)}, {Print.Percent(v.ShareElapsed)} of the period has passed and {Print.Percent(v.ShareSpent)} of the budget is spent: spending is {reading}.");
        if (v.NextReview is { } review) run.Say($"Next review: {Print.Day(review)}.");
        if (v.Outcomes.Count > 0)
        {
            run.Say("Outcomes the budget is for (by number, as --outcome takes them):");
            for (var i = 0; i < v.Outcomes.Count; i++) run.Say($"  {i + 1}. {v.Outcomes[i]}");
        }
    }

    private static Command List()
    {
        var person = new Option<string>("--person") { Description = "The person's reference, like NT-10201.", Required = true, HelpName = "REFERENCE" };
        var asOf = new Option<string?>("--as-of") { Description = "The day to measure the time elapsed to (default today).", HelpName = "DATE" };
        var list = new Command("list", "A person's budgets, newest first, with their ids. Example: sdsledger budget list --person NT-10201 --as sw-amacdonald");
        list.Add(person);
        list.Add(asOf);
        ActingOptions.On(list, changes: false, async run =>
        {
            var day = run.Date(asOf);
            (Guid Id, string Name)? who;
            await using (var conn = await run.OpenAsync())
                who = await Handles.PersonAsync(conn, run.Actor, run.Get(person)!, run.Ct);
            if (who is null)
            {
                run.Problem(person.Name, $"Nobody with the reference '{run.Get(person)!.Trim()}' was found, or they are not yours to see.");
                return await run.ProblemsAsync();
            }
            var result = await run.SendAsync(new PersonBudgets.Query(run.Actor, who.Value.Id, day));
            return await run.FinishAsync(result, view =>
            {
                if (view.Budgets.Count == 0)
                {
                    run.Say($"{view.Name} ({view.Reference}) has no budgets yet. 'sdsledger budget create --person {view.Reference} ...' sets one up.");
                    return;
                }
                var table = Print.Table($"Budgets of {view.Name} ({view.Reference})", "Budget id", "Kind", "!Period", "Status", "£Amount", "£Spent", "£Available", "!Time gone / spent");
                foreach (var b in view.Budgets)
                    table.Row(b.BudgetId, b.IsTest ? "test budget" : $"option {(int)b.Option}", $"{Print.ShortDay(b.Start)} to {Print.ShortDay(b.End)}",
                        b.Closed ? "closed" : b.Status, b.Amount, b.Spent, b.Available, $"{Print.Percent(b.ShareElapsed)} / {Print.Percent(b.ShareSpent)}");
                run.Console.Write(table);
                run.Say($"Use a budget id (or {view.Reference}, when they have one open budget) with --budget, for example 'sdsledger budget show --budget {view.Budgets[0].BudgetId}'.");
            });
        });
        return list;
    }

    private static Command AddPart()
    {
        var spec = new Option<string>("--part") { Description = PartSpecText.Help, Required = true, HelpName = "SPEC" };
        var add = new Command("add-part", "Add a part to a draft budget. Example: sdsledger budget add-part --budget NT-10231 --part \"option=3,amount=1200\" --as sw-amacdonald");
        var handle = BudgetHandle.On(add);
        add.Add(spec);
        ActingOptions.On(add, changes: true, async run =>
        {
            var b = await handle.ResolveAsync(run);
            PartSpec? part;
            await using (var conn = await run.OpenAsync())
                part = await PartSpecText.ReadAsync(run, conn, spec.Name, run.Get(spec)!);
            if (b is null || run.HasProblems) return await run.ProblemsAsync();
            var result = await run.SendAsync(new ChangePart.Command(run.Actor, run.Key, b.BudgetId, null, part!));
            return await run.FinishAsync(result, changed =>
                run.Say($"Part {changed.Position} ({part!.Amount}) is added to {b.PersonName}'s draft budget, which now totals {changed.AgreedTotal}. Part id {changed.PartId}."),
                new Dictionary<string, string> { ["Part"] = spec.Name });
        });
        return add;
    }

    private static Command ChangePartVerb()
    {
        var spec = new Option<string>("--to") { Description = "What the part becomes. " + PartSpecText.Help, Required = true, HelpName = "SPEC" };
        var change = new Command("change-part",
            "Change a part of a draft budget (its option, holder, amount or instalments). Example: sdsledger budget change-part --budget NT-10231 --part-no 2 --to \"option=2,holder=harbour-care,amount=5000\" --as sw-amacdonald");
        var part = PartHandle.On(change);
        change.Add(spec);
        ActingOptions.On(change, changes: true, async run =>
        {
            var (b, p) = await part.ResolveAsync(run);
            PartSpec? to;
            await using (var conn = await run.OpenAsync())
                to = await PartSpecText.ReadAsync(run, conn, spec.Name, run.Get(spec)!);
            if (b is null || p is null || run.HasProblems) return await run.ProblemsAsync();
            var result = await run.SendAsync(new ChangePart.Command(run.Actor, run.Key, b.BudgetId, p.PartId, to!));
            return await run.FinishAsync(result, changed =>
                run.Say($"Part {changed.Position} of {b.PersonName}'s draft budget is now {Print.Option(to!.Option)}, {to.Amount}; the budget totals {changed.AgreedTotal}."),
                new Dictionary<string, string> { ["Part"] = spec.Name, ["PartId"] = part.Number.Name });
        });
        return change;
    }

    private static Command End()
    {
        var reason = new Option<string>("--reason") { Description = "Why the budget ends, like 'moved to another council area'.", Required = true };
        var end = new Command("end",
            "End a budget: no more instalments are paid and nothing more is spent; what it holds stays until surplus is discussed. " +
            "Example: sdsledger budget end --budget NT-10201 --reason \"moved to another council area\" --as sw-amacdonald");
        var handle = BudgetHandle.On(end);
        end.Add(reason);
        ActingOptions.On(end, changes: true, async run =>
        {
            var b = await handle.ResolveAsync(run);
            if (b is null) return await run.ProblemsAsync();
            var result = await run.SendAsync(new EndBudget.Command(run.Actor, run.Key, b.BudgetId, run.Get(reason)!.Trim()));
            return await run.FinishAsync(result, _ =>
                run.Say($"{b.PersonName}'s budget ({b.PersonReference}, {Print.Day(b.Start)} to {Print.Day(b.End)}) has ended. " +
                        "Any money it still holds stays there until a surplus discussion is recorded ('sdsledger surplus discuss')."),
                new Dictionary<string, string> { ["Reason"] = reason.Name });
        });
        return end;
    }
}
