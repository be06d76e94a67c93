using System.Text.Json;

namespace SdsLedger.Cli.Tests;

/// <summary>sdsledger import spends: bad lines named by line and column, nothing written unless --skip-bad, nothing written twice.</summary>
public sealed class ImportTests(CliWorld world) : IClassFixture<CliWorld>, IDisposable
{
    private const string Header = "date,person,part,amount,category,payee,description,evidence";

    private readonly CommandRun _sdsledger = new CommandRun().With("SDSLEDGER_DB", world.ConnectionString);

    public void Dispose() => _sdsledger.Dispose();

    private string File(string name, params string[] lines)
    {
        var path = Path.Combine(_sdsledger.Folder, name);
        System.IO.File.WriteAllText(path, string.Join("\n", [Header, .. lines]) + "\n");
        return path;
    }

    /// <summary>Five lines of a provider's month for one person: lines 2 and 6 good, 3 to 5 each wrong in one way.</summary>
    private string MixedFile(string person) => File("october.csv",
        $"2026-10-05,{person},2,60.00,personal-care,Harbour Care,Support visits week 1,INV-1",
        $"2026-10-12,{person},2,12.345,personal-care,Harbour Care,Support visits week 2,INV-2",
        $"2026-10-13,{person},2,25.00,gym,Kirkton Gym,Gym membership,INV-3",
        $"2026-10-32,{person},2,25.00,leisure,Kirkton Pool,Swimming,INV-4",
        $"19/10/2026,{person},2,£60.00,personal-care,Harbour Care,Support visits week 3,INV-5");

    [Fact]
    public async Task A_file_with_bad_lines_records_nothing_and_names_each_bad_line_and_column()
    {
        var person = await world.PersonWithBudgetAsync();
        var entries = await world.LedgerEntriesAsync();

        var result = await _sdsledger.RunAsync("import", "spends", MixedFile(person), "--as", CliWorld.ProviderWorker);

        result.ExitCode.Should().Be(ExitCodes.Refused, result.Everything);
        result.Error.Should().Contain("Nothing was imported: 3 of 5 line(s) of october.csv cannot be recorded.")
            .And.Contain("line 3, amount: '12.345' has a fraction of a penny; use pounds and pence like 12.35.")
            .And.Contain("line 4, category (outside-plan): 'gym' is not in the agreed support plan")
            .And.Contain("line 5, date: '2026-10-32' is not a date")
            .And.Contain("--skip-bad");
        result.Error.Should().NotContain("line 2,").And.NotContain("line 6,");
        (await world.SpendsAsync(person)).Should().Be(0);
        (await world.LedgerEntriesAsync()).Should().Be(entries);
    }

    [Fact]
    public async Task Skip_bad_records_the_good_lines_and_writes_the_bad_ones_with_their_reasons()
    {
        var person = await world.PersonWithBudgetAsync();
        var bad = Path.Combine(_sdsledger.Folder, "october-bad.csv");

        var result = await _sdsledger.RunAsync("import", "spends", MixedFile(person), "--skip-bad", bad, "--as", CliWorld.ProviderWorker);

        result.ExitCode.Should().Be(ExitCodes.Ok, result.Everything);
        result.Output.Should().Contain("Recorded 2 spend(s), £120.00, from october.csv.").And.Contain("3 bad line(s) were set aside");
        (await world.SpendsAsync(person)).Should().Be(2);
        var lines = await System.IO.File.ReadAllLinesAsync(bad);
        lines[0].Should().Be(Header + ",line,reason");
        lines.Should().HaveCount(4);
        lines[1].Should().StartWith($"2026-10-12,{person},2,12.345,").And.Contain(",3,").And.Contain("fraction of a penny");
        lines[2].Should().Contain(",4,").And.Contain("not in the agreed support plan");
        lines[3].Should().Contain(",5,").And.Contain("is not a date");
    }

    [Fact]
    public async Task The_bad_lines_file_once_put_right_imports_in_its_turn()
    {
        var person = await world.PersonWithBudgetAsync();
        var bad = Path.Combine(_sdsledger.Folder, "october-bad.csv");
        (await _sdsledger.RunAsync("import", "spends", MixedFile(person), "--skip-bad", bad, "--as", CliWorld.ProviderWorker)).ExitCode.Should().Be(ExitCodes.Ok);
        var fixedLines = (await System.IO.File.ReadAllTextAsync(bad)).Replace("12.345", "12.35").Replace(",gym,", ",leisure,").Replace("2026-10-32", "2026-10-30");
        await System.IO.File.WriteAllTextAsync(bad, fixedLines);

        var result = await _sdsledger.RunAsync("import", "spends", bad, "--as", CliWorld.ProviderWorker);

        result.ExitCode.Should().Be(ExitCodes.Ok, result.Everything);
        result.Output.Should().Contain("Recorded 3 spend(s), £62.35");
        (await world.SpendsAsync(person)).Should().Be(5);
    }

    [Fact]
    public async Task Importing_the_same_file_again_records_nothing_twice()
    {
        var person = await world.PersonWithBudgetAsync();
        var file = File("november.csv",
            $"2026-10-05,{person},2,60.00,personal-care,Harbour Care,Support visits week 1,INV-11",
            $"2026-10-12,{person},2,60.00,personal-care,Harbour Care,Support visits week 2,INV-12");

        var first = await _sdsledger.RunAsync("import", "spends", file, "--as", CliWorld.ProviderWorker);
        var again = await _sdsledger.RunAsync("import", "spends", file, "--as", CliWorld.ProviderWorker);

        first.ExitCode.Should().Be(ExitCodes.Ok, first.Everything);
        again.ExitCode.Should().Be(ExitCodes.Ok, again.Everything);
        again.Output.Should().Contain("No new spends were recorded from november.csv.")
            .And.Contain("2 line(s) were recorded by an earlier import of this same file");
        (await world.SpendsAsync(person)).Should().Be(2);
    }

    [Fact]
    public async Task Importing_with_json_prints_what_was_recorded_for_scripts()
    {
        var person = await world.PersonWithBudgetAsync();
        var file = File("json.csv",
            $"2026-10-05,{person},2,60.00,personal-care,Harbour Care,Support visits,INV-21",
            $"2026-10-06,{person},2,750.00,personal-care,Harbour Care,Support visits,INV-22");

        var result = await _sdsledger.RunAsync("import", "spends", file, "--as", CliWorld.ProviderWorker, "--json");

        result.ExitCode.Should().Be(ExitCodes.Refused, result.Everything);
        using var json = JsonDocument.Parse(result.Output);
        json.RootElement.GetProperty("refusal").GetProperty("code").GetString().Should().Be("bad-lines");
        var outcome = json.RootElement.GetProperty("outcome");
        outcome.GetProperty("imported").GetInt32().Should().Be(0);
        var problem = outcome.GetProperty("problems")[0];
        problem.GetProperty("line").GetInt32().Should().Be(3);
        problem.GetProperty("field").GetString().Should().Be("amount");
        problem.GetProperty("code").GetString().Should().Be("insufficient-funds");
        problem.GetProperty("message").GetString().Should().Contain("only £740.00 is available");
    }

    [Fact]
    public async Task A_file_without_a_needed_column_is_refused_before_anything_is_read()
    {
        var path = Path.Combine(_sdsledger.Folder, "no-amount.csv");
        await System.IO.File.WriteAllTextAsync(path, "date,person,category,payee,description\n2026-10-05,NT-0001,leisure,Gym,Gym\n");

        var result = await _sdsledger.RunAsync("import", "spends", path, "--as", CliWorld.ProviderWorker);

        result.ExitCode.Should().Be(ExitCodes.Refused, result.Everything);
        result.Error.Should().Contain("no-amount.csv: The first line names the columns, and it has no 'amount' column.");
    }

    [Fact]
    public async Task A_line_for_someone_the_importer_does_not_hold_money_for_is_a_bad_line()
    {
        var person = await world.PersonWithBudgetAsync();
        var file = File("strangers.csv", "2026-10-05,NT-9999,1,10.00,leisure,Gym,Gym,INV-31", $"2026-10-05,{person},1,10.00,leisure,Gym,Gym,INV-32");

        var result = await _sdsledger.RunAsync("import", "spends", file, "--as", CliWorld.ProviderWorker);

        result.ExitCode.Should().Be(ExitCodes.Refused, result.Everything);
        result.Error.Should().Contain("line 2, person: No budget was found for 'NT-9999'")
            .And.Contain("line 3, part (not-holder): This money is held by the person, as a direct payment");
    }
}
