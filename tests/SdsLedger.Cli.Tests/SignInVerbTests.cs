using Dapper;
using Npgsql;

namespace SdsLedger.Cli.Tests;

/// <summary>How staff sign in to the web app, from the command line: their email and subject, and one-time links.</summary>
public sealed class SignInVerbTests(CliWorld world) : IClassFixture<CliWorld>, IDisposable
{
    private readonly CommandRun _sdsledger = new CommandRun().With("SDSLEDGER_DB", world.ConnectionString);

    public void Dispose() => _sdsledger.Dispose();

    [Fact]
    public async Task A_finance_officer_sets_how_a_worker_signs_in_and_one_email_belongs_to_one_worker()
    {
        var added = await _sdsledger.RunAsync("worker", "add", "--code", "sw-email", "--name", "Erin Email", "--role", "social-worker",
            "--email", "erin@north.example", "--as", CliWorld.Finance);
        added.ExitCode.Should().Be(ExitCodes.Ok, added.Everything);

        var changed = await _sdsledger.RunAsync("worker", "sign-in", "--code", "sw-email", "--email", "erin.email@north.example",
            "--subject", "idp-erin", "--as", CliWorld.Finance);
        changed.ExitCode.Should().Be(ExitCodes.Ok, changed.Everything);
        changed.Output.Should().Contain("signs in to the web app with the subject idp-erin or the email erin.email@north.example");
        (await Scalar("SELECT email || ' ' || identity_subject FROM sds.workers WHERE code = 'sw-email'")).Should().Be("erin.email@north.example idp-erin");

        var taken = await _sdsledger.RunAsync("worker", "sign-in", "--code", CliWorld.SocialWorker, "--email", "ERIN.EMAIL@north.example", "--as", CliWorld.Finance);
        taken.ExitCode.Should().Be(ExitCodes.Refused);
        taken.Error.Should().Contain("--email: Another worker already signs in with");

        var bad = await _sdsledger.RunAsync("worker", "sign-in", "--code", CliWorld.SocialWorker, "--email", "not an email", "--as", CliWorld.Finance);
        bad.ExitCode.Should().Be(ExitCodes.Refused);
        bad.Error.Should().Contain("--email: Give an email address like");

        var notFinance = await _sdsledger.RunAsync("worker", "sign-in", "--code", "sw-email", "--email", "x@north.example", "--as", CliWorld.SocialWorker);
        notFinance.ExitCode.Should().Be(ExitCodes.Refused);
        (await Scalar("SELECT email FROM sds.workers WHERE code = 'sw-email'")).Should().Be("erin.email@north.example");
    }

    [Fact]
    public async Task Sign_in_link_prints_a_link_for_council_and_provider_staff_and_is_refused_when_an_identity_provider_is_configured()
    {
        var link = await _sdsledger.RunAsync("sign-in-link", "--as", CliWorld.SocialWorker);
        link.ExitCode.Should().Be(ExitCodes.Ok, link.Everything);
        link.Output.Trim().Should().StartWith("http://localhost:5080/sign-in/link?token=");

        var provider = await _sdsledger.RunAsync("sign-in-link", "--as", CliWorld.ProviderWorker);
        provider.ExitCode.Should().Be(ExitCodes.Ok, provider.Everything);
        provider.Output.Trim().Should().StartWith("http://localhost:5080/sign-in/link?token=");
        provider.Error.Should().Contain("sign in as Harbour Care finance");

        using var withProvider = new CommandRun().With("SDSLEDGER_DB", world.ConnectionString).With("Oidc__Authority", "https://login.example/tenant");
        var refused = await withProvider.RunAsync("sign-in-link", "--as", CliWorld.SocialWorker);
        refused.ExitCode.Should().Be(ExitCodes.Refused);
        refused.Error.Should().Contain("Sign-in links are turned off");
        refused.Output.Should().BeEmpty();
    }

    [Fact]
    public async Task Sign_in_link_prints_a_persons_link_by_their_reference_and_is_refused_when_notify_sends_codes()
    {
        var reference = await world.PersonWithBudgetAsync();
        var link = await _sdsledger.RunAsync("sign-in-link", "--person", reference);
        link.ExitCode.Should().Be(ExitCodes.Ok, link.Everything);
        link.Output.Trim().Should().StartWith("http://localhost:5080/my/sign-in/link?token=");
        link.Error.Should().Contain("Jo Example");

        var unknown = await _sdsledger.RunAsync("sign-in-link", "--person", "NT-NOBODY");
        unknown.ExitCode.Should().Be(ExitCodes.Refused);
        unknown.Error.Should().Contain("--person: nobody has the reference 'NT-NOBODY'");

        var both = await _sdsledger.RunAsync("sign-in-link", "--person", reference, "--as", CliWorld.SocialWorker);
        both.ExitCode.Should().Be(ExitCodes.Refused);
        both.Error.Should().Contain("one of them");

        using var withNotify = new CommandRun().With("SDSLEDGER_DB", world.ConnectionString).With("Notify__ApiKey", "key-for-tests");
        var refused = await withNotify.RunAsync("sign-in-link", "--person", reference);
        refused.ExitCode.Should().Be(ExitCodes.Refused);
        refused.Error.Should().Contain("Sign-in links for people are turned off");
        refused.Output.Should().BeEmpty();
    }

    private async Task<string> Scalar(string sql)
    {
        await using var conn = new NpgsqlConnection(world.ConnectionString);
        return await conn.ExecuteScalarAsync<string>(sql) ?? "";
    }
}
