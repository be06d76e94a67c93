namespace SdsLedger.Cli;

/// <summary>What the sdsledger command's exit code means; scripts rely on these.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>A spending rule refused the request, or the input was invalid.</summary>
    public const int Refused = 1;
    /// <summary>The command line itself was wrong (unknown verb or option, missing argument).</summary>
    public const int Usage = 2;
    /// <summary>The environment is not ready: no database server, or it cannot be reached.</summary>
    public const int Environment = 3;
    /// <summary>A bug: something failed that should not have.</summary>
    public const int Internal = 4;
}
