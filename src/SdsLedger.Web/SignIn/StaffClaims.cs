using System.Security.Claims;
using SdsLedger.Access;
using SdsLedger.Domain;

namespace SdsLedger.Web.SignIn;

/// <summary>
/// What a staff session cookie says about who is signed in: their worker record, role, council and the security stamp
/// the session was issued with (checked on every request, so signing out everywhere ends every session).
/// </summary>
internal static class StaffClaims
{
    public const string AuthenticationType = "sdsledger-staff";
    public const string WorkerId = "worker_id";
    public const string Code = "worker_code";
    public const string Name = "name";
    public const string Role = "role";
    public const string Council = "council";
    public const string CouncilName = "council_name";
    public const string Organisation = "org";
    public const string SecurityStamp = "security_stamp";
    public const string Method = "amr";

    /// <summary>
    /// The workers who may use the web app: council staff, auditors, recovery (peer) workers, who see only the people who
    /// consented to them, and an option-2 provider's staff (their council is the one that registered their organisation).
    /// </summary>
    public static bool MayUseWebApp(StaffMember member) =>
        member.CouncilId is not null && (Roles.IsCouncilStaff(member.Role) || member.Role is Domain.Role.Auditor or Domain.Role.RecoveryWorker
                                         || (member.Role == Domain.Role.Provider && member.OrganisationId is not null));

    public static ClaimsPrincipal Principal(StaffMember member, string method)
    {
        var claims = new List<Claim>
        {
            new(WorkerId, member.WorkerId.ToString()),
            new(Code, member.Code),
            new(Name, member.Name),
            new(Role, Roles.Text(member.Role)),
            new(Council, member.CouncilId!.Value.ToString()),
            new(CouncilName, member.CouncilName ?? ""),
            new(SecurityStamp, member.SecurityStamp.ToString()),
            new(Method, method),
        };
        if (member.OrganisationId is { } org) claims.Add(new Claim(Organisation, org.ToString()));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType, Name, Role));
    }
}

/// <summary>The signed-in staff member, read from their session's claims.</summary>
internal sealed record Staff(Guid WorkerId, string Code, Actor Actor, string CouncilName, Guid SecurityStamp)
{
    public Guid CouncilId => Actor.CouncilId!.Value;
    public Role Role => Actor.Role;

    public static Staff? From(ClaimsPrincipal user)
    {
        if (user.Identity is not { IsAuthenticated: true }) return null;
        string? Get(string type) => user.FindFirst(type)?.Value;
        if (!Guid.TryParse(Get(StaffClaims.WorkerId), out var worker) || !Guid.TryParse(Get(StaffClaims.Council), out var council)
            || !Guid.TryParse(Get(StaffClaims.SecurityStamp), out var stamp) || !Roles.TryParse(Get(StaffClaims.Role), out var role)
            || Get(StaffClaims.Name) is not { Length: > 0 } name)
            return null;
        Guid? org = Guid.TryParse(Get(StaffClaims.Organisation), out var o) ? o : null;
        return new Staff(worker, Get(StaffClaims.Code) ?? "", new Actor(worker, name, role, council, org), Get(StaffClaims.CouncilName) ?? "", stamp);
    }
}
