using Dapper;
using SdsLedger.Database;
using SdsLedger.Testing;

namespace SdsLedger.Tests.Foundation;

public sealed class FreshDatabaseTests(FreshDatabase db) : IClassFixture<FreshDatabase>
{
    [Fact]
    public async Task Each_test_class_gets_a_migrated_database_of_its_own()
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();

        var applied = await conn.QueryAsync<string>($"SELECT scriptname FROM {Migrator.JournalTable} ORDER BY scriptname");
        var name = await conn.ExecuteScalarAsync<string>("SELECT current_database()");

        applied.Should().Equal(Migrator.Shipped().Select(s => s.Name));
        name.Should().StartWith("t_");
    }
}
