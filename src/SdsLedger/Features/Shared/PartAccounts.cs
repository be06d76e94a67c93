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
               p.held_account AS Held, p.returned_account AS Returned
          FROM sds.budget_parts p
         WHERE p.id = @PartId
        """;

    private const string SpentSql = "SELECT account_id FROM sds.part_categories WHERE part_id = @PartId AND category = @Category";

    private const string InsertCategorySql = """
        INSERT INTO sds.part_categories (part_id, category, account_id) VALUES (@PartId, @Category, @Account)
        ON CONFLICT (part_id, category) DO NOTHING
        """;

    public AccountId Source => Option == SdsOption.CouncilArranged ? Allocation : Held;

    public static async Task<PartAccounts?> LoadAsync(NpgsqlConnection conn, Guid partId, CancellationToken ct)
    {
        var r = await conn.QuerySingleOrDefaultAsync<(Guid PartId, Guid CouncilId, Guid PersonId, short Option, Guid Allocation, Guid Held, Guid Returned)?>(
            new CommandDefinition(LoadSql, new { PartId = partId }, cancellationToken: ct));
        return r is { } row
            ? new PartAccounts(row.PartId, row.CouncilId, row.PersonId, (SdsOption)row.Option, new(row.Allocation), new(row.Held), new(row.Returned))
            : null;
    }

    /// <summary>The part's spent:&lt;category&gt; account, opened on the category's first spend (safe when two first spends come at once).</summary>
    public async Task<AccountId> SpentAccountAsync(NpgsqlConnection conn, string category, CancellationToken ct)
    {
        if (await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(SpentSql, new { PartId, Category = category }, cancellationToken: ct)) is { } known)
            return new AccountId(known);
        var account = await LedgerWriter.OpenAccountAsync(conn, new AccountSpec(OwnerKind.BudgetPart, PartId, $"spent:{category}", $"Spent on {category}",
            CouncilId: CouncilId, PersonId: PersonId), ct);
        await conn.ExecuteAsync(new CommandDefinition(InsertCategorySql, new { PartId, Category = category, Account = account.Value }, cancellationToken: ct));
        return account;
    }
}
