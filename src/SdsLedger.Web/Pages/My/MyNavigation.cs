using SdsLedger.Web.Pages.Shared;

namespace SdsLedger.Web.Pages.My;

/// <summary>The main links of a person's own pages.</summary>
internal static class MyNavigation
{
    public static IReadOnlyList<NavigationLink> Links { get; } =
    [
        new("My budget", "/my/budget"), new("Trying things out", "/my/test-budgets"), new("Ask for a change", "/my/ask"),
        new("Who can see or help", "/my/consent"), new("Who has looked", "/my/looked"),
    ];
}
