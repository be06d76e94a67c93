using System.Diagnostics;

namespace SdsLedger.LocalPostgres;

/// <summary>The folder holding a PostgreSQL server's programs (initdb, pg_ctl, postgres).</summary>
public sealed record ServerBinaries(string Directory)
{
    public string InitDb => Path.Combine(Directory, "initdb");
    public string PgCtl => Path.Combine(Directory, "pg_ctl");
    public string Postgres => Path.Combine(Directory, "postgres");
    public string PgBasebackup => Path.Combine(Directory, "pg_basebackup");

    internal static bool IsServerFolder(string? dir) =>
        !string.IsNullOrWhiteSpace(dir)
        && File.Exists(Path.Combine(dir, "initdb"))
        && File.Exists(Path.Combine(dir, "pg_ctl"))
        && File.Exists(Path.Combine(dir, "postgres"));

    /// <summary>
    /// Finds the server programs: SDSLEDGER_PG_BIN when set (and only there), otherwise <c>pg_config --bindir</c>,
    /// then /usr/lib/postgresql/*/bin newest first (Debian keeps them off PATH), then PATH.
    /// </summary>
    public static ServerBinaries Find() =>
        Find(Surroundings.Current.Variable("SDSLEDGER_PG_BIN"),
             "/usr/lib/postgresql",
             Environment.GetEnvironmentVariable("PATH"));

    public static ServerBinaries Find(string? explicitDir, string debianRoot, string? pathVariable)
    {
        var searched = new List<string>();
        if (!string.IsNullOrWhiteSpace(explicitDir))
        {
            // An explicit folder is used as it is or not at all, so a wrong setting is never silently ignored.
            if (IsServerFolder(explicitDir)) return new ServerBinaries(explicitDir);
            throw new PostgresNotInstalledException($"SDSLEDGER_PG_BIN={explicitDir} (no initdb, pg_ctl and postgres there)");
        }

        var pathDirs = (pathVariable ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        var pgConfig = pathDirs.Select(d => Path.Combine(d, "pg_config")).FirstOrDefault(File.Exists);
        if (pgConfig is not null)
        {
            var bindir = RunPgConfig(pgConfig);
            searched.Add($"pg_config --bindir ({bindir ?? "no answer"})");
            if (IsServerFolder(bindir)) return new ServerBinaries(bindir!);
        }

        searched.Add($"{debianRoot}/*/bin");
        if (System.IO.Directory.Exists(debianRoot))
        {
            var newest = System.IO.Directory.GetDirectories(debianRoot)
                .Select(d => (dir: Path.Combine(d, "bin"), version: ParseVersion(Path.GetFileName(d))))
                .Where(x => IsServerFolder(x.dir))
                .OrderByDescending(x => x.version)
                .Select(x => x.dir)
                .FirstOrDefault();
            if (newest is not null) return new ServerBinaries(newest);
        }

        searched.Add("PATH");
        var onPath = pathDirs.FirstOrDefault(IsServerFolder);
        if (onPath is not null) return new ServerBinaries(onPath);

        throw new PostgresNotInstalledException(string.Join(", ", searched));
    }

    private static Version ParseVersion(string name) =>
        Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var v) ? v : new Version(0, 0);

    private static string? RunPgConfig(string pgConfig)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(pgConfig, "--bindir")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (p is null) return null;
            var output = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit(5000);
            return p.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
