using System.Text;

namespace SdsLedger.Cli.Tests;

/// <summary>Bad input at the command line: exit 1 naming the option, never exit 4 or a stack trace; no verb but demo and db start makes a database.</summary>
public sealed class BadInputCommandTests(CliWorld world) : IClassFixture<CliWorld>, IDisposable
{
    private readonly CommandRun _sdsledger = new CommandRun().With("SDSLEDGER_DB", world.ConnectionString);

    public void Dispose() => _sdsledger.Dispose();

    [Theory]
    [InlineData("Kirkton\u001b[31m Leisure", "terminal escape")]
    [InlineData("\u200b", "invisible")]
    [InlineData("\u202eerutsiel", "direction")]
    public async Task A_payee_with_an_escape_invisible_or_bidi_character_exits_1_naming_the_option(string payee, string kind)
    {
        var person = await world.PersonWithBudgetAsync();
        var entries = await world.LedgerEntriesAsync();

        var result = await _sdsledger.RunAsync("spend", "--budget", person, "--part-no", "1", "--amount", "5", "--category", "leisure",
            "--payee", payee, "--description", "Swim", "--date", "2026-10-10", "--as", $"person:{person}");

        result.ExitCode.Should().Be(ExitCodes.Refused, "{0}: {1}", kind, result.Everything);
        result.Error.Should().Contain("--payee");
        result.Everything.Should().NotContain("\u001b[31m", "the escape is never echoed to the terminal");
        (await world.LedgerEntriesAsync()).Should().Be(entries);
    }

    [Fact]
    public async Task A_budget_from_the_year_9999_exits_1_naming_from()
    {
        var person = await world.PersonWithBudgetAsync();

        var result = await _sdsledger.RunAsync("budget", "create", "--person", person, "--from", "9999-01-01", "--to", "9999-12-31",
            "--part", "option=1,holder=person,amount=100", "--as", CliWorld.SocialWorker);

        result.ExitCode.Should().Be(ExitCodes.Refused, result.Everything);
        result.Error.Should().Contain("--from").And.NotContain("   at ");
    }

    [Fact]
    public async Task A_caseload_report_as_of_9999_exits_1_naming_as_of()
    {
        var result = await _sdsledger.RunAsync("report", "caseload", "--as-of", "9999-12-31", "--out", Path.Combine(_sdsledger.Folder, "c.csv"),
            "--as", CliWorld.SocialWorker);

        result.ExitCode.Should().Be(ExitCodes.Refused, result.Everything);
        result.Error.Should().Contain("--as-of").And.NotContain("   at ");
    }

    [Fact]
    public async Task A_spending_file_with_two_date_columns_is_refused_naming_the_column()
    {
        var person = await world.PersonWithBudgetAsync();
        var file = Path.Combine(_sdsledger.Folder, "two-dates.csv");
        await File.WriteAllTextAsync(file, $"date,person,amount,category,payee,description,date\n2026-10-10,{person},5,leisure,Pool,Swim,2026-10-11\n");

        var result = await _sdsledger.RunAsync("import", "spends", file, "--as", CliWorld.ProviderWorker);

        result.ExitCode.Should().Be(ExitCodes.Refused, result.Everything);
        result.Error.Should().Contain("'date' (columns 1 and 7) twice");
    }

    [Fact]
    public async Task A_latin1_spending_file_is_refused_naming_the_line()
    {
        var person = await world.PersonWithBudgetAsync();
        var file = Path.Combine(_sdsledger.Folder, "latin1.csv");
        await File.WriteAllBytesAsync(file, Encoding.Latin1.GetBytes($"date,person,amount,category,payee,description\n2026-10-10,{person},5,leisure,Caf\u00e9 Rouge,Lunch \u00a35\n"));
        var spends = await world.SpendsAsync();

        var result = await _sdsledger.RunAsync("import", "spends", file, "--as", CliWorld.ProviderWorker);

        result.ExitCode.Should().Be(ExitCodes.Refused, result.Everything);
        result.Error.Should().Contain("Line 2 is not UTF-8");
        (await world.SpendsAsync()).Should().Be(spends);
    }
}

/// <summary>A verb on a data directory with no database: it says so and exits 3, and creates nothing.</summary>
public sealed class MissingDataDirectoryTests : IDisposable
{
    private readonly CommandRun _sdsledger = new();

    public void Dispose() => _sdsledger.Dispose();

    [Theory]
    [InlineData("audit")]
    [InlineData("budget", "list", "--person", "NT-10201", "--as", "sw-test")]
    [InlineData("db", "url")]
    [InlineData("db", "migrate")]
    public async Task A_verb_on_a_missing_data_directory_says_so_and_exits_3_without_creating_a_cluster(params string[] verb)
    {
        var missing = Path.Combine(_sdsledger.Folder, "nonexistent", "sds");

        var result = await _sdsledger.RunAsync([.. verb, "--data-dir", missing]);

        result.ExitCode.Should().Be(ExitCodes.Environment, result.Everything);
        result.Error.Should().Contain("There is no SdsLedger database in").And.Contain("db start");
        Directory.Exists(missing).Should().BeFalse("nothing was created");
    }
}
