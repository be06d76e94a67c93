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
/// Sets money aside on a budget part for a planned purchase or an arranged service (a ledger hold), after every
/// spending rule passes. The money stays in the part until it is captured as a spend or released.
/// </summary>
public static class CommitFunds
{
    public sealed record Command(
        Actor Actor, string IdempotencyKey, Guid PartId, Money Amount, string Category, string Payee, LocalDate Date, string Description,
        bool PayeeIsFamily = false, bool ConfirmDuplicate = false, Guid? ApprovalId = null)
        : ISdsCommand<Guid>, ISpendingCommand
    {
        public bool IsPlanned => true;
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Amount).PositiveAmount();
            RuleFor(c => c.Category).Category();
            RuleFor(c => c.Payee).Text("payee (who will be paid)", 200);
            RuleFor(c => c.Description).Text("description of what the money is set aside for (for example 'the gym membership')", 300);
        }
    }

    internal sealed class Authorisation(SpendingParts parts) : IAuthorisation<Command>
    {
        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct) =>
            await parts.GetAsync(c.PartId, ct) is { } part && Scope.CanSee(c.Actor, part.Scope) ? null : Scope.NotFound("That budget part");
    }

    internal sealed class Handler(DbSession session, SpendingParts parts, AuditContext audit, PersonKeys personKeys) : ICommandHandler<Command, Result<Guid>>
    {
        private const string InsertCommitment = """
            INSERT INTO sds.commitments (hold_id, part_id, category, payee, description, planned_on, recorded_by_id, approval_id)
            VALUES (@HoldId, @PartId, @Category, @Payee, @Description, @PlannedOn, @RecordedBy, @ApprovalId)
            """;

        private const string UseApproval = """
            UPDATE sds.approvals SET status = 'used' WHERE id = @ApprovalId AND part_id = @PartId AND status = 'approved' RETURNING id
            """;

        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            var part = (await parts.GetAsync(c.PartId, ct))!.Accounts;
            var key = $"commit:{c.IdempotencyKey}";
            // A hold's description is kept as written for good, like an entry's: sealed with the person's key.
            var description = await personKeys.SealAsync(part.PersonId, key, c.Description, ct);
            var hold = await LedgerWriter.PlaceHoldAsync(conn, part.Source, c.Amount, c.Actor.Id.ToString(), description, key, ct: ct);
            if (hold.Status == HoldStatus.InsufficientFunds)
                return new Refusal(RefusalCodes.InsufficientFunds, $"This would set aside {c.Amount} but only {hold.Available} is available.");
            if (!hold.Succeeded) throw new InvalidOperationException($"The ledger refused a checked commitment: {hold.Status}.");

            var holdId = hold.HoldId!.Value.Value;
            var approval = c.ApprovalId is null ? null
                : await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(UseApproval, new { c.ApprovalId, c.PartId }, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition(InsertCommitment, new
            {
                // The same sealed text as the hold's (the same key, context and words).
                HoldId = holdId, c.PartId, c.Category, Description = description, PlannedOn = c.Date.ToDateOnly(), RecordedBy = c.Actor.Id,
                Payee = await personKeys.SealAsync(part.PersonId, $"{key}:payee", c.Payee, ct),
                ApprovalId = approval,
            }, cancellationToken: ct));
            audit.Detail = $"{c.Amount} set aside for {c.Description} ({c.Payee}, {c.Category})";
            return holdId;
        }
    }
}
