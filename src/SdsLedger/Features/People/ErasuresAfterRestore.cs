using Dapper;
using Npgsql;

namespace SdsLedger.Features.People;

/// <summary>
/// A copy restored from a backup to a moment before some erasures would bring the people erased since back. So every
/// erasure the running database records is made again in the copy, by sds.erase_people as the first time, with the
/// same reason, kind and who made it; people the copy does not know yet (registered after its moment) are passed by.
/// Part of restoring, on the installation's own connections: there is no actor and nothing goes through the pipeline.
/// </summary>
public static class ErasuresAfterRestore
{
    public sealed record Outcome(int Recorded, int ErasedAgain);

    private const string Recorded = """
        SELECT person_id AS PersonId, erased_by_id AS ById, erased_by AS By, reason AS Reason, kind AS Kind
          FROM sds.erasures ORDER BY erased_at, person_id
        """;

    private const string Erase = "SELECT result FROM sds.erase_people(@People, @ById, @By, @Reason, @Kind)";

    /// <summary>Makes the running database's erasures again in the restored copy, in one transaction.</summary>
    public static async Task<Outcome> ReapplyAsync(NpgsqlDataSource running, NpgsqlDataSource restored, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(restored);
        List<Erasure> erasures;
        await using (var conn = await running.OpenConnectionAsync(ct))
            erasures = (await conn.QueryAsync<Erasure>(new CommandDefinition(Recorded, cancellationToken: ct))).ToList();
        if (erasures.Count == 0) return new Outcome(0, 0);

        var erasedAgain = 0;
        await using var copy = await restored.OpenConnectionAsync(ct);
        await using var tx = await copy.BeginTransactionAsync(ct);
        foreach (var made in erasures.GroupBy(e => (e.ById, e.By, e.Reason, e.Kind)))
        {
            var results = await copy.QueryAsync<string>(new CommandDefinition(Erase, new
            {
                People = made.Select(e => e.PersonId).ToArray(), made.Key.ById, made.Key.By, made.Key.Reason, made.Key.Kind,
            }, tx, cancellationToken: ct));
            erasedAgain += results.Count(r => r == "erased");
        }
        await tx.CommitAsync(ct);
        return new Outcome(erasures.Count, erasedAgain);
    }

    private sealed record Erasure(Guid PersonId, Guid ById, string By, string Reason, string Kind);
}
