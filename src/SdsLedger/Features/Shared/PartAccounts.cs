using Dapper;
using Npgsql;
using SdsLedger.Domain.Budgets;
using SdsLedger.Ledger;
using LedgerWriter = SdsLedger.Ledger.Ledger;

namespace SdsLedger.Features.Shared;

/// <summary>A part's ledger accounts and where its spending comes from: what it holds (options 1, 2) or its allocation (option 3).</summary>
public sealed record PartAccounts(Guid PartId, Guid CouncilId, Guid PersonId, SdsOption Option, AccountId Allocation, AccountId Held, AccountId Returned)
{
    private const string LoadSql = """
        SELECT id AS PartId, council_id AS CouncilId, person_id AS PersonId, option AS Option, allocation_account AS Allocation,
               held_account AS Held, returned_account AS Returned
          FROM sds.budget_parts WHERE id = @PartId
        """;

    private const string CategorySql = "SELECT account_id FROM sds.part_categories WHERE part_id = @PartId AND category = @Category";

    private const string InsertCategorySql = """
        INSERT INTO sds.part_categories (part_id, category, account_id) VALUES (@PartId, @Category, @Account)
        ON CONFLICT (part_id, category) DO NOTHING
        """;

    public AccountId Source => Option == SdsOption.CouncilArranged ? Allocation : Held;

    public static async Task<PartAccounts?> LoadAsync(NpgsqlConnection conn, Guid partId, CancellationToken ct)
    {
        var row = await conn.QuerySingleOrDefaultAsync<(Guid PartId, Guid CouncilId, Guid PersonId, short Option, Guid Allocation, Guid Held, Guid Returned)?>(
            new CommandDefinition(LoadSql, new { PartId = partId }, cancellationToken: ct));
        return row is { } r ? new PartAccounts(r.PartId, r.CouncilId, r.PersonId, (SdsOption)r.Option, new(r.Allocation), new(r.Held), new(r.Returned)) : null;
    }

    /// <summary>The spent:&lt;category&gt; account of this part, opened on first use.</summary>
    public async Task<AccountId> SpentAsync(NpgsqlConnection conn, string category, CancellationToken ct)
    {
        var existing = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(CategorySql, new { PartId, Category = category }, cancellationToken: ct));
        if (existing is { } id) return new AccountId(id);
        var account = await LedgerWriter.OpenAccountAsync(conn, new AccountSpec(OwnerKind.BudgetPart, PartId, $"spent:{category}", $"Spent on {category}", CouncilId: CouncilId, PersonId: PersonId), ct);
        await conn.ExecuteAsync(new CommandDefinition(InsertCategorySql, new { PartId, Category = category, Account = account.Value }, cancellationToken: ct));
        return account;
    }
}
