using System.CommandLine;
using NodaTime;
using SdsLedger.Features.Shared;

namespace SdsLedger.Cli.Verbs;

/// <summary>--budget: a budget named the way people name it (a person's reference, or the budget's id or the start of it).</summary>
internal sealed class BudgetHandle
{
    public const string Help =
        "The budget: the person's reference (like NT-10201) when they have one open budget, or the budget's id from 'sdsledger budget list'.";

    private BudgetHandle(bool required) =>
        Option = new Option<string?>("--budget") { Description = Help, HelpName = "BUDGET", Required = required };

    public Option<string?> Option { get; }

    public static BudgetHandle On(Command command, bool required = true)
    {
        ArgumentNullException.ThrowIfNull(command);
        var handle = new BudgetHandle(required);
        command.Add(handle.Option);
        return handle;
    }

    /// <summary>How to name this budget with --budget: the person's reference when that names it alone, otherwise its id.</summary>
    public static async Task<string> TextForAsync(VerbRun run, Guid budgetId, string reference)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var conn = await run.OpenAsync();
        var (budget, _) = Handles.Pick(await Handles.BudgetsAsync(conn, run.Actor, reference, run.Ct), reference);
        return budget?.BudgetId == budgetId ? reference : budgetId.ToString();
    }

    /// <summary>The budget as stored now (its parts with their holders' names), for printing after a change.</summary>
    public static async Task<BudgetChoice?> ReloadAsync(VerbRun run, Guid budgetId)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var conn = await run.OpenAsync();
        return (await Handles.BudgetsAsync(conn, run.Actor, budgetId.ToString(), run.Ct)).FirstOrDefault();
    }

    /// <summary>The budget named, or null with the problem noted; a date picks among a person's budgets the one covering it.</summary>
    public async Task<BudgetChoice?> ResolveAsync(VerbRun run, LocalDate? date = null, bool testBudget = false)
    {
        ArgumentNullException.ThrowIfNull(run);
        var text = run.Get(Option);
        if (string.IsNullOrWhiteSpace(text))
        {
            run.Problem(Option.Name, "Say which budget: " + Help);
            return null;
        }
        await using var conn = await run.OpenAsync();
        var (budget, problem) = Handles.Pick(await Handles.BudgetsAsync(conn, run.Actor, text, run.Ct), text.Trim(), date, testBudget);
        if (budget is null) run.Problem(Option.Name, problem!);
        return budget;
    }
}

/// <summary>A budget part: --budget with --part-no (which part of it, 1, 2 …), or --part with the part's id.</summary>
internal sealed class PartHandle
{
    private PartHandle(Command command)
    {
        Budget = BudgetHandle.On(command, required: false);
        command.Add(Number);
        command.Add(Id);
    }

    public BudgetHandle Budget { get; }

    public Option<int?> Number { get; } = new("--part-no")
    {
        Description = "Which part of the budget (1, 2 …, as 'sdsledger budget show' lists them). Not needed when the budget has one part.",
        HelpName = "N",
    };

    public Option<string?> Id { get; } = new("--part") { Description = "The part's id, instead of --budget and --part-no.", HelpName = "PART-ID" };

    public static PartHandle On(Command command) => new(command);

    /// <summary>The part named, with its budget; or nulls with the problem noted.</summary>
    public async Task<(BudgetChoice? Budget, PartChoice? Part)> ResolveAsync(VerbRun run, LocalDate? date = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var idText = run.Get(Id);
        if (!string.IsNullOrWhiteSpace(idText))
        {
            if (!Guid.TryParse(idText.Trim(), out var partId))
            {
                run.Problem(Id.Name, $"'{idText.Trim()}' is not a part id. Use --budget and --part-no instead, or copy the id from 'sdsledger budget show'.");
                return (null, null);
            }
            await using var conn = await run.OpenAsync();
            var owner = await Handles.BudgetOfPartAsync(conn, run.Actor, partId, run.Ct);
            var part = owner?.Parts.FirstOrDefault(p => p.PartId == partId);
            if (part is null) run.Problem(Id.Name, $"No budget part has the id {partId}, or it is not yours to see.");
            return (owner, part);
        }

        if (string.IsNullOrWhiteSpace(run.Get(Budget.Option)))
        {
            run.Problem(Budget.Option.Name, "Say which budget part: --budget (a person's reference or a budget id) and, when it has several parts, --part-no.");
            return (null, null);
        }
        var budget = await Budget.ResolveAsync(run, date);
        if (budget is null) return (null, null);
        var (chosen, problem) = Handles.PickPart(budget, run.Get(Number));
        if (chosen is null) run.Problem(Number.Name, $"{problem} Give its number with --part-no.");
        return (budget, chosen);
    }
}
