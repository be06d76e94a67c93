using System.CommandLine;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.Spending;

namespace SdsLedger.Cli.Verbs;

/// <summary>sdsledger spend: records something bought, or hours of support delivered, after every spending rule passes.</summary>
internal static class SpendVerbs
{
    public static Command Build()
    {
        var spend = new Command("spend",
            "Record something bought, or hours of support delivered, after every spending rule passes; a refusal says why and records nothing.");
        var part = PartHandle.On(spend);
        var what = SpendingOptions.On(spend, "who was paid", "what was bought, or which support was delivered");
        var evidence = new Option<string?>("--evidence") { Description = "A receipt, invoice or card transaction reference.", HelpName = "REF" };
        var hours = new Option<decimal?>("--hours") { Description = "Hours of support delivered, when the spend is for hours (like 3.5).", HelpName = "HOURS" };
        spend.Add(evidence);
        spend.Add(hours);
        ActingOptions.On(spend, changes: true, async run =>
        {
            var (amount, date) = what.Read(run);
            var (b, p) = await part.ResolveAsync(run, date);
            if (b is null || p is null || run.HasProblems) return await run.ProblemsAsync();

            var result = await run.SendAsync(new RecordSpend.Command(run.Actor, run.Key, p.PartId, amount, what.CategoryOf(run), what.PayeeOf(run), date,
                what.DescriptionOf(run), run.Get(evidence)?.Trim(), run.Get(hours), run.Get(what.Family), run.Get(what.ConfirmDuplicate), what.ApprovalOf(run)));
            if (!result.Succeeded) return await run.FinishAsync(result, _ => { }, what.Fields(("Evidence", evidence.Name), ("Hours", hours.Name)));

            var summary = await run.SendAsync(new BudgetSummary.Query(run.Actor, b.BudgetId, date));
            var available = summary.Value?.Parts.FirstOrDefault(x => x.PartId == p.PartId)?.Available;
            return await run.FinishAsync(result, entry =>
            {
                run.Say($"Recorded: {amount} to {what.PayeeOf(run)} for {what.CategoryOf(run)} on {Print.Day(date)}, from {b.PersonName}'s {(b.IsTest ? "test budget" : "budget")} ({b.PersonReference}" +
                        $"{(b.Parts.Count > 1 ? $", part {p.Position}" : "")}).");
                if (available is { } left) run.Say($"Available to spend from it now: {left}.");
                run.Say($"Entry {entry}: if this was a mistake, a finance officer undoes it with 'sdsledger reverse --entry {entry}'.");
            });
        });
        return spend;
    }
}

/// <summary>The options a spend, a commitment and an approval request share: amount, category, payee, date, description, and the confirmations.</summary>
internal sealed class SpendingOptions
{
    private SpendingOptions(string payee, string description)
    {
        Payee = new Option<string>("--payee") { Description = $"The payee: {payee}.", Required = true, HelpName = "NAME" };
        Description = new Option<string>("--description") { Description = $"In plain words, {description}.", Required = true, HelpName = "TEXT" };
    }

    public Option<string> Amount { get; } = new("--amount") { Description = "The amount in pounds and pence, like 45.00 or £45.", Required = true, HelpName = "POUNDS" };
    public Option<string> Category { get; } = new("--category") { Description = "The support plan's category it comes under, like leisure or personal-care.", Required = true, HelpName = "CATEGORY" };
    public Option<string> Payee { get; }
    public Option<string?> Date { get; } = new("--date") { Description = "The day (default today).", HelpName = "DATE" };
    public Option<string> Description { get; }
    public Option<bool> Family { get; } = new("--family") { Description = "The payee is a member of the person's family (needs a recorded agreement)." };
    public Option<bool> ConfirmDuplicate { get; } = new("--confirm-duplicate") { Description = "This really is a second, separate payment of the same amount to the same payee." };
    public Option<string?> Approval { get; } = new("--approval") { Description = "The approval id, for spends above the council's approval threshold.", HelpName = "APPROVAL-ID" };

    public static SpendingOptions On(Command command, string payee, string description, bool confirmations = true, bool date = true)
    {
        ArgumentNullException.ThrowIfNull(command);
        var o = new SpendingOptions(payee, description);
        command.Add(o.Amount);
        command.Add(o.Category);
        command.Add(o.Payee);
        if (date) command.Add(o.Date);
        command.Add(o.Description);
        if (confirmations)
        {
            command.Add(o.Family);
            command.Add(o.ConfirmDuplicate);
            command.Add(o.Approval);
        }
        return o;
    }

    public (Domain.Money Amount, NodaTime.LocalDate Date) Read(VerbRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var amount = run.Amount(Amount);
        var date = run.Date(Date);
        if (!string.IsNullOrWhiteSpace(run.Get(Approval)) && ApprovalOf(run) is null)
            run.Problem(Approval.Name, $"'{run.Get(Approval)!.Trim()}' is not an approval id; copy it from 'sdsledger approval request' or 'approval approve'.");
        return (amount, date);
    }

    public string CategoryOf(VerbRun run) => run.Get(Category)!.Trim().ToLowerInvariant();

    public string PayeeOf(VerbRun run) => run.Get(Payee)!.Trim();

    public string DescriptionOf(VerbRun run) => run.Get(Description)!.Trim();

    public Guid? ApprovalOf(VerbRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var text = run.Get(Approval);
        if (string.IsNullOrWhiteSpace(text)) return null;
        return Guid.TryParse(text.Trim(), out var id) ? id : null;
    }

    /// <summary>The command's field names mapped to these options, for naming a bad field.</summary>
    public IReadOnlyDictionary<string, string> Fields(params (string Field, string Option)[] more)
    {
        var fields = new Dictionary<string, string>
        {
            ["Amount"] = Amount.Name, ["Category"] = Category.Name, ["Payee"] = Payee.Name, ["Date"] = Date.Name, ["Description"] = Description.Name,
            ["ApprovalId"] = Approval.Name, ["PartId"] = "--budget",
        };
        foreach (var (field, option) in more) fields[field] = option;
        return fields;
    }
}
