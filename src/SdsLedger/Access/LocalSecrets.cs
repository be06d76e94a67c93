using System.Security.Cryptography;

namespace SdsLedger.Access;

/// <summary>
/// Secrets a local installation generates once and keeps beside its database folder, readable by its owner only:
/// the API token signing key, the password of the API's database login and the tenant key. Production sets them in configuration.
/// </summary>
public sealed class LocalSecrets(string directory)
{
    public const string SigningKeyFile = "jwt-signing-key";
    public const string DatabasePasswordFile = "db-password";
    public const string TenantKeyFile = "tenant-key";

    public string Directory { get; } = directory;

    /// <summary>.sdsledger/api beside .sdsledger/pg (the database's data folder).</summary>
    public static LocalSecrets BesideDataDirectory(string dataDirectory) =>
        new(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dataDirectory))!, "api"));

    public byte[] SigningKey() => Convert.FromBase64String(ReadOrCreate(SigningKeyFile, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(64))));

    /// <summary>The key the API and the database share to prove a transaction's tenant (see <see cref="TenantSeal"/>).</summary>
    public byte[] TenantKey() => Convert.FromBase64String(ReadOrCreate(TenantKeyFile, () => Convert.ToBase64String(TenantSeal.NewKey())));

    public string DatabasePassword() => ReadOrCreate(DatabasePasswordFile, () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));

    /// <summary>Reads the secret, or creates it; when two processes create it at once, both end up with the first one written.</summary>
    private string ReadOrCreate(string name, Func<string> create)
    {
        var path = Path.Combine(Directory, name);
        if (File.Exists(path)) return File.ReadAllText(path).Trim();
        System.IO.Directory.CreateDirectory(Directory);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var temp = Path.Combine(Directory, $".{name}.{Guid.NewGuid():N}");
        File.WriteAllText(temp, create());
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
        }
        return File.ReadAllText(path).Trim();
    }
}
