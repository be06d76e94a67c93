using SdsLedger.Domain;
using SdsLedger.Features.Banking;
using SdsLedger.Tests.Budgets;

namespace SdsLedger.Tests.Banking;

public sealed class BankDetailsTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    [Fact]
    public async Task Bank_details_are_kept_with_the_person_and_answered_masked()
    {
        var person = await s.Person();

        var view = await s.PersonAccountAsync(person, "Jo Example");

        view.Account.Should().Be("10-79-99 ******91");
        view.HolderName.Should().Be("Jo Example");
        (await s.CountAsync("SELECT count(*) FROM sds.bank_details WHERE person_id = @P AND account_number = '88837491'", new { P = person })).Should().Be(1);
        (await s.CountAsync("SELECT count(*) FROM sds.command_results WHERE response::text LIKE '%88837491%'")).Should().Be(0, "the stored answer is masked too");
        (await s.CountAsync("SELECT count(*) FROM sds.audit_log WHERE detail LIKE '%88837491%'")).Should().Be(0, "the audit trail is masked too");
    }

    [Theory]
    [InlineData("Jo Example", "10-79-99", "88837493", null, "AccountNumber", "modulus check")]
    [InlineData("Jo Example", "10-79-9", "88837491", null, "SortCode", "six digits")]
    [InlineData("Jo Example", "10-79-99", "8883749x", null, "AccountNumber", "eight digits")]
    [InlineData("", "10-79-99", "88837491", null, "AccountName", "Give the name on the account")]
    [InlineData("Jo\u202eExample", "10-79-99", "88837491", null, "AccountName", "invisible character")]
    [InlineData("Jo Example", "10-79-99", "88837491", "GB00WEST12345698765432", "Iban", "check digits")]
    public async Task Bad_bank_details_are_refused_naming_the_field_and_nothing_is_written(string name, string sortCode, string number, string? iban, string field, string message)
    {
        var person = await s.Person();

        var result = await s.App.SendAsync(new RecordBankDetails.Command(s.Finance, s.Key(), BankHolder.Person, person, null, null, name, sortCode, number, iban));

        result.Errors.Should().Contain(e => e.Field == field && e.Message.Contains(message), result.ToString());
        (await s.CountAsync("SELECT count(*) FROM sds.bank_details WHERE person_id = @P", new { P = person })).Should().Be(0);
    }

    [Fact]
    public async Task A_provider_cannot_record_bank_details_and_a_social_worker_cannot_change_the_councils_account()
    {
        var person = await s.Person();

        var byProvider = await s.App.SendAsync(new RecordBankDetails.Command(s.Provider, s.Key(), BankHolder.Person, person, null, null, "Jo", "10-79-99", "88837491"));
        var bySocialWorker = await s.App.SendAsync(new RecordBankDetails.Command(s.SocialWorker, s.Key(), BankHolder.Council, null, null, null, "Council", "08-99-99", "66374958",
            ServiceUserNumber: "123456"));

        byProvider.Refusal!.Code.Should().Be(Domain.Spending.RefusalCodes.NotAuthorised);
        bySocialWorker.Refusal!.Code.Should().Be(Domain.Spending.RefusalCodes.NotAuthorised);
    }

    [Fact]
    public async Task Twenty_recordings_at_once_each_keep_a_row_and_the_same_key_twenty_times_keeps_one()
    {
        var person = await s.Person();
        var key = s.Key();
        var command = new RecordBankDetails.Command(s.Finance, key, BankHolder.Person, person, null, null, "Jo Example", "10-79-99", "88837491");

        var distinct = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => s.App.SendAsync(command with { IdempotencyKey = s.Key() }))));
        var same = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => s.App.SendAsync(command))));

        distinct.Should().OnlyContain(r => r.Succeeded);
        same.Should().OnlyContain(r => r.Succeeded);
        same.Select(r => r.Value!.Id).Distinct().Should().ContainSingle("a retry gets the first answer");
        (await s.CountAsync("SELECT count(*) FROM sds.bank_details WHERE person_id = @P", new { P = person })).Should().Be(21);
    }
}

public sealed class BankDetailsHistoryTests(SdsScenario s) : IClassFixture<SdsScenario>
{
    [Fact]
    public async Task The_application_cannot_rewrite_recorded_bank_details_or_statement_lines()
    {
        await s.PersonAccountAsync(await s.Person());
        await using var conn = new Npgsql.NpgsqlConnection(s.ConnectionString);
        await conn.OpenAsync();
        await Dapper.SqlMapper.ExecuteAsync(conn, "SET ROLE sdsledger_app");

        foreach (var sql in new[] { "UPDATE sds.bank_details SET account_number = '00000000'", "UPDATE sds.bank_lines SET amount = 1" })
        {
            var rewrite = () => Dapper.SqlMapper.ExecuteAsync(conn, sql);
            (await rewrite.Should().ThrowAsync<Npgsql.PostgresException>()).Which.SqlState.Should().Be("42501", sql);
        }
    }
}
