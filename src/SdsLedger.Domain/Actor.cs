namespace SdsLedger.Domain;

/// <summary>The roles people play in SdsLedger.</summary>
public enum Role
{
    SocialWorker,
    CouncilFinance,
    RecoveryWorker,
    Provider,
    ServiceUser,
    Auditor,
}

public static class Roles
{
    public static string Text(Role role) => role switch
    {
        Role.SocialWorker => "social-worker",
        Role.CouncilFinance => "council-finance",
        Role.RecoveryWorker => "recovery-worker",
        Role.Provider => "provider",
        Role.ServiceUser => "service-user",
        _ => "auditor",
    };

    /// <summary>A role from its one spelling: exact and lower case ("auditor", never "AUDITOR"), here and in the HTTP policies.</summary>
    public static bool TryParse(string? text, out Role role)
    {
        foreach (var r in Enum.GetValues<Role>())
        {
            if (string.Equals(Text(r), text, StringComparison.Ordinal))
            {
                role = r;
                return true;
            }
        }
        role = default;
        return false;
    }

    public static bool IsCouncilStaff(Role role) => role is Role.SocialWorker or Role.CouncilFinance;
}

/// <summary>
/// Who is acting: their stable id (a worker's, or the person's own when they act for themselves), their name (shown in
/// messages; history keeps the id), role, and what they relate to: their council, their organisation (a provider or
/// recovery service), or themselves (a service user).
/// </summary>
public sealed record Actor(Guid Id, string Name, Role Role, Guid? CouncilId, Guid? OrganisationId = null, Guid? PersonId = null)
{
    public string RoleText => Roles.Text(Role);

    /// <summary>A person acting for themselves: their id is their person's id.</summary>
    public static Actor Person(Guid personId, string name, Guid councilId) => new(personId, name, Role.ServiceUser, councilId, PersonId: personId);
}
