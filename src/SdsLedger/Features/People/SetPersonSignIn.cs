using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.People;

/// <summary>
/// Records where a person's one-time sign-in codes go: their email address, their mobile number, or both (the person
/// chooses; their council's staff record it). Without either, the person cannot sign in to the web app.
/// </summary>
public static class SetPersonSignIn
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid PersonId, string? Email, string? Mobile) : ISdsCommand<Guid>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Email).MaximumLength(254).Matches(@"^[^@\s]+@[^@\s]+$").When(c => !string.IsNullOrWhiteSpace(c.Email))
                .WithMessage("Give an email address like name@example.com, or leave it empty.");
            RuleFor(c => c.Mobile).Must(m => PersonAddress.Mobile(m) is not null).When(c => !string.IsNullOrWhiteSpace(c.Mobile))
                .WithMessage("Give a UK mobile number like 07700 900123, or leave it empty.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        private const string Council = "SELECT council_id FROM sds.people WHERE id = @PersonId";

        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            var council = await session.Connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(Council, new { c.PersonId }, cancellationToken: ct));
            if (council is null || council != c.Actor.CouncilId) return Scope.NotFound("That person");
            audit.CouncilId = council;
            audit.PersonId = c.PersonId;
            return Roles.IsCouncilStaff(c.Actor.Role) ? null : Scope.RoleCannot(c.Actor, "record where a person's sign-in codes go");
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit, PersonKeys personKeys) : ICommandHandler<Command, Result<Guid>>
    {
        private const string Taken = """
            SELECT EXISTS (SELECT 1 FROM sds.people WHERE id <> @PersonId AND ((@Email::text IS NOT NULL AND lower(email) = lower(@Email))
                                                                             OR (@Mobile::text IS NOT NULL AND mobile = @Mobile)))
            """;

        private const string Update = "UPDATE sds.people SET email = @Email, mobile = @Mobile WHERE id = @PersonId";

        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            await personKeys.RefuseIfErasedAsync(c.PersonId, ct);
            var email = string.IsNullOrWhiteSpace(c.Email) ? null : c.Email.Trim();
            var mobile = PersonAddress.Mobile(c.Mobile);
            if (await session.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(Taken, new { c.PersonId, Email = email, Mobile = mobile }, cancellationToken: ct)))
                return Result<Guid>.Invalid(nameof(c.Email), "Another person here signs in with that email address or mobile number; each person needs their own.");
            await session.Connection.ExecuteAsync(new CommandDefinition(Update, new { c.PersonId, Email = email, Mobile = mobile }, cancellationToken: ct));
            audit.Detail = $"sign-in by {(email is null ? "" : "email")}{(email is not null && mobile is not null ? " and " : "")}{(mobile is null ? "" : "text message")}";
            return c.PersonId;
        }
    }
}

/// <summary>How a mobile number is kept: digits only, UK numbers from 07 (a +44 prefix becomes 0).</summary>
public static class PersonAddress
{
    public static string? Mobile(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var digits = new string(text.Where(ch => ch is not (' ' or '-' or '(' or ')')).ToArray());
        if (digits.StartsWith("+44", StringComparison.Ordinal)) digits = "0" + digits[3..];
        return digits.Length == 11 && digits.StartsWith("07", StringComparison.Ordinal) && digits.All(char.IsAsciiDigit) ? digits : null;
    }
}
