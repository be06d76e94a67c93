using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Features.Spending;
using SdsLedger.Ledger;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Commitments;

/// <summary>Gives back money set aside for a purchase that will not happen: it is available to spend again. Nothing is posted.</summary>
public static class ReleaseCommitment
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid CommitmentId, string Reason) : ISdsCommand<Money>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Reason).Text("reason the money is no longer needed (for example 'the class was cancelled')", 300);
        }
    }

    internal sealed class Authorisation(SpendingParts parts) : IAuthorisation<Command>
    {
        private const string CommitmentPart = "SELECT part_id FROM sds.commitments WHERE hold_id = @CommitmentId";

        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            var partId = await session.Connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(CommitmentPart, new { c.CommitmentId }, cancellationToken: ct));
            var part = partId is { } id ? await parts.GetAsync(id, ct) : null;
            return part is not null && Scope.CanSee(c.Actor, part.Scope) ? null : Scope.NotFound("That commitment");
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit, SpendAttemptLoader loader, PersonKeys personKeys) : ICommandHandler<Command, Result<Money>>
    {
        private static readonly HolderRule Holder = new();

        private const string Load = """
            SELECT c.part_id AS PartId, c.category AS Category, c.payee AS Payee, c.description AS Description, c.planned_on AS PlannedOn,
                   h.amount AS Held, h.status AS Status
              FROM sds.commitments c JOIN ledger.holds h ON h.id = c.hold_id
             WHERE c.hold_id = @CommitmentId
            """;

        public async ValueTask<Result<Money>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            var commitment = await conn.QuerySingleAsync<CommitmentRow>(new CommandDefinition(Load, new { c.CommitmentId }, cancellationToken: ct));
            // What the money was set aside for, and for whom, are kept sealed with the person's key.
            commitment.Description = await personKeys.RevealAsync(commitment.Description, ct);
            commitment.Payee = await personKeys.RevealAsync(commitment.Payee, ct);
            var held = Money.FromPence(commitment.Held);
            if (commitment.Status != "open") return NotOpen(commitment.Description, commitment.Status);

            // Only whoever may spend the money may give it back: the same rule as spending it.
            var attempt = await loader.LoadAsync(session, new Release(c.Actor, commitment.PartId, held, commitment.Category, commitment.Payee,
                commitment.Description, LocalDate.FromDateOnly(commitment.PlannedOn)), ct);
            if (Holder.Check(attempt!) is { } refusal) return refusal;

            var released = await LedgerWriter.ReleaseHoldAsync(conn, new HoldId(c.CommitmentId), ct);
            if (released == ReleaseStatus.NotOpen) return NotOpen(commitment.Description, "");
            if (released != ReleaseStatus.Released) throw new InvalidOperationException($"The ledger could not release a checked commitment: {released}.");
            audit.Detail = $"{held} set aside for {commitment.Description} released: {c.Reason}";
            return held;
        }

        private static Result<Money> NotOpen(string description, string status) => Result<Money>.Refused(RefusalCodes.InvalidState,
            $"The money set aside for {description} has already been {CaptureCommitment.Handler.Closed(status)}, so there is nothing to release.");

        private sealed record Release(Actor Actor, Guid PartId, Money Amount, string Category, string Payee, string Description, LocalDate Date)
            : ISpendingCommand
        {
            public bool PayeeIsFamily => false;
            public bool ConfirmDuplicate => true;
            public Guid? ApprovalId => null;
        }

        private sealed record CommitmentRow
        {
            public Guid PartId { get; init; }
            public string Category { get; init; } = "";
            public string Payee { get; set; } = "";
            public string Description { get; set; } = "";
            public DateOnly PlannedOn { get; init; }
            public long Held { get; init; }
            public string Status { get; init; } = "";
        }
    }
}
