using System.Security.Claims;
using SdsLedger.Access;
using SdsLedger.Domain;

namespace SdsLedger.Web.People;

/// <summary>
/// What a person's session cookie says: which person, their council and the security stamp it was issued with. The
/// same cookie as staff sessions, told apart by its person_id claim (a staff session has a worker_id instead).
/// </summary>
internal static class PersonClaims
{
    public const string PersonId = "person_id";
    public const string Policy = "person";

    public static ClaimsPrincipal Principal(SignedInPerson person, string method) =>
        new(new ClaimsIdentity(
        [
            new Claim(PersonId, person.PersonId.ToString()),
            new Claim(SignIn.StaffClaims.Name, person.Name),
            new Claim(SignIn.StaffClaims.Role, Roles.Text(Role.ServiceUser)),
            new Claim(SignIn.StaffClaims.Council, person.CouncilId.ToString()),
            new Claim(SignIn.StaffClaims.CouncilName, person.CouncilName),
            new Claim(SignIn.StaffClaims.SecurityStamp, person.SecurityStamp.ToString()),
            new Claim(SignIn.StaffClaims.Method, method),
        ], SignIn.StaffClaims.AuthenticationType, SignIn.StaffClaims.Name, SignIn.StaffClaims.Role));
}

/// <summary>The signed-in person, read from their session's claims.</summary>
internal sealed record PersonSession(Guid PersonId, string Name, Guid CouncilId, string CouncilName, Guid SecurityStamp)
{
    public Actor Actor => Actor.Person(PersonId, Name, CouncilId);

    public static PersonSession? From(ClaimsPrincipal user)
    {
        if (user.Identity is not { IsAuthenticated: true }) return null;
        string? Get(string type) => user.FindFirst(type)?.Value;
        return Guid.TryParse(Get(PersonClaims.PersonId), out var person) && Guid.TryParse(Get(SignIn.StaffClaims.Council), out var council)
               && Guid.TryParse(Get(SignIn.StaffClaims.SecurityStamp), out var stamp) && Get(SignIn.StaffClaims.Name) is { Length: > 0 } name
            ? new PersonSession(person, name, council, Get(SignIn.StaffClaims.CouncilName) ?? "", stamp)
            : null;
    }
}
