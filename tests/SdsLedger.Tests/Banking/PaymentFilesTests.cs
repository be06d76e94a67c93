using System.Text;
using NodaTime;
using SdsLedger.Banking.Payments;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.Banking;
using SdsLedger.Features.Payments;
using SdsLedger.Tests.Budgets;

namespace SdsLedger.Tests.Banking;

public sealed class PaymentFilesTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    private static readonly LocalDate FirstRun = new(2026, 10, 1);
    private static readonly LocalDate SecondRun = new(2026, 10, 29);

    [Fact]
    public async Task A_runs_files_pay_each_receiver_once_hold_back_who_has_no_bank_details_and_write_the_same_bytes_again()
    {
        await s.CouncilAccountAsync();
        await s.ProviderAccountAsync();
        var (withDetails, _) = await s.ActiveBudget([SdsScenario.DirectPayment(2600)]);
        await s.PersonAccountAsync(withDetails);
        var (withoutDetails, _) = await s.ActiveBudget([SdsScenario.DirectPayment(1300)]);
        await s.ActiveBudget([s.ProviderHeld(2600)]);
        await s.ActiveBudget([s.ProviderHeld(5200), SdsScenario.CouncilArranged(1000)]);
        SdsScenario.Ok(await s.PaymentRun(FirstRun));

        var first = SdsScenario.Ok(await s.PaymentFilesAsync(FirstRun));

        first.Payments.Should().Be(2, "one payment to the person with bank details and one to the provider for both its people");
        first.Instalments.Should().Be(3);
        first.Total.Should().Be(Money.FromPounds(400 + 400 + 800), "each part's first 4-weekly instalment of its 26-week budget");
        first.HeldBack.Should().ContainSingle().Which.Reason.Should().Contain("no bank details are recorded for").And.Contain("bank-details set --person");
        var files = SdsScenario.Ok(await s.App.SendAsync(new PaymentBatchFiles.Query(s.Finance, s.CouncilId, FirstRun)));
        files.Batch.Payments.Select(p => p.Reference).Should().Equal(("NTC SDS " + files.Remittances[0].Lines[0].PersonReference.ToUpperInvariant())[..18], "NTC SDS 011026");
        files.Remittances[1].Lines.Should().HaveCount(2, "the provider's remittance advice lists each person it is paid for");
        files.Remittances.Should().OnlyContain(r => r.MaskedAccount == "10-79-99 ******91");

        var again = SdsScenario.Ok(await s.PaymentFilesAsync(FirstRun));
        again.WrittenBefore.Should().BeTrue();
        again.BatchId.Should().Be(first.BatchId);
        (await Bytes(FirstRun)).Should().Equal(await Bytes(FirstRun));

        await s.PersonAccountAsync(withoutDetails);
        SdsScenario.Ok(await s.PaymentRun(SecondRun));
        var second = SdsScenario.Ok(await s.PaymentFilesAsync(SecondRun));
        second.Instalments.Should().Be(5, "the held-back instalment goes in the next file, with the four new ones");
        (await s.CountAsync("SELECT count(*) - count(DISTINCT entry_id) FROM sds.payment_batch_instalments")).Should().Be(0, "no instalment is in two files");
        (await s.CountAsync("SELECT count(*) FROM ledger.entries e WHERE e.kind = 'instalment' AND NOT EXISTS (SELECT 1 FROM sds.payment_batch_instalments i WHERE i.entry_id = e.id) AND EXISTS (SELECT 1 FROM ledger.postings x JOIN sds.budget_parts p ON p.held_account = x.account_id WHERE x.entry_id = e.id AND p.holder_kind <> 'council')"))
            .Should().Be(0, "every instalment to someone outside the council is in a file");
        await s.AuditPasses();
    }

    private async Task<byte[]> Bytes(LocalDate runDate)
    {
        var files = SdsScenario.Ok(await s.App.SendAsync(new PaymentBatchFiles.Query(s.Finance, s.CouncilId, runDate)));
        using var output = new MemoryStream();
        Pain001Writer.Write(files.Batch, output);
        BacsStandard18Writer.Write(files.Batch, output);
        return output.ToArray();
    }
}

public sealed class PaymentFilesConcurrencyTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    [Fact]
    public async Task Eight_finance_officers_writing_the_same_runs_files_at_once_make_one_batch_that_pays_each_instalment_once()
    {
        await s.CouncilAccountAsync();
        for (var i = 0; i < 6; i++)
        {
            var (person, _) = await s.ActiveBudget([SdsScenario.DirectPayment(1300 + i)]);
            await s.PersonAccountAsync(person);
        }
        var run = new LocalDate(2026, 10, 29);
        SdsScenario.Ok(await s.PaymentRun(run));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => s.PaymentFilesAsync(run))));

        results.Should().OnlyContain(r => r.Succeeded, string.Join("; ", results.Select(r => r.ToString())));
        results.Select(r => r.Value!.BatchId).Distinct().Should().ContainSingle();
        results.Count(r => !r.Value!.WrittenBefore).Should().Be(1);
        (await s.CountAsync("SELECT count(*) FROM sds.payment_batches")).Should().Be(1);
        (await s.CountAsync("SELECT count(*) FROM sds.payment_batch_instalments")).Should().Be(12, "six people, two 4-weekly instalments each by 29 October");
    }

    [Fact]
    public async Task Without_the_councils_own_account_nothing_is_written_and_the_refusal_says_how_to_record_it()
    {
        var other = new SdsScenario();
        await other.InitializeAsync();
        try
        {
            var (person, _) = await other.ActiveBudget([SdsScenario.DirectPayment(1300)]);
            await other.PersonAccountAsync(person);
            SdsScenario.Ok(await other.PaymentRun(new LocalDate(2026, 10, 1)));

            var result = await other.PaymentFilesAsync(new LocalDate(2026, 10, 1));

            result.Refusal!.Code.Should().Be(BankingCodes.NoCouncilAccount);
            result.Refusal.Reason.Should().Contain("bank-details set --council");
            (await other.CountAsync("SELECT count(*) FROM sds.payment_batches")).Should().Be(0);
        }
        finally
        {
            await other.DisposeAsync();
        }
    }
}

public sealed class ThirdPartyPaymentTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    [Fact]
    public async Task A_part_held_by_a_nominated_third_party_is_paid_into_the_third_partys_account_not_the_persons()
    {
        await s.CouncilAccountAsync();
        var (person, budget) = await s.ActiveBudget([new PartSpec(SdsOption.DirectPayment, HolderKind.ThirdParty, Money.FromPounds(2600), HolderName: "Morag Reid (sister)")]);
        await s.PersonAccountAsync(person, "Jo Example");
        var wrongPart = await s.App.SendAsync(new RecordBankDetails.Command(s.Finance, s.Key(), BankHolder.ThirdParty, person, Guid.NewGuid(), null, "Morag Reid",
            "08-99-99", "66374958"));
        var details = SdsScenario.Ok(await s.App.SendAsync(new RecordBankDetails.Command(s.Finance, s.Key(), BankHolder.ThirdParty, person, budget.PartIds[0], null,
            "Morag Reid", "08-99-99", "66374958")));
        SdsScenario.Ok(await s.PaymentRun(new LocalDate(2026, 10, 1)));

        SdsScenario.Ok(await s.PaymentFilesAsync(new LocalDate(2026, 10, 1)));
        var files = SdsScenario.Ok(await s.App.SendAsync(new PaymentBatchFiles.Query(s.Finance, s.CouncilId, new LocalDate(2026, 10, 1))));

        wrongPart.Errors.Should().ContainSingle(e => e.Field == "PartId");
        details.HolderName.Should().Be("Morag Reid (sister)");
        files.Batch.Payments.Should().ContainSingle().Which.Account.AccountNumber.Should().Be("66374958", "the third party's account, not the person's");
        files.Remittances[0].PayeeKind.Should().Be("third-party");
    }
}
