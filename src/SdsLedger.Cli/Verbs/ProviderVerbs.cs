using System.CommandLine;
using System.Globalization;
using SdsLedger.Features.Providers;
using SdsLedger.Features.Shared;

namespace SdsLedger.Cli.Verbs;

/// <summary>sdsledger provider funds: what an organisation holds for each person, as for its return to the council.</summary>
internal static class ProviderVerbs
{
    public static Command Build()
    {
        var provider = new Command("provider", "Organisations holding option-2 funds or test budgets for people.");
        var org = new Option<string?>("--org") { Description = "The organisation's code (default: yours).", HelpName = "CODE" };
        var funds = new Command("funds",
            "What an organisation holds for each person: received, spent, returned, balance and hours, with totals — its return to the council. " +
            "Example: sdsledger provider funds --as harbour-finance");
        funds.Add(org);
        ActingOptions.On(funds, changes: false, async run =>
        {
            Guid? organisationId = run.Actor.OrganisationId;
            if (run.Get(org) is { Length: > 0 } code)
            {
                await using var conn = await run.OpenAsync();
                organisationId = await Handles.OrganisationAsync(conn, run.Actor, code, run.Ct);
                if (organisationId is null) run.Problem(org.Name, $"No organisation has the code '{code.Trim()}'.");
            }
            else if (organisationId is null) run.Problem(org.Name, "Say which organisation, by its code, like --org harbour-care.");
            if (run.HasProblems) return await run.ProblemsAsync();

            var result = await run.SendAsync(new ProviderHeldFunds.Query(run.Actor, organisationId!.Value));
            return await run.FinishAsync(result, view =>
            {
                var table = Print.Table($"Held by {view.Organisation}", "Person", "£Received", "£Spent", "£Returned", "£Balance", "£Set aside", "£Available", "Hours");
                foreach (var p in view.People)
                    table.Row($"{p.Name} ({p.Reference})", p.Received, p.Spent, p.Returned, p.Balance, p.Committed, p.Available,
                        p.Hours == 0 ? "" : p.Hours.ToString("0.##", CultureInfo.InvariantCulture));
                table.Row("Total", view.Received, view.Spent, view.Returned, view.Balance, view.Committed, view.Available, "");
                run.Console.Write(table);
                run.Say(view.Reconciles
                    ? "Everything reconciles: received less spent and returned is the balance held, for every person."
                    : "Something does not reconcile: received less spent and returned differs from the balance for at least one person. Run 'sdsledger audit'.");
            });
        });
        provider.Add(funds);
        return provider;
    }
}
