using System.CommandLine;
using System.Globalization;
using SdsLedger.Features.Plans;
using SdsLedger.Features.Shared;

namespace SdsLedger.Cli.Verbs;

/// <summary>sdsledger plan agree: the person's outcomes in their own words, and the categories the budget may be spent on.</summary>
internal static class PlanVerbs
{
    private static readonly string[] TagKeys = ["phase", "domain"];

    public static Command Build()
    {
        var plan = new Command("plan", "The support plan agreed with the person: outcomes in their own words, and what the budget may be spent on.");
        var outcomes = new Option<string[]>("--outcome")
        {
            Description = "An outcome in the person's own words; repeat for each. Add recovery tags after semicolons: " +
                          "\"Get back into swimming; phase=recovery; domain=personal\" (phase: stabilisation, maintenance, recovery; domain: personal, social, community).",
            Required = true,
            HelpName = "TEXT",
        };
        var categories = new Option<string[]>("--category")
        {
            Description = "A spending category the budget may be spent on, like leisure; repeat for each. Optionally give it an amount (personal-care=1200) " +
                          "or a share of the budget (travel=20%) — not an itemised list.",
            Required = true,
            HelpName = "CATEGORY",
        };
        var on = new Option<string?>("--on") { Description = "The day the plan was agreed (default today).", HelpName = "DATE" };
        var agree = new Command("agree",
            "Record the support plan agreed with the person (agreeing it again replaces it). Example: sdsledger plan agree --budget NT-10231 " +
            "--outcome \"Get out to the shops on my own\" --category personal-care --category \"leisure=600\" --as sw-amacdonald");
        var handle = BudgetHandle.On(agree);
        agree.Add(outcomes);
        agree.Add(categories);
        agree.Add(on);
        ActingOptions.On(agree, changes: true, async run =>
        {
            var day = run.Date(on);
            var outcomeList = run.Get(outcomes)!.Select((t, i) => ReadOutcome(run, t, i, run.Get(outcomes)!.Length)).ToList();
            var categoryList = run.Get(categories)!.Select((t, i) => ReadCategory(run, t, i, run.Get(categories)!.Length)).ToList();
            var b = await handle.ResolveAsync(run);
            if (b is null || run.HasProblems) return await run.ProblemsAsync();

            var result = await run.SendAsync(new AgreeSupportPlan.Command(run.Actor, run.Key, b.BudgetId, day, outcomeList, categoryList));
            return await run.FinishAsync(result, _ =>
            {
                run.Say($"The support plan for {b.PersonName} ({b.PersonReference}) is agreed, as of {Print.Day(day)}.");
                var table = Print.Table("What the budget may be spent on", "Category", "£Amount", "Share");
                foreach (var c in categoryList) table.Row(c.Category, c.Amount, c.SharePercent is { } s ? $"{s.ToString("0.##", CultureInfo.InvariantCulture)}%" : "");
                run.Console.Write(table);
                run.Say("Outcomes:");
                foreach (var o in outcomeList)
                {
                    var tags = new[] { o.RecoveryPhase, o.CapitalDomain }.OfType<string>().ToList();
                    run.Say($"  - {o.Text}{(tags.Count == 0 ? "" : $" ({string.Join(", ", tags)})")}");
                }
                if (b.Status == "draft") run.Say($"Next: a finance officer activates the budget ('sdsledger budget activate --budget {run.Get(handle.Option)!.Trim()}').");
            }, new Dictionary<string, string> { ["Outcomes"] = outcomes.Name, ["Categories"] = categories.Name, ["AgreedOn"] = on.Name });
        });
        plan.Add(agree);
        return plan;
    }

    internal static Outcome ReadOutcome(VerbRun run, string text, int index, int count)
    {
        var where = count == 1 ? "--outcome" : $"--outcome {index + 1}";
        var pieces = text.Split(';', StringSplitOptions.TrimEntries);
        var words = new List<string> { pieces[0] };
        string? phase = null, domain = null;
        foreach (var piece in pieces.Skip(1))
        {
            var eq = piece.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? "" : piece[..eq].Trim().ToLowerInvariant();
            if (!TagKeys.Contains(key))
            {
                // A semicolon inside the person's own words is kept as written.
                words.Add(piece);
                continue;
            }
            var value = piece[(eq + 1)..].Trim().ToLowerInvariant();
            if (key == "phase") phase = value;
            else domain = value;
        }
        if (phase is not null && phase is not ("stabilisation" or "maintenance" or "recovery"))
            run.Problem(where, $"phase={phase} is not a recovery phase; use stabilisation, maintenance or recovery.");
        if (domain is not null && domain is not ("personal" or "social" or "community"))
            run.Problem(where, $"domain={domain} is not a recovery capital domain; use personal, social or community.");
        return new Outcome(string.Join("; ", words), phase, domain);
    }

    internal static PlanCategory ReadCategory(VerbRun run, string text, int index, int count)
    {
        var where = count == 1 ? "--category" : $"--category {index + 1}";
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        var name = (eq < 0 ? text : text[..eq]).Trim().ToLowerInvariant();
        if (eq < 0) return new PlanCategory(name);
        var value = text[(eq + 1)..].Trim();
        if (value.EndsWith('%'))
        {
            if (decimal.TryParse(value[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var share)) return new PlanCategory(name, SharePercent: share);
            run.Problem(where, $"'{value}' is not a share; write a percentage like {name}=20%.");
            return new PlanCategory(name);
        }
        if (TextInput.TryAmount(value, out var amount, out var problem)) return new PlanCategory(name, amount);
        run.Problem(where, $"the amount {problem}");
        return new PlanCategory(name);
    }
}
