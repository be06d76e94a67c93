using System.Diagnostics;
using System.Text.RegularExpressions;
using Npgsql;
using SdsLedger.LocalPostgres;
using SdsLedger.Testing;

namespace SdsLedger.Tests.Foundation;

/// <summary>
/// db/schema.sql is the current schema as pg_dump prints it, so a reader sees what the migrations and db/schema build in
/// one place. When the schema changes on purpose, run the tests once with SDSLEDGER_UPDATE_SCHEMA=1 to write it again.
/// </summary>
public sealed partial class SchemaFileTests(FreshDatabase db) : IClassFixture<FreshDatabase>
{
    private static string SchemaFile => Path.Combine(RepositoryRoot.Path, "db", "schema.sql");

    [Fact]
    public async Task The_checked_in_schema_is_what_the_migrations_and_the_schema_folder_build()
    {
        var dump = await DumpAsync(db.ConnectionString);
        if (Environment.GetEnvironmentVariable("SDSLEDGER_UPDATE_SCHEMA") == "1") await File.WriteAllTextAsync(SchemaFile, dump);

        var checkedIn = File.Exists(SchemaFile) ? await File.ReadAllTextAsync(SchemaFile) : "";

        dump.Should().Be(checkedIn,
            "db/schema.sql must show the schema the migrations build; if the change is meant, run the tests with SDSLEDGER_UPDATE_SCHEMA=1 and commit db/schema.sql");
    }

    /// <summary>pg_dump --schema-only, without the lines that vary, and with the installing user called 'sdsledger'.</summary>
    private static async Task<string> DumpAsync(string connectionString)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var info = new ProcessStartInfo(Path.Combine(ServerBinaries.Find().Directory, "pg_dump"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--schema-only", "--no-tablespaces", "-h", cs.Host!, "-p", cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", cs.Username!, cs.Database! })
            info.ArgumentList.Add(a);
        info.Environment["PGPASSWORD"] = cs.Password;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.Should().Be(0, await error);
        var text = VersionLine().Replace(await output, "");
        return cs.Username == "sdsledger" ? text : text.Replace($"Owner: {cs.Username}", "Owner: sdsledger").Replace($"OWNER TO {cs.Username};", "OWNER TO sdsledger;");
    }

    /// <summary>What changes from run to run or server to server: the versions, and the random key of pg_dump's \restrict lines.</summary>
    [GeneratedRegex(@"^(-- Dumped (from database|by pg_dump) version .*|\\(un)?restrict .*)\n", RegexOptions.Multiline)]
    private static partial Regex VersionLine();
}
