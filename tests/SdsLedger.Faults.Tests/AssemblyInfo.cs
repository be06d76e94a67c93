// The fault tests start and kill clusters and time outages: one at a time, so that none measures another's load.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace SdsLedger.Faults.Tests
{
    internal static class OneKeyEncryptionKey
    {
        /// <summary>
        /// The fault tests write through the application in this process (by connection string) and through the command
        /// line in child processes (by data directory), as one installation would: so all of them are given the one
        /// key-encryption key, as an installation is through its configuration.
        /// </summary>
        [System.Runtime.CompilerServices.ModuleInitializer]
        internal static void Configure()
        {
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Features.Shared.KeyEncryptionKey.Variable)))
                Environment.SetEnvironmentVariable(Features.Shared.KeyEncryptionKey.Variable,
                    Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        }
    }
}
