namespace SdsLedger.LocalPostgres;

/// <summary>PostgreSQL's postmaster.pid: line 1 the process id, line 4 the port.</summary>
internal sealed record PidFile(int ProcessId, int Port)
{
    /// <summary>True when the process named in the file is alive and is a PostgreSQL server, so a stale file after a crash or reboot is never trusted.</summary>
    public bool IsAlive
    {
        get
        {
            try
            {
                var comm = File.ReadAllText($"/proc/{ProcessId}/comm").Trim();
                return comm is "postgres" or "postmaster";
            }
            catch (IOException)
            {
                return false;
            }
        }
    }

    public static PidFile? Read(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "postmaster.pid");
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        var pid = lines.Length > 0 && int.TryParse(lines[0].Trim(), out var p) ? p : 0;
        var port = lines.Length > 3 && int.TryParse(lines[3].Trim(), out var q) ? q : 0;
        return new PidFile(pid, port);
    }
}
