using System.Globalization;
using System.Text.Json;

namespace SdsLedger.LocalPostgres;

/// <summary>One base backup in a backup folder: when it was taken, how long it took, its size and where its WAL starts.</summary>
public sealed record BaseBackup(string Name, DateTimeOffset Started, DateTimeOffset Finished, long Bytes, int Timeline, string StartLsn)
{
    public TimeSpan Took => Finished - Started;
}

/// <summary>The archived WAL of a backup folder: how many segments, how much, and when the newest arrived.</summary>
public sealed record WalArchive(int Segments, long Bytes, string? First, string? Last, DateTimeOffset? NewestArchivedAt);

/// <summary>
/// A folder that 'sdsledger db backup' fills: base backups in base/NAME (pg_basebackup's tar files, gzip-compressed,
/// with its manifest and our backup.json), and the cluster's WAL, archived continuously, in wal/.
/// </summary>
public sealed class BackupFolder
{
    internal const string DescriptionFile = "backup.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public BackupFolder(string path) => Path = System.IO.Path.GetFullPath(path);

    public string Path { get; }
    public string BaseDirectory => System.IO.Path.Combine(Path, "base");
    public string WalDirectory => System.IO.Path.Combine(Path, "wal");

    /// <summary>True when the folder exists and holds what a backup left (a base or wal folder).</summary>
    public bool HoldsBackups => Directory.Exists(BaseDirectory) || Directory.Exists(WalDirectory);

    /// <summary>True when nothing is in the way of making this a backup folder: it is missing, empty, or already one.</summary>
    public bool CanHoldBackups =>
        !File.Exists(Path) && (!Directory.Exists(Path) || HoldsBackups || !Directory.EnumerateFileSystemEntries(Path).Any());

    /// <summary>The finished base backups, oldest first (a base backup being taken, or one that failed, is not listed).</summary>
    public IReadOnlyList<BaseBackup> BaseBackups()
    {
        if (!Directory.Exists(BaseDirectory)) return [];
        return Directory.GetDirectories(BaseDirectory)
            .Select(dir => System.IO.Path.Combine(dir, DescriptionFile))
            .Where(File.Exists)
            .Select(file => JsonSerializer.Deserialize<BaseBackup>(File.ReadAllText(file), Json)!)
            .OrderBy(b => b.Started)
            .ToList();
    }

    public string FolderOf(BaseBackup backup) => System.IO.Path.Combine(BaseDirectory, backup.Name);

    public WalArchive Wal()
    {
        if (!Directory.Exists(WalDirectory)) return new WalArchive(0, 0, null, null, null);
        var segments = new DirectoryInfo(WalDirectory).GetFiles()
            .Where(f => f.Name.Length == 24 && f.Name.All(char.IsAsciiHexDigitUpper))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        return segments.Count == 0
            ? new WalArchive(0, 0, null, null, null)
            : new WalArchive(segments.Count, segments.Sum(f => f.Length), segments[0].Name, segments[^1].Name,
                             segments.Max(f => new DateTimeOffset(f.LastWriteTimeUtc, TimeSpan.Zero)));
    }

    internal static string NameFor(DateTimeOffset started) => started.UtcDateTime.ToString("yyyyMMdd'-'HHmmss'Z'", CultureInfo.InvariantCulture);

    internal static void Describe(string backupDirectory, BaseBackup backup)
    {
        var path = System.IO.Path.Combine(backupDirectory, DescriptionFile);
        File.WriteAllText(path, JsonSerializer.Serialize(backup, Json));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (Environment.IsPrivilegedProcess) ServiceAccount.GiveOwnership(path);
    }
}
