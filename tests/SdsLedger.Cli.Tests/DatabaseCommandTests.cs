namespace SdsLedger.Cli.Tests;

/// <summary>Each test gets a data directory of its own that holds no cluster; the shared one in .sdsledger/pg is never used.</summary>
public sealed class DatabaseCommandTests : IDisposable
{
    private const string StackTraceLine = "   at ";
    private const string Unreachable = "Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z;Timeout=2";

    private readonly CommandRun _sdsledger = new();
    private readonly string _dataDir;

    public DatabaseCommandTests() => _dataDir = Path.Combine(_sdsledger.Folder, "data");

    public void Dispose() => _sdsledger.Dispose();

    [Fact]
    public async Task Start_without_PostgreSQL_says_how_to_install_it_and_creates_nothing()
    {
        var result = await _sdsledger.With("SDSLEDGER_PG_BIN", "/nonexistent").RunAsync("db", "start", "--data-dir", _dataDir);

        result.ExitCode.Should().Be(ExitCodes.Environment);
        result.Error.Should().Contain("apt-get install postgresql");
        result.Everything.Should().NotContain(StackTraceLine);
        Directory.Exists(_dataDir).Should().BeFalse();
    }

    [Fact]
    public async Task Status_of_a_fresh_data_directory_says_it_is_not_created_yet()
    {
        var result = await _sdsledger.RunAsync("db", "status", "--data-dir", _dataDir);

        result.ExitCode.Should().Be(ExitCodes.Ok);
        result.Output.Should().Contain("Not created yet").And.Contain(_dataDir);
    }

    [Fact]
    public async Task Migrate_against_an_unreachable_server_says_it_cannot_reach_it()
    {
        var result = await _sdsledger.With("SDSLEDGER_DB", Unreachable).RunAsync("db", "migrate");

        result.ExitCode.Should().Be(ExitCodes.Environment);
        result.Error.Should().Contain("Cannot reach the database").And.Contain("127.0.0.1:1").And.Contain("SDSLEDGER_DB");
        result.Everything.Should().NotContain(StackTraceLine);
    }

    [Fact]
    public async Task Demo_against_an_unreachable_server_says_it_cannot_reach_it()
    {
        var result = await _sdsledger.With("SDSLEDGER_DB", Unreachable).RunAsync("demo", "--out", Path.Combine(_sdsledger.Folder, "out"));

        result.ExitCode.Should().Be(ExitCodes.Environment);
        result.Error.Should().Contain("Cannot reach the database");
        result.Everything.Should().NotContain(StackTraceLine);
    }

    [Fact]
    public async Task A_connection_string_that_does_not_parse_is_named_with_the_fix()
    {
        var result = await _sdsledger.With("SDSLEDGER_DB", "not a connection string").RunAsync("db", "migrate");

        result.ExitCode.Should().Be(ExitCodes.Environment);
        result.Error.Should().Contain("SDSLEDGER_DB is not a valid connection string");
        result.Everything.Should().NotContain(StackTraceLine);
    }

    [Fact]
    public async Task A_data_directory_that_is_a_file_is_refused_with_a_reason()
    {
        await File.WriteAllTextAsync(_dataDir, "not a cluster");

        var result = await _sdsledger.RunAsync("db", "start", "--data-dir", _dataDir);

        result.ExitCode.Should().Be(ExitCodes.Environment);
        result.Error.Should().Contain("is a file, not a folder");
        result.Everything.Should().NotContain(StackTraceLine);
    }
}
