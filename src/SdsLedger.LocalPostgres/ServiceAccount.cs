namespace SdsLedger.LocalPostgres;

/// <summary>The unprivileged account that runs PostgreSQL when SdsLedger itself runs as root.</summary>
internal static class ServiceAccount
{
    private const string Preferred = "postgres";
    private const string OwnAccount = "sdsledger-pg";
    private static readonly Lazy<string> Account = new(Resolve);

    public static string Name => Account.Value;

    public static void GiveOwnership(string path, bool recursive = false)
    {
        var result = recursive ? ProgramRunner.Run("chown", "-R", $"{Name}:", path) : ProgramRunner.Run("chown", $"{Name}:", path);
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

    /// <summary>
    /// Creates a folder the server's programs write into (a backup, a restored or standby cluster), owner-only, and,
    /// as root, gives it to the account; refuses a folder the account could not reach, naming it and the fix.
    /// </summary>
    public static void PrepareFolder(string folder, string what)
    {
        if (Environment.IsPrivilegedProcess && !CanReach(Path.GetDirectoryName(folder) ?? folder))
            throw new LocalClusterException(
                $"The database account '{Name}' cannot reach {folder}, so PostgreSQL could not use it as {what}. " +
                $"Choose a folder every parent of which '{Name}' may enter, for example under /var/lib/sdsledger or /srv.");
        Directory.CreateDirectory(folder);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (Environment.IsPrivilegedProcess) GiveOwnership(folder);
    }

    /// <summary>Runs one of the server's programs as the account that owns the clusters (as this process when not root).</summary>
    public static Task<ProgramResult> RunAsync(string program, IReadOnlyList<string> args, CancellationToken ct,
                                               IReadOnlyDictionary<string, string>? environment = null) =>
        Environment.IsPrivilegedProcess
            ? ProgramRunner.RunAsync("runuser", ["-u", Name, "--", program, .. args], ct, environment)
            : ProgramRunner.RunAsync(program, args, ct, environment);

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
