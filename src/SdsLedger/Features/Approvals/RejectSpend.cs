using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Approvals;

/// <summary>A second person, council staff of the budget's council, turns down a spend someone else asked for, saying why.</summary>
public static class RejectSpend
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid ApprovalId, string Reason) : ISdsCommand<ApprovalDecision>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Reason).Text("reason for turning the spend down (the person asking will read it)", 300);
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct) =>
            await ApprovalDecisions.AuthoriseAsync(c.Actor, c.ApprovalId, session, audit, "turn down spending", ct);
    }

    internal sealed class Handler(DbSession session, AuditContext audit, PersonKeys personKeys) : ICommandHandler<Command, Result<ApprovalDecision>>
    {
        public async ValueTask<Result<ApprovalDecision>> Handle(Command c, CancellationToken ct)
        {
            var kept = await personKeys.SealIfGivenAsync(audit.PersonId!.Value, $"{c.IdempotencyKey}:reason", c.Reason, ct);
            var decision = await ApprovalDecisions.DecideAsync(session.Connection, personKeys, c.Actor, c.ApprovalId, "rejected", c.Reason, kept, ct);
            if (decision.Succeeded) audit.Detail = $"turned down {decision.Value!.Amount} to {decision.Value.Payee}: {c.Reason}";
            return decision;
        }
    }
}
