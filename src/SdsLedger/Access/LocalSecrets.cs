using System.Security.Cryptography;

namespace SdsLedger.Access;

/// <summary>
/// Secrets a local installation generates once and keeps beside its database folder, readable by its owner only:
/// the API token signing key, the password of the API's and web app's database login, the tenant key, and the key that
/// signs the web app's one-time sign-in links. Production sets the first three in configuration and signs staff in with
/// its identity provider.
/// </summary>
public sealed class LocalSecrets(string directory)
{
    public const string SigningKeyFile = "jwt-signing-key";
    public const string DatabasePasswordFile = "db-password";
    public const string TenantKeyFile = "tenant-key";
    public const string SignInLinkKeyFile = "sign-in-link-key";

    public string Directory { get; } = directory;

    /// <summary>.sdsledger/api beside .sdsledger/pg (the database's data folder).</summary>
    public static LocalSecrets BesideDataDirectory(string dataDirectory) =>
        new(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dataDirectory))!, "api"));

    public byte[] SigningKey() => Convert.FromBase64String(ReadOrCreate(SigningKeyFile, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(64))));

    /// <summary>The key the API and the database share to prove a transaction's tenant (see <see cref="TenantSeal"/>).</summary>
    public byte[] TenantKey() => Convert.FromBase64String(ReadOrCreate(TenantKeyFile, () => Convert.ToBase64String(TenantSeal.NewKey())));

    /// <summary>Signs one-time sign-in links: `sdsledger sign-in-link` makes them and the web app checks them.</summary>
    public byte[] SignInLinkKey() => Convert.FromBase64String(ReadOrCreate(SignInLinkKeyFile, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(64))));

    public string DatabasePassword() => ReadOrCreate(DatabasePasswordFile, () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));

    /// <summary>Reads the secret, or creates it; when several processes create it at once, all end up with the one written.</summary>
    private string ReadOrCreate(string name, Func<string> create)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.CreateDirectory(Directory);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return OnceWrittenFile.ReadOrCreate(Path.Combine(Directory, name), create);
    }
}
