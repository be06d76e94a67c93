using Dapper;
using NodaTime;
using SdsLedger.Banking.Statements;
using SdsLedger.Domain;
using SdsLedger.Features.Banking;
using SdsLedger.Features.Payments;
using SdsLedger.Tests.Budgets;

namespace SdsLedger.Tests.Banking;

/// <summary>Bank details, payment files and statements for a scenario's council, through the same commands the CLI and API send.</summary>
internal static class BankingSteps
{
    /// <summary>Sort codes and account numbers that pass the modulus check (the specification's own examples).</summary>
    public const string CouncilSortCode = "08-99-99";
    public const string CouncilAccount = "66374958";
    public const string PayeeSortCode = "10-79-99";
    public const string PayeeAccount = "88837491";

    public static async Task CouncilAccountAsync(this SdsScenario s) =>
        SdsScenario.Ok(await s.App.SendAsync(new RecordBankDetails.Command(s.Finance, s.Key(), BankHolder.Council, null, null, null, "North Test Council SDS",
            CouncilSortCode, CouncilAccount, ServiceUserNumber: "123456")));

    public static async Task<BankDetailsView> PersonAccountAsync(this SdsScenario s, Guid personId, string name = "Jo Example") =>
        SdsScenario.Ok(await s.App.SendAsync(new RecordBankDetails.Command(s.Finance, s.Key(), BankHolder.Person, personId, null, null, name,
            PayeeSortCode, PayeeAccount)));

    public static async Task ProviderAccountAsync(this SdsScenario s) =>
        SdsScenario.Ok(await s.App.SendAsync(new RecordBankDetails.Command(s.Finance, s.Key(), BankHolder.Organisation, null, null, s.ProviderId, "Harbour Care client account",
            PayeeSortCode, PayeeAccount)));

    public static Task<Pipeline.Result<PaymentFilesResult>> PaymentFilesAsync(this SdsScenario s, LocalDate runDate) =>
        s.App.SendAsync(new WritePaymentFiles.Command(s.Finance, s.Key(), s.CouncilId, runDate));

    public static Task<Pipeline.Result<StatementImport>> ImportAsync(this SdsScenario s, StatementAccount account, string content, string fileName = "statement.csv")
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(content);
        var (statement, readAs) = StatementFile.Read(bytes);
        return s.App.SendAsync(new ImportBankStatement.Command(s.Finance, s.Key(), account, fileName,
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), readAs, statement));
    }

    public static async Task<long> CountAsync(this SdsScenario s, string sql, object? args = null)
    {
        await using var conn = new Npgsql.NpgsqlConnection(s.ConnectionString);
        return await conn.ExecuteScalarAsync<long>(sql, args);
    }
}
