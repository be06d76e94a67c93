using DbUp.Engine;
using Npgsql;
using SdsLedger.Database;
using SdsLedger.Testing;

namespace SdsLedger.Tests.Foundation;

public sealed class MigrationTests : IAsyncLifetime
{
    private string _empty = "";

    public async Task InitializeAsync()
    {
        var admin = await TestServer.AdminConnectionStringAsync();
        var name = $"m_{Guid.CreateVersion7():N}";
        await using var conn = new NpgsqlConnection(admin);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
        await cmd.ExecuteNonQueryAsync();
        _empty = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public Task DisposeAsync() => TestServer.DropDatabaseAsync(_empty);

    [Fact]
    public void Shipped_migrations_are_numbered_and_in_order()
    {
        var names = Migrator.Shipped().Select(s => s.Name).ToList();

        names.Should().NotBeEmpty();
        names.Should().AllSatisfy(n => n.Should().MatchRegex(@"^\d{4}_[a-z0-9_]+\.sql$"));
        names.Should().BeInAscendingOrder(StringComparer.Ordinal);
    }

    [Fact]
    public async Task Migrations_apply_once_and_are_recorded()
    {
        var first = Migrator.Migrate(_empty);
        var second = Migrator.Migrate(_empty);

        first.Succeeded.Should().BeTrue(first.Describe());
        first.Applied.Should().Equal(Migrator.Shipped().Select(s => s.Name));
        first.SchemaApplied.Should().BeTrue("the functions, triggers, policies and grants follow the tables");
        second.Succeeded.Should().BeTrue();
        second.Applied.Should().BeEmpty();
        second.SchemaApplied.Should().BeFalse("the schema is applied again only when its text changes");
        await using var conn = new NpgsqlConnection(_empty);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"SELECT count(*) FROM {Migrator.JournalTable}", conn);
        Convert.ToInt32(await cmd.ExecuteScalarAsync()).Should().Be(first.Applied.Count);
    }

    [Fact]
    public async Task A_broken_migration_is_reported_by_file_name_with_the_server_message_and_rolled_back()
    {
        var scripts = new[]
        {
            new SqlScript("0001_good.sql", "CREATE TABLE good (id int);"),
            new SqlScript("0002_broken.sql", "CREATE TABLE half (id int); SELEC 1;"),
        };

        var outcome = Migrator.Migrate(_empty, scripts);

        outcome.Succeeded.Should().BeFalse();
        outcome.FailedScript.Should().Be("0002_broken.sql");
        outcome.Error.Should().Contain("syntax error");
        outcome.Describe().Should().Contain("0002_broken.sql");
        await using var conn = new NpgsqlConnection(_empty);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT to_regclass('half') IS NULL AND to_regclass('good') IS NOT NULL", conn);
        ((bool)(await cmd.ExecuteScalarAsync())!).Should().BeTrue("each migration runs in its own transaction");
    }

    [Fact]
    public async Task A_changed_schema_file_is_applied_again_and_a_broken_one_changes_nothing()
    {
        Migrator.Migrate(_empty).Succeeded.Should().BeTrue();
        var schema = Migrator.Schema().ToList();
        var changed = schema.Append(new SqlScript("sds/extra.sql", "CREATE OR REPLACE FUNCTION sds.extra() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;")).ToList();
        var broken = schema.Append(new SqlScript("sds/broken.sql", "CREATE OR REPLACE FUNCTION sds.broken( RETURNS int;")).ToList();

        var again = Migrator.ApplySchema(_empty, changed);
        var failed = Migrator.ApplySchema(_empty, broken);

        again.SchemaApplied.Should().BeTrue();
        failed.Succeeded.Should().BeFalse();
        failed.FailedScript.Should().Be("db/schema/sds/broken.sql");
        Migrator.ApplySchema(_empty, changed).SchemaApplied.Should().BeFalse("the broken attempt was rolled back and recorded nothing");
        await using var conn = new NpgsqlConnection(_empty);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT to_regprocedure('sds.extra()') IS NOT NULL", conn);
        ((bool)(await cmd.ExecuteScalarAsync())!).Should().BeTrue();
    }
}
