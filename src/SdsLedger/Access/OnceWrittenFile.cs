using System.Text;

namespace SdsLedger.Access;

/// <summary>
/// A small secret file made once by whichever process needs it first and then only read: the local secrets beside the
/// cluster, the local key-encryption key. It is created exclusively (O_CREAT | O_EXCL), so of processes starting at the
/// same moment exactly one writes it and the others wait for its text. (Writing a draft and moving it into place is not
/// enough: .NET moves a file with rename() when the target does not exist yet, so two racing processes can each move
/// their own draft into place and go on with different secrets.)
/// </summary>
internal static class OnceWrittenFile
{
    private static readonly TimeSpan WaitForWriter = TimeSpan.FromSeconds(10);

    /// <summary>The file's text (trimmed), written now with <paramref name="create"/>'s if nobody has written it yet.</summary>
    public static string ReadOrCreate(string path, Func<string> create)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (Read(path) is { } text) return text;
            if (!File.Exists(path) && TryCreate(path, create) is { } written) return written;
            // Another process has created it and is writing it: its text is the secret.
            if (waited.Elapsed > WaitForWriter)
                throw new InvalidOperationException($"{path} is empty: the process that made it did not write it. Remove the file and start again.");
            Thread.Sleep(20);
        }
    }

    private static string? Read(string path)
    {
        try
        {
            var text = File.ReadAllText(path).Trim();
            return text.Length > 0 ? text : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static string? TryCreate(string path, Func<string> create)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        FileStream stream;
        try
        {
            stream = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
        try
        {
            var text = create().Trim();
            using (stream)
            {
                stream.Write(Encoding.UTF8.GetBytes(text));
                stream.Flush(flushToDisk: true);
            }
            return text;
        }
        catch
        {
            // A full disk or a crash in create(): leave no empty file that would lock everyone else out.
            stream.Dispose();
            File.Delete(path);
            throw;
        }
    }
}
