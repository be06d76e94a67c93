using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.People;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Referrals;

/// <summary>
/// A social worker accepts a self-referral: the person is registered exactly as `person add` registers anyone (the
/// same command and handler, in this transaction), with the accepting social worker as theirs, and the referral names
/// them from then on. Consent for the referring worker is not implied: the person gives it separately.
/// </summary>
public static class AcceptReferral
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid ReferralId, string Reference, StatementFormat Format) : ISdsCommand<Guid>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.ReferralId).NotEqual(Guid.Empty).WithMessage("Say which referral to accept.");
            // The rest of the reference's shape is RegisterPerson's to check, as for anyone registered.
            RuleFor(c => c.Reference).NotEmpty()
                .WithMessage("Give the person's reference from your council's case record: 2 to 32 letters, digits or hyphens, like 'NL-10234'.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct) =>
            Decision.CheckAsync(c.Actor, c.ReferralId, session, audit, "accept a self-referral (social workers do)", ct);
    }

    internal sealed class Handler(DbSession session, AuditContext audit, PersonKeys personKeys) : ICommandHandler<Command, Result<Guid>>
    {
        private const string Accept = """
            UPDATE sds.referrals SET status = 'accepted', person_id = @PersonId, decided_by_id = @ById, decided_by = @By, decided_at = clock_timestamp()
             WHERE id = @Id AND status = 'new'
            """;

        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            var (referral, refusal) = await Decision.LockAsync(session, c.ReferralId, ct);
            if (refusal is not null) return refusal;

            // What the referral says is sealed with its own key: opened to register the person, whose key then seals it again.
            var email = await personKeys.RevealIfGivenAsync(referral!.Email, ct);
            var mobile = await personKeys.RevealIfGivenAsync(referral.Mobile, ct);
            var contact = string.Join(", ", new[] { email, mobile }.Where(x => x is not null));
            var register = new RegisterPerson.Command(c.Actor, c.IdempotencyKey, c.Reference?.Trim() ?? "", await personKeys.RevealAsync(referral.Name, ct),
                LocalDate.FromDateOnly(referral.DateOfBirth), contact, c.Format, c.Actor.Id);
            var shape = await new RegisterPerson.Validator().ValidateAsync(register, ct);
            if (!shape.IsValid)
                return Result<Guid>.Invalid(shape.Errors.GroupBy(e => e.PropertyName).Select(g => new FieldError(g.Key, g.First().ErrorMessage)).ToList());
            var registered = await new RegisterPerson.Handler(session, audit, personKeys).Handle(register, ct);
            if (!registered.Succeeded) return registered;

            await session.Connection.ExecuteAsync(new CommandDefinition(Accept,
                new { Id = c.ReferralId, PersonId = registered.Value, ById = c.Actor.Id, By = audit.ActorName ?? c.Actor.Name },
                session.Transaction, cancellationToken: ct));
            audit.Detail = $"self-referral {c.ReferralId} accepted; person registered as {register.Reference}";
            return registered.Value;
        }
    }
}
