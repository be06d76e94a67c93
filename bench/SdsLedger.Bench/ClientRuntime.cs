using System.Runtime.CompilerServices;

namespace SdsLedger.Bench;

/// <summary>
/// The benchmark's client shares the machine (two cores) with the server it measures, and pgbench's client is a few
/// lines of C, so the .NET client is set up to spend its CPU on requests rather than on waiting for them:
/// <list type="bullet">
/// <item>runtimeconfig.template.json sets the thread pool's spin limit to 0: idle workers sleep at once instead of
/// spinning (sched_yield) for work, which on two cores took about as much CPU per spend as the server's posting did;</item>
/// <item>socket completions run inline on the socket engine's thread, with no hop to the thread pool per reply;</item>
/// <item>runtimeconfig.template.json turns TieredPGO off: without it the JIT recompiles thousands of methods in the
/// background for a minute or more on two busy cores, and whatever is measured meanwhile pays for it.</item>
/// </list>
/// Neither changes what is sent to the server or what the server does; both are documented in the README.
/// </summary>
internal static class ClientRuntime
{
    public const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    // Read once, when the first socket is made, so this must run before any connection: module initialisers run
    // before Main. A value already in the environment (for example 0, to compare) is left as it is. Only the ledger
    // verb, a pure database client, gets it: the http verb hosts Kestrel and an HttpClient in this process, whose
    // continuations must not run on the socket engine's thread (with them inline the first request never completes).
    // Nor does ledger --standby, which starts and stops the standby with programs whose output is read through the same
    // engine while the caller waits for them.
    [ModuleInitializer]
    internal static void Initialise()
    {
        var args = Environment.GetCommandLineArgs();
        if (args.Length > 1 && args[1] == "ledger" && !args.Contains("--standby") && Environment.GetEnvironmentVariable(InlineCompletions) is null)
            Environment.SetEnvironmentVariable(InlineCompletions, "1");
    }

    public static string Describe() =>
        $"client: thread-pool spin limit {AppContext.GetData("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit") ?? "default"}, " +
        $"TieredPGO {(AppContext.TryGetSwitch("System.Runtime.TieredPGO", out var pgo) && !pgo ? "off" : "on")}, " +
        $"inline socket completions {(Environment.GetEnvironmentVariable(InlineCompletions) == "1" ? "on" : "off")}";
}
