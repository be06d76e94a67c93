using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Ledger;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Spending;

/// <summary>Records something bought (or hours of support delivered) from a budget part, after every spending rule passes.</summary>
public static class RecordSpend
{
    public sealed record Command(
        Actor Actor, string IdempotencyKey, Guid PartId, Money Amount, string Category, string Payee, LocalDate Date, string Description,
        string? Evidence = null, decimal? Hours = null, bool PayeeIsFamily = false, bool ConfirmDuplicate = false, Guid? ApprovalId = null)
        : ISdsCommand<Guid>, ISpendingCommand;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Amount).PositiveAmount();
            RuleFor(c => c.Category).Category();
            RuleFor(c => c.Payee).Text("payee (who was paid)", 200);
            RuleFor(c => c.Description).Text("description of what was bought", 300);
            RuleFor(c => c.Evidence).MaximumLength(200).WithMessage("The evidence reference is too long: at most 200 characters.");
            RuleFor(c => c.Hours).InclusiveBetween(0.25m, 1000m).When(c => c.Hours is not null)
                .WithMessage("Hours of support are between 0.25 and 1000.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            var scope = await Scope.ForPartAsync(session, c.PartId, audit, ct);
            return scope is not null && Scope.CanSee(c.Actor, scope) ? null : Scope.NotFound("That budget part");
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit) : ICommandHandler<Command, Result<Guid>>
    {
        private const string InsertSpend = """
            INSERT INTO sds.spends (entry_id, part_id, category, payee, spent_on, amount, description, evidence, hours, recorded_by_id, approval_id)
            VALUES (@EntryId, @PartId, @Category, @Payee, @SpentOn, @Amount, @Description, @Evidence, @Hours, @RecordedBy, @ApprovalId)
            """;

        private const string UseApproval = "UPDATE sds.approvals SET status = 'used' WHERE id = @ApprovalId AND part_id = @PartId AND status = 'approved'";

        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            var (part, spent) = (await PartAccounts.LoadForSpendingAsync(conn, c.PartId, c.Category, ct))!.Value;
            var posted = await LedgerWriter.PostAsync(conn, new PostingRequest(EntryKind.Spend, c.Date, c.Actor.Id.ToString(), $"{c.Description} ({c.Payee})",
                $"spend:{c.IdempotencyKey}", [new Posting(part.Source, -c.Amount), new Posting(spent, c.Amount)]), ct);
            if (posted.Status == PostStatus.InsufficientFunds)
                return new Refusal(RefusalCodes.InsufficientFunds, $"This would spend {c.Amount} but only {posted.Available} is available.");
            if (!posted.Succeeded) throw new InvalidOperationException($"The ledger refused a checked spend: {posted.Status}.");

            await conn.ExecuteAsync(new CommandDefinition(InsertSpend, new
            {
                EntryId = posted.EntryId!.Value.Value, c.PartId, c.Category, c.Payee, SpentOn = c.Date.ToDateOnly(), Amount = c.Amount.Pence,
                c.Description, c.Evidence, c.Hours, RecordedBy = c.Actor.Id, c.ApprovalId,
            }, cancellationToken: ct));
            if (c.ApprovalId is not null) await conn.ExecuteAsync(new CommandDefinition(UseApproval, new { c.ApprovalId, c.PartId }, cancellationToken: ct));
            audit.Detail = $"{c.Amount} to {c.Payee} for {c.Category}";
            return posted.EntryId!.Value.Value;
        }
    }
}
