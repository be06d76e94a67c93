using Dapper;
using Npgsql;
using SdsLedger.Domain.Budgets;
using SdsLedger.Ledger;

namespace SdsLedger.Features.Shared;

/// <summary>A part's ledger accounts and where its spending comes from: what it holds (options 1, 2) or its allocation (option 3).</summary>
public sealed record PartAccounts(Guid PartId, Guid CouncilId, Guid PersonId, SdsOption Option, AccountId Allocation, AccountId Held, AccountId Returned)
{
    private const string LoadSql = """
        SELECT p.id AS PartId, p.council_id AS CouncilId, p.person_id AS PersonId, p.option AS Option, p.allocation_account AS Allocation,
               p.held_account AS Held, p.returned_account AS Returned, pc.account_id AS Spent
          FROM sds.budget_parts p
          LEFT JOIN sds.part_categories pc ON pc.part_id = p.id AND pc.category = @Category
         WHERE p.id = @PartId
        """;

    private const string InsertCategorySql = """
        INSERT INTO sds.part_categories (part_id, category, account_id) VALUES (@PartId, @Category, @Account)
        ON CONFLICT (part_id, category) DO NOTHING
        """;

    public AccountId Source => Option == SdsOption.CouncilArranged ? Allocation : Held;

    public static async Task<PartAccounts?> LoadAsync(NpgsqlConnection conn, Guid partId, CancellationToken ct) =>
        (await LoadRowAsync(conn, partId, category: null, ct))?.Part;

    /// <summary>A part's accounts and its spent:&lt;category&gt; account, in one round trip; the category's account is opened on first use.</summary>
    public static async Task<(PartAccounts Part, AccountId Spent)?> LoadForSpendingAsync(NpgsqlConnection conn, Guid partId, string category,
                                                                                       CancellationToken ct)
    {
        if (await LoadRowAsync(conn, partId, category, ct) is not var (part, spent)) return null;
        return (part, spent ?? await part.OpenSpentAsync(conn, category, ct));
    }

    private static async Task<(PartAccounts Part, AccountId? Spent)?> LoadRowAsync(NpgsqlConnection conn, Guid partId, string? category, CancellationToken ct)
    {
        var row = await conn.QuerySingleOrDefaultAsync<(Guid PartId, Guid CouncilId, Guid PersonId, short Option, Guid Allocation, Guid Held, Guid Returned, Guid? Spent)?>(
            new CommandDefinition(LoadSql, new { PartId = partId, Category = category }, cancellationToken: ct));
        if (row is not { } r) return null;
        var part = new PartAccounts(r.PartId, r.CouncilId, r.PersonId, (SdsOption)r.Option, new(r.Allocation), new(r.Held), new(r.Returned));
        return (part, r.Spent is { } spent ? new AccountId(spent) : null);
    }

    private async Task<AccountId> OpenSpentAsync(NpgsqlConnection conn, string category, CancellationToken ct)
    {
        var account = await LedgerWriter.OpenAccountAsync(conn, new AccountSpec(OwnerKind.BudgetPart, PartId, $"spent:{category}", $"Spent on {category}",
            CouncilId: CouncilId, PersonId: PersonId), ct);
        await conn.ExecuteAsync(new CommandDefinition(InsertCategorySql, new { PartId, Category = category, Account = account.Value }, cancellationToken: ct));
        return account;
    }
}
