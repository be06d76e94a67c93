using System.Text.Json;

namespace SdsLedger.Cli.Tests;

/// <summary>The verbs that act on budgets: exit codes, readable answers, --json, and the options named when input is wrong.</summary>
public sealed class VerbTests(CliWorld world) : IClassFixture<CliWorld>, IDisposable
{
    private readonly CommandRun _sdsledger = new CommandRun().With("SDSLEDGER_DB", world.ConnectionString);

    public void Dispose() => _sdsledger.Dispose();

    private Task<CommandResult> SpendAsync(string person, params string[] more) =>
        _sdsledger.RunAsync(["spend", "--budget", person, "--part-no", "1", "--category", "leisure", "--payee", "Kirkton Leisure Centre",
            "--description", "Swimming, ten sessions", "--date", "2026-10-10", "--as", $"person:{person}", .. more]);

    [Fact]
    public async Task A_spend_that_passes_the_rules_exits_0_and_says_what_was_recorded()
    {
        var person = await world.PersonWithBudgetAsync();

        var result = await SpendAsync(person, "--amount", "£45");

        result.ExitCode.Should().Be(ExitCodes.Ok, result.Everything);
        result.Output.Should().Contain("Recorded: £45.00 to Kirkton Leisure Centre for leisure on 10 October 2026")
            .And.Contain("Available to spend from it now: £355.00")
            .And.Contain("--key");
        (await world.SpendsAsync(person)).Should().Be(1);
    }

    [Fact]
    public async Task A_spend_a_rule_refuses_exits_1_with_the_code_and_the_reason_and_records_nothing()
    {
        var person = await world.PersonWithBudgetAsync();
        var entries = await world.LedgerEntriesAsync();

        var result = await _sdsledger.RunAsync("spend", "--budget", person, "--part-no", "1", "--amount", "30", "--category", "gym",
            "--payee", "Kirkton Gym", "--description", "Gym", "--date", "2026-10-10", "--as", $"person:{person}");

        result.ExitCode.Should().Be(ExitCodes.Refused, result.Everything);
        result.Error.Should().Contain("Refused (outside-plan): 'gym' is not in the agreed support plan (agreed: leisure, personal-care)");
        (await world.LedgerEntriesAsync()).Should().Be(entries);
    }

    [Fact]
    public async Task A_councils_own_excluded_words_and_a_recorded_family_member_are_refused_through_the_command_line()
    {
        var person = await world.PersonWithBudgetAsync();

        var term = await _sdsledger.RunAsync("council", "rules", "add-term", "--purpose", "alcohol", "--words", "buckfast", "--as", CliWorld.Finance);
        var tonic = await _sdsledger.RunAsync("spend", "--budget", person, "--part-no", "1", "--amount", "9", "--category", "leisure",
            "--payee", "Corner shop", "--description", "Buckfast", "--date", "2026-10-10", "--as", $"person:{person}");
        var member = await _sdsledger.RunAsync("family", "member", "--person", person, "--name", "Mary Test", "--relationship", "sister",
            "--as", CliWorld.SocialWorker);
        var sister = await _sdsledger.RunAsync("spend", "--budget", person, "--part-no", "1", "--amount", "20", "--category", "leisure",
            "--payee", "mary test", "--description", "Helped me", "--date", "2026-10-10", "--as", $"person:{person}");
        var neither = await _sdsledger.RunAsync("council", "rules", "add-term", "--purpose", "alcohol", "--as", CliWorld.Finance);

        term.ExitCode.Should().Be(ExitCodes.Ok, term.Everything);
        term.Output.Should().Contain("buckfast");
        tonic.ExitCode.Should().Be(ExitCodes.Refused, tonic.Everything);
        tonic.Error.Should().Contain("Refused (excluded-purpose)");
        member.ExitCode.Should().Be(ExitCodes.Ok, member.Everything);
        sister.ExitCode.Should().Be(ExitCodes.Refused, sister.Everything);
        sister.Error.Should().Contain("Refused (family-payee-unagreed)").And.Contain("sister");
        neither.ExitCode.Should().Be(ExitCodes.Refused);
        neither.Error.Should().Contain("--words");
        (await world.SpendsAsync(person)).Should().Be(0);
    }

    [Fact]
    public async Task Spending_more_than_is_available_is_refused_with_the_figures()
    {
        var person = await world.PersonWithBudgetAsync();

        var result = await SpendAsync(person, "--amount", "450");

        result.ExitCode.Should().Be(ExitCodes.Refused, result.Everything);
        result.Error.Should().Contain("Refused (insufficient-funds): This would spend £450.00 but only £400.00 is available.");
    }

    [Fact]
    public async Task Invalid_input_exits_1_naming_each_bad_option_with_how_to_write_it()
    {
        var person = await world.PersonWithBudgetAsync();

        var result = await _sdsledger.RunAsync("spend", "--budget", person, "--part-no", "1", "--amount", "12.345", "--category", "leisure",
            "--payee", "Kirkton Gym", "--description", "Gym", "--date", "2026-13-10", "--as", $"person:{person}");

        result.ExitCode.Should().Be(ExitCodes.Refused, result.Everything);
        result.Error.Should().Contain("--amount: '12.345' has a fraction of a penny; use pounds and pence like 12.35.")
            .And.Contain("--date: '2026-13-10' is not a date");
        (await world.SpendsAsync(person)).Should().Be(0);
    }

    [Fact]
    public async Task Invalid_input_found_by_the_command_names_the_option_not_the_field()
    {
        var person = await world.PersonWithBudgetAsync();

        var result = await _sdsledger.RunAsync("spend", "--budget", person, "--part-no", "1", "--amount", "10", "--category", "Not A Category",
            "--payee", "Kirkton Gym", "--description", "Gym", "--date", "2026-10-10", "--as", $"person:{person}");

        result.ExitCode.Should().Be(ExitCodes.Refused, result.Everything);
        result.Error.Should().Contain("--category: A category is lower-case letters, digits and hyphens");
    }

    [Fact]
    public async Task A_missing_required_option_is_a_usage_error()
    {
        var result = await _sdsledger.RunAsync("spend", "--budget", "NT-0001", "--amount", "10", "--as", CliWorld.Finance);

        result.ExitCode.Should().Be(ExitCodes.Usage, result.Everything);
        result.Error.Should().Contain("--category").And.Contain("sdsledger --help");
    }

    [Fact]
    public async Task Someone_unknown_acting_is_refused_naming_as_and_how_to_put_it_right()
    {
        var result = await _sdsledger.RunAsync("budget", "show", "--budget", "NT-0001", "--as", "sw-nobody");

        result.ExitCode.Should().Be(ExitCodes.Refused, result.Everything);
        result.Error.Should().Contain("--as: No worker has the code 'sw-nobody'").And.Contain("person:REFERENCE");
    }

    [Fact]
    public async Task A_budget_of_several_parts_needs_the_part_number()
    {
        var person = await world.PersonWithBudgetAsync();

        var result = await _sdsledger.RunAsync("spend", "--budget", person, "--amount", "10", "--category", "leisure", "--payee", "Gym",
            "--description", "Gym", "--date", "2026-10-10", "--as", $"person:{person}");

        result.ExitCode.Should().Be(ExitCodes.Refused, result.Everything);
        result.Error.Should().Contain("--part-no: This budget has 2 parts (part 1: option 1 held by The person, £2,600.00; part 2: option 2 held by Harbour Care, £5,200.00)");
    }

    [Fact]
    public async Task Budget_show_prints_the_figures_as_a_table_with_money_in_pounds()
    {
        var person = await world.PersonWithBudgetAsync();
        (await SpendAsync(person, "--amount", "45")).ExitCode.Should().Be(ExitCodes.Ok);

        var result = await _sdsledger.RunAsync("budget", "show", "--budget", person, "--as-of", "2026-10-31", "--as", CliWorld.SocialWorker);

        result.ExitCode.Should().Be(ExitCodes.Ok, result.Everything);
        result.Output.Should().Contain($"Budget of Jo Example ({person}): Option 4: a mix")
            .And.MatchRegex(@"Agreed for the period\s+│\s+£7,800.00")
            .And.MatchRegex(@"Received by the holders\s+│\s+£1,200.00")
            .And.MatchRegex(@"Available to spend now\s+│\s+£1,155.00")
            .And.MatchRegex(@"leisure\s+│\s+£45.00")
            .And.Contain("17% of the period has passed and 1% of the budget is spent");
    }

    [Fact]
    public async Task Budget_show_with_json_prints_the_summary_for_scripts()
    {
        var person = await world.PersonWithBudgetAsync();
        (await SpendAsync(person, "--amount", "45")).ExitCode.Should().Be(ExitCodes.Ok);

        var result = await _sdsledger.RunAsync("budget", "show", "--budget", person, "--as-of", "2026-10-31", "--as", CliWorld.SocialWorker, "--json");

        result.ExitCode.Should().Be(ExitCodes.Ok, result.Everything);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        root.GetProperty("personReference").GetString().Should().Be(person);
        root.GetProperty("agreedTotal").GetProperty("pence").GetInt64().Should().Be(780_000);
        root.GetProperty("received").GetProperty("pence").GetInt64().Should().Be(120_000);
        root.GetProperty("spent").GetProperty("pence").GetInt64().Should().Be(4_500);
        root.GetProperty("available").GetProperty("pence").GetInt64().Should().Be(115_500);
        root.GetProperty("parts").GetArrayLength().Should().Be(2);
        root.GetProperty("spentByCategory")[0].GetProperty("category").GetString().Should().Be("leisure");
    }

    [Fact]
    public async Task A_refusal_with_json_is_a_json_object_with_the_code_and_reason()
    {
        var person = await world.PersonWithBudgetAsync();

        var result = await SpendAsync(person, "--amount", "450", "--json");

        result.ExitCode.Should().Be(ExitCodes.Refused, result.Everything);
        using var json = JsonDocument.Parse(result.Output);
        json.RootElement.GetProperty("refusal").GetProperty("code").GetString().Should().Be("insufficient-funds");
        json.RootElement.GetProperty("refusal").GetProperty("reason").GetString().Should().Contain("£400.00");
    }

    [Fact]
    public async Task Invalid_input_with_json_lists_each_bad_option()
    {
        var person = await world.PersonWithBudgetAsync();

        var result = await SpendAsync(person, "--amount", "ten pounds", "--json");

        result.ExitCode.Should().Be(ExitCodes.Refused, result.Everything);
        using var json = JsonDocument.Parse(result.Output);
        var error = json.RootElement.GetProperty("errors")[0];
        error.GetProperty("field").GetString().Should().Be("--amount");
        error.GetProperty("message").GetString().Should().Contain("'ten pounds' is not an amount");
    }

    [Fact]
    public async Task Running_again_with_the_same_key_records_nothing_twice()
    {
        var person = await world.PersonWithBudgetAsync();

        var first = await SpendAsync(person, "--amount", "20", "--key", "retry-me-1");
        var again = await SpendAsync(person, "--amount", "20", "--key", "retry-me-1");

        first.ExitCode.Should().Be(ExitCodes.Ok, first.Everything);
        again.ExitCode.Should().Be(ExitCodes.Ok, again.Everything);
        (await world.SpendsAsync(person)).Should().Be(1);
    }

    [Fact]
    public async Task A_likely_duplicate_is_refused_with_what_to_do_and_confirming_records_it()
    {
        var person = await world.PersonWithBudgetAsync();
        (await SpendAsync(person, "--amount", "20")).ExitCode.Should().Be(ExitCodes.Ok);

        var twin = await SpendAsync(person, "--amount", "20");
        var confirmed = await SpendAsync(person, "--amount", "20", "--confirm-duplicate");

        twin.ExitCode.Should().Be(ExitCodes.Refused, twin.Everything);
        twin.Error.Should().Contain("Refused (possible-duplicate)").And.Contain("--confirm-duplicate");
        confirmed.ExitCode.Should().Be(ExitCodes.Ok, confirmed.Everything);
        (await world.SpendsAsync(person)).Should().Be(2);
    }

    [Fact]
    public async Task A_provider_cannot_spend_a_direct_payment()
    {
        var person = await world.PersonWithBudgetAsync();

        var result = await _sdsledger.RunAsync("spend", "--budget", person, "--part-no", "1", "--amount", "10", "--category", "leisure",
            "--payee", "Gym", "--description", "Gym", "--date", "2026-10-10", "--as", CliWorld.ProviderWorker);

        result.ExitCode.Should().Be(ExitCodes.Refused, result.Everything);
        result.Error.Should().Contain("Refused (not-holder)");
    }

    [Fact]
    public async Task Budget_list_shows_a_persons_budgets_with_their_ids()
    {
        var person = await world.PersonWithBudgetAsync();

        var result = await _sdsledger.RunAsync("budget", "list", "--person", person, "--as", CliWorld.SocialWorker, "--json");

        result.ExitCode.Should().Be(ExitCodes.Ok, result.Everything);
        using var json = JsonDocument.Parse(result.Output);
        var budget = json.RootElement.GetProperty("budgets")[0];
        var id = budget.GetProperty("budgetId").GetString()!;
        budget.GetProperty("amount").GetProperty("pence").GetInt64().Should().Be(780_000);

        var shown = await _sdsledger.RunAsync("budget", "show", "--budget", id, "--as", CliWorld.SocialWorker);
        shown.ExitCode.Should().Be(ExitCodes.Ok, shown.Everything);
        shown.Output.Should().Contain($"Budget id {id}");
    }
}
