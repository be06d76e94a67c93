using SdsLedger.Access;

namespace SdsLedger.Tests.Access;

/// <summary>
/// The local secrets (the service login's password, the tenant key, the signing keys) are made by whichever process
/// needs them first. Test processes, the web app and the API start together: every one of them must end up with the
/// same secret, or the database login one of them sets is not the one another uses.
/// </summary>
public sealed class LocalSecretsTests
{
    [Fact]
    public async Task Processes_asking_for_a_secret_at_the_same_moment_all_get_the_one_written()
    {
        for (var round = 0; round < 20; round++)
        {
            var folder = Directory.CreateTempSubdirectory("sdsledger-secrets-");
            try
            {
                var secretsFolder = Path.Combine(folder.FullName, "api");
                using var start = new Barrier(8);
                // A thread each (not the pool's few), all released at once.
                var passwords = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(() =>
                {
                    start.SignalAndWait();
                    return new LocalSecrets(secretsFolder).DatabasePassword();
                }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

                passwords.Distinct().Should().ContainSingle("every process uses the password the first one wrote");
                passwords[0].Should().MatchRegex("^[0-9a-f]{48}$");
                Directory.GetFiles(secretsFolder).Select(Path.GetFileName).Should().Equal(LocalSecrets.DatabasePasswordFile);
                if (!OperatingSystem.IsWindows())
                    File.GetUnixFileMode(Path.Combine(secretsFolder, LocalSecrets.DatabasePasswordFile))
                        .Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            finally
            {
                folder.Delete(recursive: true);
            }
        }
    }
}
