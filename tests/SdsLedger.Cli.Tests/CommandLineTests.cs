using System.Reflection;

namespace SdsLedger.Cli.Tests;

public sealed class CommandLineTests : IDisposable
{
    private readonly CommandRun _sdsledger = new();

    public void Dispose() => _sdsledger.Dispose();

    [Fact]
    public async Task Version_prints_the_version_of_the_build()
    {
        var expected = typeof(SdsLedgerCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        // The version is the running program's, so this one runs the real program.
        var result = await _sdsledger.AsProcess().RunAsync("--version");

        result.ExitCode.Should().Be(ExitCodes.Ok);
        result.Output.Trim().Should().Be(expected);
    }

    [Fact]
    public async Task Help_lists_the_db_and_demo_commands()
    {
        var result = await _sdsledger.RunAsync("--help");

        result.ExitCode.Should().Be(ExitCodes.Ok);
        result.Output.Should().MatchRegex(@"(?m)^\s+db\s").And.MatchRegex(@"(?m)^\s+demo\s");
    }

    [Fact]
    public async Task Without_arguments_it_shows_the_help()
    {
        var result = await _sdsledger.RunAsync();

        result.ExitCode.Should().Be(ExitCodes.Ok);
        result.Output.Should().Contain("Usage:").And.MatchRegex(@"(?m)^\s+db\s");
        result.Error.Should().BeEmpty();
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("--frobnicate")]
    [InlineData("db", "frobnicate")]
    [InlineData("db", "status", "--frobnicate")]
    public async Task An_unknown_verb_or_option_is_a_usage_error_that_points_to_the_help(params string[] args)
    {
        var result = await _sdsledger.RunAsync(args);

        result.ExitCode.Should().Be(ExitCodes.Usage);
        result.Error.Should().Contain("frobnicate").And.Contain("sdsledger --help");
    }
}
