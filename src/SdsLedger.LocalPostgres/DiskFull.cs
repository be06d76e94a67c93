namespace SdsLedger.LocalPostgres;

/// <summary>How a full disk shows in PostgreSQL's log and errors, and what to tell the person at the keyboard.</summary>
public static class DiskFull
{
    public static bool IsNamedIn(string text) => text.Contains("No space left on device", StringComparison.Ordinal);

    public static string Advice(string dataDirectory) =>
        $"The disk that holds {dataDirectory} is full. Free space there (or give it more room), then run 'sdsledger db start': " +
        "PostgreSQL replays its log and keeps every change it had confirmed; nothing it refused was recorded.";
}
