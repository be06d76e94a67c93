namespace SdsLedger.Cli.Tests;

/// <summary>The banking verbs as a finance officer types them: bank details, a payment run's files, a statement; bad input named by option, line or element.</summary>
public sealed class BankingCommandTests(CliWorld world) : IClassFixture<CliWorld>, IDisposable
{
    private readonly CommandRun _sdsledger = new CommandRun().With("SDSLEDGER_DB", world.ConnectionString);

    public void Dispose() => _sdsledger.Dispose();

    [Fact]
    public async Task A_mistyped_account_number_is_refused_naming_the_option_and_the_fix()
    {
        var person = await world.PersonWithBudgetAsync();

        var result = await _sdsledger.RunAsync("bank-details", "set", "--person", person, "--name", "Jo Example", "--sort-code", "10-79-99",
            "--account-number", "88837493", "--as", CliWorld.Finance);

        result.ExitCode.Should().Be(ExitCodes.Refused, result.Everything);
        result.Error.Should().Contain("--account-number: The account number ending 93 is not a possible account number at sort code 10-79-99");
    }

    [Fact]
    public async Task Payment_files_are_written_once_and_written_again_the_same_with_the_account_masked_everywhere_but_the_bank_files()
    {
        var person = await world.PersonWithBudgetAsync();
        var folder = Path.Combine(_sdsledger.Folder, "files");
        (await _sdsledger.RunAsync("bank-details", "set", "--council", "--name", "Test Council SDS", "--sort-code", "08-99-99", "--account-number", "66374958",
            "--service-user-number", "123456", "--as", CliWorld.Finance)).ExitCode.Should().Be(ExitCodes.Ok);
        var set = await _sdsledger.RunAsync("bank-details", "set", "--person", person, "--name", "Jo Example", "--sort-code", "10-79-99",
            "--account-number", "88837491", "--as", CliWorld.Finance);
        (await _sdsledger.RunAsync("payment-run", "--date", "2026-10-01", "--as", CliWorld.Finance)).ExitCode.Should().Be(ExitCodes.Ok);

        var first = await _sdsledger.RunAsync("payment-files", "--date", "2026-10-01", "--out", folder, "--as", CliWorld.Finance);
        var pain = await File.ReadAllBytesAsync(Path.Combine(folder, "payments-2026-10-01.pain001.xml"));
        var again = await _sdsledger.RunAsync("payment-files", "--date", "2026-10-01", "--out", folder, "--as", CliWorld.Finance);

        set.Output.Should().Contain("10-79-99 ******91").And.NotContain("88837491");
        first.ExitCode.Should().Be(ExitCodes.Ok, first.Everything);
        first.Output.Should().Contain("Payment files for the run of 1 October 2026").And.Contain("payments-2026-10-01.bacs18.txt");
        again.Output.Should().Contain("The files written before for the run of 1 October 2026").And.Contain("nobody is paid twice");
        (await File.ReadAllBytesAsync(Path.Combine(folder, "payments-2026-10-01.pain001.xml"))).Should().Equal(pain);
        (await File.ReadAllTextAsync(Path.Combine(folder, "payments-2026-10-01.pain001.xml"))).Should().Contain("88837491");
        foreach (var remittance in Directory.GetFiles(folder, "remittance-*.csv"))
            (await File.ReadAllTextAsync(remittance)).Should().NotContain("88837491").And.Contain("******91");
    }

    [Fact]
    public async Task A_statement_with_a_bad_line_is_refused_naming_the_line_and_column_and_imports_nothing()
    {
        var person = await world.PersonWithBudgetAsync();
        var file = Path.Combine(_sdsledger.Folder, "bank.csv");
        await File.WriteAllTextAsync(file, "Date,Description,Amount\n2026-10-02,NTC SDS,400.00\n2026-10-05,TESCO,twelve\n");

        var result = await _sdsledger.RunAsync("import", "bank", file, "--account", person, "--as", CliWorld.Finance);
        var unknown = await _sdsledger.RunAsync("import", "bank", file, "--account", "nobody-here", "--as", CliWorld.Finance);

        result.ExitCode.Should().Be(ExitCodes.Refused, result.Everything);
        result.Error.Should().Contain("bank.csv: line 3, Amount: 'twelve' is not an amount in pounds and pence.");
        unknown.Error.Should().Contain("--account: 'nobody-here' is not an account SdsLedger knows");
    }
}
