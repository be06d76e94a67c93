using SdsLedger.LocalPostgres;

namespace SdsLedger.Tests.Foundation;

public sealed class ServerBinariesTests
{
    [Fact]
    public void Finds_the_installed_server_programs()
    {
        var found = ServerBinaries.Find();

        File.Exists(found.InitDb).Should().BeTrue();
        File.Exists(found.PgCtl).Should().BeTrue();
        File.Exists(found.Postgres).Should().BeTrue();
    }

    [Fact]
    public void Prefers_the_newest_version_under_the_debian_folder()
    {
        var root = Directory.CreateTempSubdirectory("sdsledger-pgroot-").FullName;
        try
        {
            foreach (var version in new[] { "9.6", "15", "13" }) MakeFakeServer(Path.Combine(root, version, "bin"));

            var found = ServerBinaries.Find(explicitDir: null, debianRoot: root, pathVariable: "");

            found.Directory.Should().Be(Path.Combine(root, "15", "bin"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Missing_server_gives_one_clear_message_naming_the_fix()
    {
        var act = () => ServerBinaries.Find(explicitDir: null, debianRoot: "/nonexistent/postgresql", pathVariable: "/nonexistent/bin");

        act.Should().Throw<PostgresNotInstalledException>()
            .Which.Message.Should().Contain("apt-get install postgresql").And.Contain("SDSLEDGER_DB");
    }

    [Fact]
    public void An_explicit_folder_without_a_server_is_reported_not_ignored()
    {
        var act = () => ServerBinaries.Find(explicitDir: "/nonexistent/pg/bin", debianRoot: "/usr/lib/postgresql", pathVariable: "/usr/bin");

        act.Should().Throw<PostgresNotInstalledException>().Which.Message.Should().Contain("SDSLEDGER_PG_BIN=/nonexistent/pg/bin");
    }

    private static void MakeFakeServer(string dir)
    {
        Directory.CreateDirectory(dir);
        foreach (var program in new[] { "initdb", "pg_ctl", "postgres" }) File.WriteAllText(Path.Combine(dir, program), "");
    }
}
