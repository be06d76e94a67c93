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

/// <summary>
/// Records the purchase that money was set aside for: spends up to the amount set aside, and returns any rest of it
/// to what is available. The rules about money and purpose were checked when the money was set aside; who may spend
/// and whether the period is still open are checked again now.
/// </summary>
public static class CaptureCommitment
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid CommitmentId, Money Amount, LocalDate Date,
                                 string? Evidence = null, decimal? Hours = null) : ISdsCommand<Guid>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Amount).PositiveAmount();
            RuleFor(c => c.Evidence).MaximumLength(200).WithMessage("The evidence reference is too long: at most 200 characters.");
            RuleFor(c => c.Hours).Hours();
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

    internal sealed class Handler(DbSession session, AuditContext audit, SpendAttemptLoader loader, SpendingParts parts, SpendWriter writer,
                                  PersonKeys personKeys)
        : ICommandHandler<Command, Result<Guid>>
    {
        /// <summary>The rules that can change between setting money aside and spending it: who acts, and when.</summary>
        private static readonly ISpendingRule[] AtCapture =
            [new HolderRule(), new PeriodClosedRule(), new OutsidePeriodRule(), new FutureDateRule(), new TestBudgetTimeLimitRule()];

        private const string Load = """
            SELECT c.part_id AS PartId, c.category AS Category, c.payee AS Payee, c.description AS Description, c.approval_id AS ApprovalId,
                   h.amount AS Held, h.status AS Status
              FROM sds.commitments c JOIN ledger.holds h ON h.id = c.hold_id
             WHERE c.hold_id = @CommitmentId
            """;

        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            var commitment = await session.Connection.QuerySingleAsync<CommitmentRow>(new CommandDefinition(Load, new { c.CommitmentId }, cancellationToken: ct));
            // What the money was set aside for, and for whom, are kept sealed with the person's key.
            commitment.Description = await personKeys.RevealAsync(commitment.Description, ct);
            commitment.Payee = await personKeys.RevealAsync(commitment.Payee, ct);
            var held = Money.FromPence(commitment.Held);
            if (commitment.Status != "open") return NotOpen(commitment);
            if (c.Amount > held)
                return new Refusal(RefusalCodes.InsufficientFunds,
                    $"{held} was set aside for {commitment.Description}, so at most {held} can be spent from it, not {c.Amount}. Record the difference as a separate spend.");

            var attempt = await loader.LoadAsync(session, new Capture(c.Actor, commitment.PartId, c.Amount, commitment.Category, commitment.Payee,
                commitment.Description, c.Date), ct);
            if (AtCapture.Select(r => r.Check(attempt!)).FirstOrDefault(r => r is not null) is { } refusal) return refusal;

            var part = (await parts.GetAsync(commitment.PartId, ct))!;
            var written = await writer.WriteAsync(c.Actor, $"capture:{c.IdempotencyKey}", part,
                new SpendLine(c.Amount, commitment.Category, commitment.Payee, c.Date, commitment.Description, c.Evidence, c.Hours, commitment.ApprovalId),
                new HoldId(c.CommitmentId), ct);
            if (!written.Succeeded) return written;
            var rest = held - c.Amount;
            audit.Detail = $"{c.Amount} to {commitment.Payee} for {commitment.Category}, from {held} set aside for {commitment.Description}"
                           + (rest.IsPositive ? $"; {rest} returned to available" : "");
            return written;
        }

        private static Result<Guid> NotOpen(CommitmentRow c) => Result<Guid>.Refused(RefusalCodes.InvalidState,
            $"The money set aside for {c.Description} has already been {Closed(c.Status)}, so nothing more can be spent from it. Record the purchase as a spend instead.");

        internal static string Closed(string holdStatus) => holdStatus switch
        {
            "captured" => "spent",
            "released" => "released",
            "expired" => "released when it expired",
            _ => "spent or released",
        };

        private sealed record Capture(Actor Actor, Guid PartId, Money Amount, string Category, string Payee, string Description, LocalDate Date)
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
            public Guid? ApprovalId { get; init; }
            public long Held { get; init; }
            public string Status { get; init; } = "";
        }
    }
}
