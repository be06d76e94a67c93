namespace SdsLedger.LocalPostgres;

/// <summary>The unprivileged account that runs PostgreSQL when SdsLedger itself runs as root.</summary>
internal static class ServiceAccount
{
    private const string Preferred = "postgres";
    private const string OwnAccount = "sdsledger-pg";
    private static readonly Lazy<string> Account = new(Resolve);

    public static string Name => Account.Value;

    public static void GiveOwnership(string path)
    {
        var result = ProgramRunner.Run("chown", $"{Name}:", path);
        if (result.ExitCode != 0)
            throw new LocalClusterException($"Could not give {path} to the '{Name}' account: {result.Output.Trim()}");
    }

    /// <summary>Whether the account can pass through the folder: the data directory below it is created and given to the account, but every parent needs search permission.</summary>
    public static bool CanReach(string directory)
    {
        var existing = directory;
        while (!Directory.Exists(existing)) existing = Path.GetDirectoryName(existing)!;
        return ProgramRunner.Run("runuser", "-u", Name, "--", "test", "-x", existing).ExitCode == 0;
    }

    private static string Resolve()
    {
        if (Exists(Preferred)) return Preferred;
        if (Exists(OwnAccount)) return OwnAccount;
        var created = ProgramRunner.Run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", OwnAccount);
        if (created.ExitCode != 0)
            throw new LocalClusterException(
                $"PostgreSQL cannot run as root and there is no 'postgres' account; creating '{OwnAccount}' failed: {created.Output.Trim()}");
        return OwnAccount;
    }

    private static bool Exists(string account) => ProgramRunner.Run("id", "-u", account).ExitCode == 0;
}
