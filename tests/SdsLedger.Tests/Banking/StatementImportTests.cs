using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Features.Banking;
using SdsLedger.Tests.Budgets;

namespace SdsLedger.Tests.Banking;

public sealed class StatementImportTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    private const string October = """
        Date,Description,Amount,Balance
        2026-10-01,NTC SDS P-PERSON,400.00,400.00
        2026-10-10,KIRKTON LEISURE CENTRE,-45.50,354.50
        2026-10-12,BUS FARE,-2.50,352.00
        2026-10-12,BUS FARE,-2.50,349.50
        """;

    private const string OctoberToNovember = """
        Date,Description,Amount,Balance
        2026-10-12,BUS FARE,-2.50,352.00
        2026-10-12,BUS FARE,-2.50,349.50
        2026-11-02,TESCO STORES 3234,-20.00,329.50
        """;

    [Fact]
    public async Task A_statement_imported_twice_records_nothing_twice_and_an_overlapping_one_adds_only_its_new_lines()
    {
        var person = await s.Person();
        var account = new StatementAccount(StatementAccountKind.Person, person);

        var first = SdsScenario.Ok(await s.ImportAsync(account, October));
        var again = SdsScenario.Ok(await s.ImportAsync(account, October));
        var overlapping = SdsScenario.Ok(await s.ImportAsync(account, OctoberToNovember));

        first.New.Should().Be(4, "two equal bus fares on one day are two lines");
        again.ImportedBefore.Should().BeTrue();
        again.New.Should().Be(0);
        overlapping.New.Should().Be(1);
        overlapping.AlreadyHeld.Should().Be(2);
        (await s.CountAsync("SELECT count(*) FROM sds.bank_lines WHERE person_id = @P", new { P = person })).Should().Be(5);
        (await s.CountAsync("SELECT count(*) FROM sds.bank_statements WHERE person_id = @P", new { P = person })).Should().Be(2);
    }

    [Fact]
    public async Task A_statement_whose_balances_do_not_follow_from_its_lines_is_refused_and_nothing_is_imported()
    {
        var person = await s.Person();

        var result = await s.ImportAsync(new StatementAccount(StatementAccountKind.Person, person), October.Replace("354.50", "354.51", StringComparison.Ordinal));

        result.Refusal!.Code.Should().Be(BankingCodes.StatementBalances);
        result.Refusal.Reason.Should().Contain("line 3 says the balance after it is £354.51").And.Contain("Nothing was imported");
        (await s.CountAsync("SELECT count(*) FROM sds.bank_statements WHERE person_id = @P", new { P = person })).Should().Be(0);
    }

    [Fact]
    public async Task A_statement_in_another_currency_or_for_another_councils_person_is_refused()
    {
        var person = await s.Person();
        var statement = new SdsLedger.Banking.Statements.BankStatement(SdsLedger.Banking.Statements.BankFileFormat.Ofx, null, null, "EUR", null, null, null, null,
            [new SdsLedger.Banking.Statements.StatementLine(1, new LocalDate(2026, 10, 1), Money.FromPounds(1), "x")]);
        var inEuros = await s.App.SendAsync(new ImportBankStatement.Command(s.Finance, s.Key(), new StatementAccount(StatementAccountKind.Person, person), "x.ofx",
            new string('a', 64), "OFX 2.x (XML)", statement));
        var notOurs = await s.App.SendAsync(new ImportBankStatement.Command(s.Finance, s.Key(), new StatementAccount(StatementAccountKind.Person, Guid.NewGuid()), "x.ofx",
            new string('a', 64), "OFX 2.x (XML)", statement with { Currency = "GBP" }));

        inEuros.Errors.Should().ContainSingle(e => e.Message.Contains("pounds sterling"));
        notOurs.Refusal!.Code.Should().Be(Domain.Spending.RefusalCodes.NotFound);
    }

    [Fact]
    public async Task The_same_file_imported_eight_times_at_once_is_recorded_once()
    {
        var person = await s.Person();
        var account = new StatementAccount(StatementAccountKind.Person, person);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => s.ImportAsync(account, October))));

        results.Should().OnlyContain(r => r.Succeeded, string.Join("; ", results.Select(r => r.ToString())));
        results.Count(r => !r.Value!.ImportedBefore).Should().Be(1);
        (await s.CountAsync("SELECT count(*) FROM sds.bank_lines WHERE person_id = @P", new { P = person })).Should().Be(4);
    }
}
