namespace SdsLedger.Domain.Budgets;

/// <summary>The optional tags on a recovery outcome: the phase of recovery and the domain of recovery capital it builds.</summary>
public static class RecoveryTags
{
    public static IReadOnlyList<string> Phases { get; } = ["stabilisation", "maintenance", "recovery"];

    public static IReadOnlyList<string> CapitalDomains { get; } = ["personal", "social", "community"];

    public static bool IsPhase(string? phase) => phase is null || Phases.Contains(phase);

    public static bool IsCapitalDomain(string? domain) => domain is null || CapitalDomains.Contains(domain);
}
