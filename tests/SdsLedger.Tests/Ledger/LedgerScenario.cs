using Npgsql;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Ledger;
using SdsLedger.Testing;

namespace SdsLedger.Tests.Ledger;

/// <summary>A fresh database with the ledger opened as the application role, plus helpers to set accounts up.</summary>
public sealed class LedgerScenario : IAsyncLifetime
{
    private readonly FreshDatabase _db = new();

    public NpgsqlDataSource AppDataSource { get; private set; } = null!;
    public LedgerWriter Ledger { get; private set; } = null!;
    public LedgerQueries Queries { get; private set; } = null!;
    public LedgerBatch Batch { get; private set; } = null!;
    public LedgerAudit Audit { get; private set; } = null!;

    /// <summary>The owner's (superuser's) connection string: for tampering as an administrator could.</summary>
    public string OwnerConnectionString => _db.ConnectionString;

    public static LocalDate Day(int day) => new LocalDate(2026, 10, 1).PlusDays(day);

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        AppDataSource = LedgerDataSource.Create(_db.ConnectionString);
        Ledger = new LedgerWriter(AppDataSource);
        Queries = new LedgerQueries(AppDataSource);
        Batch = new LedgerBatch(AppDataSource);
        Audit = new LedgerAudit(AppDataSource);
    }

    public async Task DisposeAsync()
    {
        await AppDataSource.DisposeAsync();
        await _db.DisposeAsync();
    }

    /// <summary>The council every account of the scenario belongs to: money never moves between councils.</summary>
    public Guid CouncilId { get; } = Guid.CreateVersion7();

    public Task<AccountId> Funding() =>
        Ledger.OpenAccountAsync(new AccountSpec(OwnerKind.Council, Guid.CreateVersion7(), "funding", "Council funding", AllowNegative: true, CouncilId));

    public Task<AccountId> Account(string kind = "held", Guid? councilId = null) =>
        Ledger.OpenAccountAsync(new AccountSpec(OwnerKind.BudgetPart, Guid.CreateVersion7(), kind, kind, CouncilId: councilId ?? CouncilId));

    /// <summary>An account holding the given amount, paid in from a fresh funding account.</summary>
    public async Task<(AccountId Funding, AccountId Held)> FundedAccount(Money amount)
    {
        var funding = await Funding();
        var held = await Account();
        var paid = await Ledger.PostAsync(Transfer(funding, held, amount, $"fund-{held}", EntryKind.Instalment));
        paid.Status.Should().Be(PostStatus.Posted);
        return (funding, held);
    }

    public static PostingRequest Transfer(AccountId from, AccountId to, Money amount, string key, EntryKind kind = EntryKind.Spend, int day = 0) =>
        new(kind, Day(day), "tester", $"{kind} of {amount}", key, [new Posting(from, -amount), new Posting(to, amount)]);

    public async Task<Money> Posted(AccountId account) => (await Queries.BalanceAsync(account))!.Posted;

    public async Task AuditPasses()
    {
        var report = await Audit.RunAsync();
        report.Checks.Where(c => !c.Passed).Should().BeEmpty("the audit must pass: {0}",
            string.Join("; ", report.Checks.Where(c => !c.Passed).Select(c => $"{c.Name}: {string.Join(", ", c.Examples)}")));
    }
}
