namespace SdsLedger.LocalPostgres;

/// <summary>
/// The settings SdsLedger reads from around it: environment variables and the working directory. The sdsledger command
/// reads them through <see cref="Current"/>, which is the process's own unless a caller ran the command with surroundings
/// of its own (<see cref="Use"/>): the command's tests run verbs in process, side by side, each with its own settings.
/// </summary>
public sealed record Surroundings(IReadOnlyDictionary<string, string>? Variables, string WorkingDirectory)
{
    private static readonly AsyncLocal<Surroundings?> Chosen = new();

    /// <summary>The surroundings of the work now running: those chosen for it, or the process's.</summary>
    public static Surroundings Current => Chosen.Value ?? new Surroundings(null, Environment.CurrentDirectory);

    /// <summary>An environment variable: from the chosen variables only, when there are some; otherwise the process's.</summary>
    public string? Variable(string name) =>
        Variables is null ? Environment.GetEnvironmentVariable(name) : Variables.GetValueOrDefault(name);

    /// <summary>Makes these the surroundings of the calling flow of work (and what it starts) until disposed.</summary>
    public IDisposable Use()
    {
        var before = Chosen.Value;
        Chosen.Value = this;
        return new Restore(before);
    }

    private sealed class Restore(Surroundings? before) : IDisposable
    {
        public void Dispose() => Chosen.Value = before;
    }
}
