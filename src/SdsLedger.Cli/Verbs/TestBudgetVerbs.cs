using System.CommandLine;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Shared;
using SdsLedger.Features.TestBudgets;

namespace SdsLedger.Cli.Verbs;

/// <summary>sdsledger test-budget create, purchase plan, progress add: small recovery budgets, what the person plans to buy, and how it is going.</summary>
internal static class TestBudgetVerbs
{
    public static Command TestBudget()
    {
        var testBudget = new Command("test-budget", "Small budgets that let a person in recovery try choice and control, for one to three outcomes they choose.");
        var person = new Option<string>("--person") { Description = "The person's reference, like NT-10231.", Required = true, HelpName = "REFERENCE" };
        var amount = new Option<string>("--amount") { Description = "How much, up to the council's test budget cap, like 150.", Required = true, HelpName = "POUNDS" };
        var outcomes = new Option<string[]>("--outcome")
        {
            Description = "An outcome the person chose, in their own words (one to three), like \"Get back into swimming; phase=recovery; domain=personal\".",
            Required = true,
            HelpName = "TEXT",
        };
        var categories = new Option<string[]>("--category") { Description = "What it may be spent on, like leisure; repeat for each.", Required = true, HelpName = "CATEGORY" };
        var holder = new Option<string?>("--holder") { Description = "Who holds it: council (the default), or the code of the organisation the person chose, like new-leaf-recovery.", HelpName = "WHO" };
        var from = new Option<string?>("--from") { Description = "The first day (default today); it lasts the council's time limit.", HelpName = "DATE" };
        var create = new Command("create",
            "Set up a test budget: active at once, paid to its holder in one go by the payment run. Example: sdsledger test-budget create --person NT-10231 --amount 150 " +
            "--outcome \"Get back into swimming\" --category leisure --holder new-leaf-recovery --as rw-jtait");
        foreach (var o in new Option[] { person, amount, outcomes, categories, holder, from }) create.Add(o);
        ActingOptions.On(create, changes: true, async run =>
        {
            var money = run.Amount(amount);
            var start = run.Date(from);
            var texts = run.Get(outcomes)!;
            var outcomeList = texts.Select((t, i) => PlanVerbs.ReadOutcome(run, t, i, texts.Length)).ToList();
            var cats = run.Get(categories)!;
            var categoryList = cats.Select((t, i) => PlanVerbs.ReadCategory(run, t, i, cats.Length)).ToList();
            (Guid Id, string Name)? who;
            Guid? organisationId = null;
            var holderText = run.Get(holder)?.Trim().ToLowerInvariant() ?? "council";
            await using (var conn = await run.OpenAsync())
            {
                who = await Handles.PersonAsync(conn, run.Actor, run.Get(person)!, run.Ct);
                if (who is null) run.Problem(person.Name, $"Nobody with the reference '{run.Get(person)!.Trim()}' was found, or they are not yours to see.");
                if (holderText != "council")
                {
                    organisationId = await Handles.OrganisationAsync(conn, run.Actor, holderText, run.Ct);
                    if (organisationId is null) run.Problem(holder.Name, $"'{holderText}' is not council or a known organisation's code.");
                }
            }
            if (run.HasProblems) return await run.ProblemsAsync();

            var result = await run.SendAsync(new CreateTestBudget.Command(run.Actor, run.Key, who!.Value.Id, start, money,
                organisationId is null ? HolderKind.Council : HolderKind.Organisation, organisationId, outcomeList, categoryList));
            var stored = result.Succeeded && !run.Json ? await BudgetHandle.ReloadAsync(run, result.Value!.BudgetId) : null;
            return await run.FinishAsync(result, created =>
            {
                run.Say($"Test budget of {created.Amount} for {who.Value.Name} ({run.Get(person)!.Trim()}), {Print.Day(created.Start)} to {Print.Day(created.End)}, " +
                        $"held by {stored?.Parts[0].Holder ?? holderText}. It is active; the payment run pays it in one go.");
                run.Say($"Budget id: {created.BudgetId}");
                run.Say("Outcomes the person chose:");
                for (var i = 0; i < outcomeList.Count; i++) run.Say($"  {i + 1}. {outcomeList[i].Text}");
                run.Say($"Next: plan what to buy ('sdsledger purchase plan --budget {created.BudgetId} --outcome 1 ...') and note progress ('sdsledger progress add ...').");
            }, new Dictionary<string, string>
            {
                ["Outcomes"] = outcomes.Name, ["Categories"] = categories.Name, ["Amount"] = amount.Name, ["Start"] = from.Name,
                ["Holder"] = holder.Name, ["HolderOrganisationId"] = holder.Name, ["PersonId"] = person.Name,
            });
        });
        testBudget.Add(create);
        return testBudget;
    }

    public static Command Purchase()
    {
        var purchase = new Command("purchase", "What a person plans to buy with a test budget, for one of the outcomes they chose.");
        var outcome = new Option<string?>("--outcome") { Description = "Which outcome it is for: its number (1, 2 or 3, as 'sdsledger budget show' lists them) or its id.", Required = true, HelpName = "N" };
        var description = new Option<string>("--description") { Description = "What the person plans to buy.", Required = true, HelpName = "TEXT" };
        var amount = new Option<string>("--amount") { Description = "About how much, like 60.", Required = true, HelpName = "POUNDS" };
        var category = new Option<string>("--category") { Description = "The category it comes under, like leisure.", Required = true };
        var on = new Option<string?>("--on") { Description = "The day it was planned (default today).", HelpName = "DATE" };
        var plan = new Command("plan",
            "Plan a purchase for an outcome; no money moves until it is bought (then 'sdsledger spend'). " +
            "Example: sdsledger purchase plan --budget NT-10231 --outcome 1 --description \"swimming costume and ten swims\" --amount 60 --category leisure --as person:NT-10231");
        var handle = BudgetHandle.On(plan);
        foreach (var o in new Option[] { outcome, description, amount, category, on }) plan.Add(o);
        ActingOptions.On(plan, changes: true, async run =>
        {
            var money = run.Amount(amount);
            var day = run.Date(on);
            var b = await handle.ResolveAsync(run, testBudget: true);
            var outcomeId = b is null ? null : await OutcomeAsync(run, b.BudgetId, outcome);
            if (b is null || outcomeId is null || run.HasProblems) return await run.ProblemsAsync();
            var result = await run.SendAsync(new PlanPurchase.Command(run.Actor, run.Key, b.BudgetId, outcomeId.Value, run.Get(description)!.Trim(), money,
                run.Get(category)!.Trim().ToLowerInvariant(), day));
            return await run.FinishAsync(result, _ =>
                run.Say($"Planned: {run.Get(description)!.Trim()}, about {money}, for outcome {run.Get(outcome)!.Trim()} of {b.PersonName}'s test budget. " +
                        "Record it with 'sdsledger spend' when it is bought."),
                new Dictionary<string, string> { ["OutcomeId"] = outcome.Name, ["Description"] = description.Name, ["Amount"] = amount.Name, ["Category"] = category.Name, ["PlannedOn"] = on.Name });
        });
        purchase.Add(plan);
        return purchase;
    }

    public static Command Progress()
    {
        var progress = new Command("progress", "Dated notes of how a person is getting on with the outcomes they chose.");
        var what = new Option<string>("--what") { Description = "What changed, like 'went swimming twice this week'.", Required = true, HelpName = "TEXT" };
        var ownWords = new Option<string?>("--own-words") { Description = "What the person said, in their own words.", HelpName = "TEXT" };
        var outcome = new Option<string?>("--outcome") { Description = "Which outcome the note is about (its number or id); leave it out for the budget as a whole.", HelpName = "N" };
        var completed = new Option<bool>("--completed") { Description = "The person feels this outcome is done." };
        var on = new Option<string?>("--on") { Description = "The day of the note (default today).", HelpName = "DATE" };
        var add = new Command("add",
            "Record progress on a test budget's outcomes. Example: sdsledger progress add --budget NT-10231 --outcome 1 --what \"Swam twice this week\" " +
            "--own-words \"I feel stronger already\" --as rw-jtait");
        var handle = BudgetHandle.On(add);
        foreach (var o in new Option[] { outcome, what, ownWords, completed, on }) add.Add(o);
        ActingOptions.On(add, changes: true, async run =>
        {
            var day = run.Date(on);
            var b = await handle.ResolveAsync(run, testBudget: true);
            Guid? outcomeId = null;
            if (b is not null && !string.IsNullOrWhiteSpace(run.Get(outcome))) outcomeId = await OutcomeAsync(run, b.BudgetId, outcome);
            if (b is null || run.HasProblems) return await run.ProblemsAsync();
            var words = run.Get(ownWords)?.Trim();
            var result = await run.SendAsync(new RecordProgress.Command(run.Actor, run.Key, b.BudgetId, day, run.Get(what)!.Trim(),
                string.IsNullOrEmpty(words) ? null : words, run.Get(completed), outcomeId));
            return await run.FinishAsync(result, _ =>
                run.Say($"Progress noted for {b.PersonName} ({b.PersonReference}) on {Print.Day(day)}{(run.Get(completed) ? "; the outcome is marked done" : "")}."),
                new Dictionary<string, string> { ["WhatChanged"] = what.Name, ["InOwnWords"] = ownWords.Name, ["OutcomeId"] = outcome.Name, ["NotedOn"] = on.Name });
        });
        progress.Add(add);
        return progress;
    }

    private static async Task<Guid?> OutcomeAsync(VerbRun run, Guid budgetId, Option<string?> option) => await OutcomeAsync(run, budgetId, option.Name, run.Get(option)!);

    private static async Task<Guid?> OutcomeAsync(VerbRun run, Guid budgetId, string name, string text)
    {
        await using var conn = await run.OpenAsync();
        var (id, problem) = await Handles.OutcomeAsync(conn, budgetId, text, run.Ct);
        if (id is null) run.Problem(name, problem!);
        return id;
    }
}
