namespace SdsLedger.Testing;

/// <summary>The checkout's top folder, found from the test binaries by looking for SdsLedger.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "SdsLedger.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"SdsLedger.sln not found above {AppContext.BaseDirectory}.");
    }
}
