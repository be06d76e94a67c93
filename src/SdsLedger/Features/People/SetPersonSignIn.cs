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
            RuleFor(c => c.Email)
                .MaximumLength(254).WithMessage("The email address is too long: at most 254 characters.")
                .Matches(@"^\s*[^@\s]+@[^@\s]+\s*$").WithMessage("Give an email address like name@example.com, or leave it empty.")
                .Must(e => Validation.TextProblem(e) is null).WithMessage((_, e) => $"The email address {Validation.TextProblem(e)}")
                .When(c => !string.IsNullOrWhiteSpace(c.Email));
            RuleFor(c => c.Mobile).Must(m => SignInAddress.MobileDigits(m) is not null).When(c => !string.IsNullOrWhiteSpace(c.Mobile))
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

    internal sealed class Handler(DbSession session, AuditContext audit, PersonKeys personKeys, KeyEncryptionKey kek) : ICommandHandler<Command, Result<Guid>>
    {
        // Someone else with either address: by its match, or by the plain address for a row written before addresses were sealed.
        private const string Taken = """
            SELECT coalesce(bool_or(email_match = @EmailMatch OR (email_match IS NULL AND lower(email) = @Email)), false) AS Email,
                   coalesce(bool_or(mobile_match = @MobileMatch OR (mobile_match IS NULL AND mobile = @Mobile)), false) AS Mobile
              FROM sds.people
             WHERE id <> @PersonId
               AND (email_match = @EmailMatch OR mobile_match = @MobileMatch
                    OR (email_match IS NULL AND lower(email) = @Email) OR (mobile_match IS NULL AND mobile = @Mobile))
            """;

        private const string Update = """
            UPDATE sds.people SET email = @SealedEmail, email_match = @EmailMatch, mobile = @SealedMobile, mobile_match = @MobileMatch
             WHERE id = @PersonId
            """;

        private static Result<Guid> TakenBySomeoneElse(bool email) => email
            ? Result<Guid>.Invalid(nameof(Command.Email), "Another person here signs in with that email address; each person needs their own.")
            : Result<Guid>.Invalid(nameof(Command.Mobile), "Another person here signs in with that mobile number; each person needs their own.");

        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            await personKeys.RefuseIfErasedAsync(c.PersonId, ct);
            var email = SignInAddress.FromEmail(c.Email);
            var mobile = SignInAddress.FromMobile(c.Mobile);
            var matches = new
            {
                c.PersonId, Email = email?.Value, Mobile = mobile?.Value,
                EmailMatch = email is null ? null : kek.AddressMatch(email), MobileMatch = mobile is null ? null : kek.AddressMatch(mobile),
            };
            var taken = await session.Connection.QuerySingleAsync<(bool Email, bool Mobile)>(new CommandDefinition(Taken, matches, session.Transaction, cancellationToken: ct));
            if (taken.Email || taken.Mobile) return TakenBySomeoneElse(taken.Email);
            // The address is kept as it was given (an email's own capitals), sealed; it is found by its match.
            var row = new
            {
                c.PersonId, matches.EmailMatch, matches.MobileMatch,
                SealedEmail = email is null ? null : await personKeys.SealAsync(c.PersonId, $"{c.IdempotencyKey}:email", c.Email!.Trim(), ct),
                SealedMobile = mobile is null ? null : await personKeys.SealAsync(c.PersonId, $"{c.IdempotencyKey}:mobile", mobile.Value, ct),
            };
            // Another person given the same address at the same moment: the unique index refuses the second.
            await session.Transaction.SaveAsync("sign_in", ct);
            try
            {
                await session.Connection.ExecuteAsync(new CommandDefinition(Update, row, session.Transaction, cancellationToken: ct));
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation)
            {
                await session.Transaction.RollbackAsync("sign_in", ct);
                return TakenBySomeoneElse(e.ConstraintName == "people_email_match");
            }
            audit.Detail = $"sign-in by {(email is null ? "" : "email")}{(email is not null && mobile is not null ? " and " : "")}{(mobile is null ? "" : "text message")}";
            return c.PersonId;
        }
    }
}
