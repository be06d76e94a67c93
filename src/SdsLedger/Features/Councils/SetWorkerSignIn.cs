using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Councils;

/// <summary>
/// How a worker of the council signs in to the web app: the email and, once known, the subject their council's identity
/// provider gives them. Either may be cleared (empty). A finance officer of their council sets them.
/// </summary>
public static class SetWorkerSignIn
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid WorkerId, string? Email, string? IdentitySubject) : ISdsCommand<Guid>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Email).MaximumLength(254).WithMessage("The email address is too long: at most 254 characters.")
                .Matches(@"^[^@\s]+@[^@\s]+\.[^@\s]+$").WithMessage("Give an email address like anna.macdonald@north-kirkton.gov.uk.")
                .When(c => !string.IsNullOrEmpty(c.Email));
            RuleFor(c => c.IdentitySubject).MaximumLength(255).WithMessage("The identity provider's subject is too long: at most 255 characters.")
                .Must(s => s!.All(ch => ch is > ' ' and <= '~')).WithMessage("The identity provider's subject is visible characters without spaces, as the provider gives it.")
                .When(c => !string.IsNullOrEmpty(c.IdentitySubject));
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        private const string WorkerSql = "SELECT council_id FROM sds.workers WHERE id = @WorkerId";

        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            var council = await session.Connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(WorkerSql, new { c.WorkerId }, cancellationToken: ct));
            if (council is null || council != c.Actor.CouncilId) return Scope.NotFound("That worker");
            audit.CouncilId = council;
            return c.Actor.Role == Role.CouncilFinance ? null : Scope.RoleCannot(c.Actor, "set how workers sign in (finance officers do)");
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit) : ICommandHandler<Command, Result<Guid>>
    {
        // Another worker's email or subject is refused by the unique indexes; the savepoint keeps the transaction usable to say so.
        private const string Update = """
            UPDATE sds.workers SET email = nullif(@Email, ''), identity_subject = nullif(@IdentitySubject, '')
             WHERE id = @WorkerId AND (email IS DISTINCT FROM nullif(@Email, '') OR identity_subject IS DISTINCT FROM nullif(@IdentitySubject, ''))
            """;

        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            await session.Transaction.SaveAsync("sign_in", ct);
            try
            {
                await session.Connection.ExecuteAsync(new CommandDefinition(Update,
                    new { c.WorkerId, Email = c.Email?.Trim() ?? "", IdentitySubject = c.IdentitySubject?.Trim() ?? "" }, session.Transaction, cancellationToken: ct));
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation)
            {
                await session.Transaction.RollbackAsync("sign_in", ct);
                return e.ConstraintName == "workers_email"
                    ? Result<Guid>.Invalid(nameof(c.Email), $"Another worker already signs in with {c.Email}. Each worker has their own email address.")
                    : Result<Guid>.Invalid(nameof(c.IdentitySubject), "Another worker already has this identity provider subject.");
            }
            audit.Detail = $"sign-in: email {(string.IsNullOrWhiteSpace(c.Email) ? "none" : "set")}, subject {(string.IsNullOrWhiteSpace(c.IdentitySubject) ? "none" : "set")}";
            return c.WorkerId;
        }
    }
}
