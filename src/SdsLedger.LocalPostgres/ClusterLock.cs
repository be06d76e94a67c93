using System.Security.Cryptography;
using System.Text;

namespace SdsLedger.LocalPostgres;

/// <summary>One process at a time initialises, starts or stops a given cluster (tests run several at once).</summary>
internal static class ClusterLock
{
    public static async Task<IDisposable> AcquireAsync(string dataDirectory, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            try
            {
                return Open(dataDirectory);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, ct);
            }
        }
    }

    /// <summary>The lock for a piece of work that another process may be doing right now (building a standby, restoring), or null when it is.</summary>
    public static IDisposable? TryAcquire(string work)
    {
        try
        {
            return Open(work);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static FileStream Open(string key)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
        var path = Path.Combine(Path.GetTempPath(), $"sdsledger-cluster-{hash}.lock");
        return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
    }
}
