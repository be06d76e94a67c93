using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using NodaTime;
using SdsLedger.Domain;

namespace SdsLedger.Access;

/// <summary>
/// The claims an SdsLedger API token carries: who (the subject is the actor's id: a worker's, or the person's own), in
/// which role, for which council (and organisation or person). The pipeline checks every message's actor against the
/// register, so a token for a worker who was deactivated, or of a council that does not exist, does nothing.
/// </summary>
public static class ApiClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string Council = "council";
    public const string CouncilCode = "council_code";
    public const string Organisation = "org";
    public const string Person = "person";

    /// <summary>The roles a token may carry (recovery workers act through the command line for now).</summary>
    public static IReadOnlyList<Role> TokenRoles { get; } =
        [Domain.Role.CouncilFinance, Domain.Role.SocialWorker, Domain.Role.Provider, Domain.Role.ServiceUser, Domain.Role.Auditor];
}

/// <summary>How tokens are signed and checked: HMAC-SHA256 with a key of at least 256 bits, issuer and audience named.</summary>
public sealed record ApiTokenSettings(string Issuer, string Audience, byte[] SigningKey)
{
    public const string DefaultIssuer = "sdsledger-local";
    public const string DefaultAudience = "sdsledger-api";
    public const int MinimumKeyBytes = 32;

    public SymmetricSecurityKey SecurityKey()
    {
        if (SigningKey.Length < MinimumKeyBytes)
            throw new InvalidOperationException($"The token signing key must be at least {MinimumKeyBytes} bytes; it is {SigningKey.Length}.");
        return new SymmetricSecurityKey(SigningKey) { KeyId = "sdsledger" };
    }
}

/// <summary>Who a token is for: an actor of the register, and their council's code.</summary>
public sealed record ApiTokenSubject(Actor Actor, string CouncilCode);

/// <summary>Mints tokens for local use (sdsledger token, tests, the benchmark).</summary>
public static class ApiTokens
{
    public static string Mint(ApiTokenSettings settings, ApiTokenSubject who, Instant now, Duration lifetime)
    {
        var actor = who.Actor;
        var claims = new Dictionary<string, object>
        {
            [ApiClaims.Subject] = actor.Id.ToString(),
            [ApiClaims.Name] = actor.Name,
            [ApiClaims.Role] = actor.RoleText,
            [ApiClaims.Council] = (actor.CouncilId ?? throw new ArgumentException("A token is for someone of a council.", nameof(who))).ToString(),
            [ApiClaims.CouncilCode] = who.CouncilCode,
        };
        if (actor.OrganisationId is { } org) claims[ApiClaims.Organisation] = org.ToString();
        if (actor.PersonId is { } person) claims[ApiClaims.Person] = person.ToString();

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Claims = claims,
            IssuedAt = now.ToDateTimeUtc(),
            NotBefore = now.ToDateTimeUtc(),
            Expires = (now + lifetime).ToDateTimeUtc(),
            SigningCredentials = new SigningCredentials(settings.SecurityKey(), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>The actor and tenant a validated token names, or null when a claim is missing or malformed.</summary>
    public static (Actor Actor, string Subject)? ActorOf(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var subject = principal.FindFirst(ApiClaims.Subject)?.Value;
        var name = principal.FindFirst(ApiClaims.Name)?.Value;
        if (!Guid.TryParse(subject, out var actorId) || string.IsNullOrWhiteSpace(name)) return null;
        if (!Roles.TryParse(principal.FindFirst(ApiClaims.Role)?.Value, out var role) || !ApiClaims.TokenRoles.Contains(role)) return null;
        if (!Guid.TryParse(principal.FindFirst(ApiClaims.Council)?.Value, out var council)) return null;
        var org = OptionalGuid(principal, ApiClaims.Organisation, out var orgOk);
        var person = OptionalGuid(principal, ApiClaims.Person, out var personOk);
        if (!orgOk || !personOk) return null;
        // A provider acts for an organisation and a service user for themselves: a token without that relation is no use.
        if (role == Role.Provider && org is null) return null;
        if (role == Role.ServiceUser && (person is null || person != actorId)) return null;
        return (new Actor(actorId, name, role, council, org, person), subject!);
    }

    private static Guid? OptionalGuid(ClaimsPrincipal principal, string claim, out bool ok)
    {
        var text = principal.FindFirst(claim)?.Value;
        ok = text is null || Guid.TryParse(text, out _);
        return text is null || !ok ? null : Guid.Parse(text);
    }
}
