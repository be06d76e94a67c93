using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Features.Banking;
using SdsLedger.Tests.Budgets;

namespace SdsLedger.Tests.Banking;

public sealed class ReconciliationTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    private static readonly LocalDate From = new(2026, 10, 1);
    private static readonly LocalDate To = new(2026, 12, 31);

    [Fact]
    public async Task A_holders_account_matches_instalments_and_spends_and_shows_what_moved_with_no_record_and_what_was_recorded_with_no_money()
    {
        await s.CouncilAccountAsync();
        var (person, budget) = await s.ActiveBudget([SdsScenario.DirectPayment(2600)]);
        await s.PersonAccountAsync(person);
        var part = budget.PartIds[0];
        SdsScenario.Ok(await s.PaymentRun(From));
        SdsScenario.Ok(await s.PaymentFilesAsync(From));
        var me = s.PersonActor(person);
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(me, part, 45.50m, "leisure", "Kirkton Leisure Centre", new LocalDate(2026, 10, 10)) with { Evidence = "receipt 17" }));
        SdsScenario.Ok(await s.App.SendAsync(s.Spend(me, part, 30m, "leisure", "Kirkton Pottery Class", new LocalDate(2026, 10, 20))));
        var reference = (await s.CountAsync("SELECT 0")) == 0 ? "NTC SDS" : "";
        var statement = $"""
            Date,Description,Amount,Balance
            2026-10-02,{reference} PAYMENT,400.00,400.00
            2026-10-11,KIRKTON LEISURE CEN,-45.50,354.50
            2026-10-25,CASH MACHINE,-60.00,294.50
            """;
        SdsScenario.Ok(await s.ImportAsync(new StatementAccount(StatementAccountKind.Person, person), statement));

        var view = SdsScenario.Ok(await s.App.SendAsync(new Reconcile.Query(s.Finance, new StatementAccount(StatementAccountKind.Person, person), From, To)));

        view.Matched.Select(m => m.Record.Kind).Should().BeEquivalentTo(["instalment", "spend"]);
        view.BankOnly.Should().ContainSingle().Which.Text.Should().Be("CASH MACHINE");
        view.LedgerOnly.Should().ContainSingle().Which.Payee.Should().Be("Kirkton Pottery Class");
        view.StatementClosing.Should().Be(Money.FromPounds(294.50m));
        view.LedgerBalance.Should().Be(Money.FromPounds(400 - 45.50m - 30));
        view.Reconciled.Should().BeFalse();

        var monitoring = SdsScenario.Ok(await s.App.SendAsync(new MonitoringReturn.Query(s.Finance, From, To)));
        var row = monitoring.Rows.Single(r => r.PersonReference == view.Account.Replace("person:", "", StringComparison.Ordinal) || r.Received == Money.FromPounds(400));
        row.Should().BeEquivalentTo(new
        {
            Opening = Money.Zero, Received = Money.FromPounds(400), SpentWithEvidence = Money.FromPounds(45.50m), SpentWithoutEvidence = Money.FromPounds(30),
            Closing = Money.FromPounds(324.50m), Unexplained = Money.FromPounds(60), UnexplainedLines = 1,
        }, o => o.ExcludingMissingMembers());
        row.Balances.Should().BeTrue();
        row.Flag.Should().Contain("the bank held £294.50").And.Contain("the ledger £324.50");
    }

    [Fact]
    public async Task The_councils_account_matches_each_payment_its_files_sent()
    {
        var other = new SdsScenario();
        await other.InitializeAsync();
        try
        {
            await other.CouncilAccountAsync();
            await other.ProviderAccountAsync();
            await other.ActiveBudget([other.ProviderHeld(2600)]);
            SdsScenario.Ok(await other.PaymentRun(From));
            var files = SdsScenario.Ok(await other.PaymentFilesAsync(From));
            var statement = $"""
                Date,Description,Amount
                2026-10-01,HARBOUR CARE CLIENT ACCOUNT NTC SDS 011026 {files.MessageId}-0001,-400.00
                2026-10-03,BANK CHARGES,-12.00
                """;
            SdsScenario.Ok(await other.ImportAsync(new StatementAccount(StatementAccountKind.Council), statement));

            var view = SdsScenario.Ok(await other.App.SendAsync(new Reconcile.Query(other.Finance, new StatementAccount(StatementAccountKind.Council), From, To)));

            view.Matched.Should().ContainSingle().Which.Record.Kind.Should().Be("payment");
            view.BankOnly.Should().ContainSingle().Which.Text.Should().Be("BANK CHARGES");
            view.LedgerOnly.Should().BeEmpty();
        }
        finally
        {
            await other.DisposeAsync();
        }
    }
}
