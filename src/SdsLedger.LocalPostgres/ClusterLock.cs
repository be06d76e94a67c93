using System.Security.Cryptography;
using System.Text;

namespace SdsLedger.LocalPostgres;

/// <summary>One process at a time initialises, starts or stops a given cluster (tests run several at once).</summary>
internal static class ClusterLock
{
    public static async Task<IDisposable> AcquireAsync(string dataDirectory, CancellationToken ct)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dataDirectory)))[..16];
        var path = Path.Combine(Path.GetTempPath(), $"sdsledger-cluster-{hash}.lock");
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, ct);
            }
        }
    }
}
