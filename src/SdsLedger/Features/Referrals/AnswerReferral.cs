using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Referrals;

/// <summary>
/// A social worker answers a self-referral in writing instead of accepting it (the person is already known, is not
/// eligible, or was pointed to another service); the referring worker reads the answer on their own page.
/// </summary>
public static class AnswerReferral
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid ReferralId, string Answer) : ISdsCommand<Guid>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.ReferralId).NotEqual(Guid.Empty).WithMessage("Say which referral to answer.");
            RuleFor(c => c.Answer).Text("answer to the referral", 2000);
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct) =>
            Decision.CheckAsync(c.Actor, c.ReferralId, session, audit, "answer a self-referral (social workers do)", ct);
    }

    internal sealed class Handler(DbSession session, AuditContext audit, PersonKeys personKeys) : ICommandHandler<Command, Result<Guid>>
    {
        private const string Answer = """
            UPDATE sds.referrals SET status = 'answered', answer = @Answer, decided_by_id = @ById, decided_by = @By, decided_at = clock_timestamp()
             WHERE id = @Id AND status = 'new'
            """;

        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            var (_, refusal) = await Decision.LockAsync(session, c.ReferralId, ct);
            if (refusal is not null) return refusal;
            // The answer is about the person too: sealed with the referral's key (a referral made before keys stays plain).
            var answer = c.Answer.Trim();
            await session.Connection.ExecuteAsync(new CommandDefinition(Answer,
                new { Id = c.ReferralId, Answer = await personKeys.TrySealAsync(c.ReferralId, answer, ct) ?? answer, ById = c.Actor.Id, By = audit.ActorName ?? c.Actor.Name },
                session.Transaction, cancellationToken: ct));
            audit.Detail = $"self-referral {c.ReferralId} answered";
            return c.ReferralId;
        }
    }
}
