using SdsLedger.Domain;
using SdsLedger.Web.SignIn;

namespace SdsLedger.Web.Pages.Shared;

public sealed record NavigationLink(string Text, string Href)
{
    public bool IsCurrent(string path) => Href == "/" ? path == "/" : path.StartsWith(Href, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The site's main links for the signed-in role.</summary>
internal static class Navigation
{
    public static IReadOnlyList<NavigationLink> For(Staff? staff) => staff?.Role switch
    {
        Role.SocialWorker => [new("Caseload", "/"), new("Find a person", "/people"), new("Register a person", "/people/register"), new("Requests", "/requests"), new("Self-referrals", "/referrals")],
        Role.CouncilFinance => [new("Home", "/"), new("Find a person", "/people"), new("Register a person", "/people/register")],
        Role.Auditor => [new("Audit trail", "/audit"), new("Unusual access", "/unusual-access"), new("Find a person", "/people")],
        Role.RecoveryWorker => [new("My people and referrals", "/peer"), new("Refer someone", "/refer")],
        Role.Provider => [new("Our people", "/provider"), new("Upload spending", "/provider/import"), new("Provider return", "/provider/return")],
        _ => [],
    };

    public static string RoleName(Role role) => role switch
    {
        Role.SocialWorker => "social worker",
        Role.CouncilFinance => "finance officer",
        Role.Auditor => "auditor",
        Role.RecoveryWorker => "peer worker",
        Role.Provider => "provider",
        _ => Roles.Text(role),
    };
}
