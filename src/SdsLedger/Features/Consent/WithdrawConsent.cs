using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Consent;

/// <summary>
/// The person (or their social worker with them) withdraws a consent: from this moment the worker or organisation it
/// named no longer sees or acts, in the application and in the database's row-level security. Who withdrew it and when
/// are kept; the consent itself stays in the record.
/// </summary>
public static class WithdrawConsent
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid ConsentId) : ISdsCommand<Guid>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.ConsentId).NotEqual(Guid.Empty).WithMessage("Say which consent to withdraw (its id, as the list of consents shows it).");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        private const string Person = "SELECT person_id FROM sds.consents WHERE id = @ConsentId";

        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            var person = await session.Connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(Person, new { c.ConsentId }, session.Transaction, cancellationToken: ct));
            if (person is null) return Scope.NotFound("That consent");
            return await ConsentAccess.CheckAsync(session, c.Actor, person.Value, audit, "withdraw consent (the person, or their social worker with them, does)", ct);
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit) : ICommandHandler<Command, Result<Guid>>
    {
        // Only a consent not yet withdrawn: of two withdrawals at once, the second waits for the first and then changes nothing.
        private const string Withdraw = """
            UPDATE sds.consents SET withdrawn_at = clock_timestamp(), withdrawn_by_id = @ById, withdrawn_by = @By
             WHERE id = @ConsentId AND withdrawn_at IS NULL
            RETURNING id
            """;

        private const string WithdrawnAt = "SELECT withdrawn_at FROM sds.consents WHERE id = @ConsentId";

        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            var done = await session.Connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(Withdraw,
                new { c.ConsentId, ById = c.Actor.Id, By = audit.ActorName ?? c.Actor.Name }, session.Transaction, cancellationToken: ct));
            if (done is null)
            {
                var at = await session.Connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(WithdrawnAt, new { c.ConsentId }, session.Transaction, cancellationToken: ct));
                return new Refusal(RefusalCodes.InvalidState,
                    $"That consent was already withdrawn{(at is { } t ? $" on {t:yyyy-MM-dd} at {t:HH:mm} UTC" : "")}; nothing more to do.");
            }
            audit.Detail = $"consent {c.ConsentId} withdrawn";
            return c.ConsentId;
        }
    }
}
