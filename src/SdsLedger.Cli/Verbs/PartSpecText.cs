using System.Globalization;
using Npgsql;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.Shared;

namespace SdsLedger.Cli.Verbs;

/// <summary>
/// Reads a budget part written as "option=1,holder=person,amount=2600": option 1, 2 or 3; holder person, third-party
/// (with name=…), council, or an organisation's code; amount in pounds; optionally weeks= between instalments.
/// </summary>
internal static class PartSpecText
{
    public const string Help =
        "A part of the budget, written as option=1,holder=person,amount=2600. option is 1 (direct payment), 2 (directed support) or 3 (council arranged); " +
        "holder is person, third-party (add name=...), council, or an organisation's code like harbour-care (option 1 defaults to person, option 3 to council); " +
        "amount is for the whole period; add weeks=4 to set how often instalments are paid. Repeat --part for each part (option 4 is a mix of parts).";

    private static readonly string[] Keys = ["option", "holder", "amount", "weeks", "name"];

    /// <summary>The part, or null with every problem noted against the option (as "--part 2").</summary>
    public static async Task<PartSpec?> ReadAsync(VerbRun run, NpgsqlConnection conn, string where, string text)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var ok = true;
        foreach (var pair in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? "" : pair[..eq].Trim().ToLowerInvariant();
            if (eq < 0 || !Keys.Contains(key))
            {
                run.Problem(where, $"'{pair}' is not understood; write the part as option=1,holder=person,amount=2600 (keys: {string.Join(", ", Keys)}).");
                ok = false;
                continue;
            }
            values[key] = pair[(eq + 1)..].Trim();
        }
        if (!ok) return null;

        SdsOption? option = values.GetValueOrDefault("option") switch
        {
            "1" => SdsOption.DirectPayment,
            "2" => SdsOption.DirectedSupport,
            "3" => SdsOption.CouncilArranged,
            _ => null,
        };
        if (option is null)
            run.Problem(where, values.ContainsKey("option")
                ? $"option={values["option"]} is not an option; each part is option 1, 2 or 3 (a budget with parts of different options is option 4)."
                : "Say which option the part is: option=1, option=2 or option=3.");

        var amount = Money.Zero;
        if (!values.TryGetValue("amount", out var amountText)) run.Problem(where, "Give the part's amount for the whole period, like amount=2600.");
        else if (!TextInput.TryAmount(amountText, out amount, out var amountProblem)) run.Problem(where, $"amount {amountProblem}");

        int? weeks = null;
        if (values.TryGetValue("weeks", out var weeksText))
        {
            if (int.TryParse(weeksText, NumberStyles.None, CultureInfo.InvariantCulture, out var w)) weeks = w;
            else run.Problem(where, $"weeks={weeksText} is not a number of weeks; write weeks=4 (or weeks=0 to pay it all at the start).");
        }

        var holderText = values.GetValueOrDefault("holder")?.ToLowerInvariant() ?? option switch
        {
            SdsOption.DirectPayment => "person",
            SdsOption.CouncilArranged => "council",
            _ => "",
        };
        HolderKind holder = HolderKind.Council;
        Guid? organisationId = null;
        switch (holderText)
        {
            case "person":
                holder = HolderKind.Person;
                break;
            case "third-party":
                holder = HolderKind.ThirdParty;
                break;
            case "council":
                holder = HolderKind.Council;
                break;
            case "":
                run.Problem(where, "Say who holds directed support (option 2): holder=council, or the code of the organisation the person chose, like holder=harbour-care.");
                break;
            default:
                holder = HolderKind.Organisation;
                organisationId = await Handles.OrganisationAsync(conn, run.Actor, holderText, run.Ct);
                if (organisationId is null)
                    run.Problem(where, $"holder={holderText} is not person, third-party, council or a known organisation's code. 'sdsledger org add' registers an organisation.");
                break;
        }
        var name = values.GetValueOrDefault("name");
        return option is null ? null : new PartSpec(option.Value, holder, amount, organisationId, string.IsNullOrWhiteSpace(name) ? null : name, weeks);
    }
}
