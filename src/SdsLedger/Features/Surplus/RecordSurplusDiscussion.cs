using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Surplus;

/// <summary>
/// Records a discussion with the person about money building up on a budget part: when, what was said, and how much
/// they agreed the council may take back (which may be nothing). Surplus is reclaimed only after one of these.
/// </summary>
public static class RecordSurplusDiscussion
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid PartId, LocalDate HeldOn, string Notes, Money AgreedAmount)
        : ISdsCommand<Guid>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Notes).Text("notes of what was discussed and agreed", 2000);
            RuleFor(c => c.AgreedAmount).Must(m => !m.IsNegative)
                .WithMessage("The amount agreed is £0.00 or more (£0.00 when the person keeps the money).")
                .Must(m => m.Pence <= 100_000_000_00).WithMessage("The amount is too large: at most £100,000,000.00.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct) =>
            Scope.CouncilStaff(c.Actor, await Scope.ForPartAsync(session, c.PartId, audit, ct), "That budget part",
                "record surplus discussions (the council's social worker or finance officer does, with the person)");
    }

    internal sealed class Handler(DbSession session, AuditContext audit, PersonKeys personKeys) : ICommandHandler<Command, Result<Guid>>
    {
        private const string Option = "SELECT option FROM sds.budget_parts WHERE id = @PartId";

        private const string Insert = """
            INSERT INTO sds.surplus_discussions (id, part_id, held_on, held_by_id, notes, agreed_amount)
            VALUES (@Id, @PartId, @HeldOn, @HeldBy, @Notes, @AgreedAmount)
            """;

        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            if (await conn.ExecuteScalarAsync<short>(new CommandDefinition(Option, new { c.PartId }, cancellationToken: ct)) == 3)
                return new Refusal(RefusalCodes.InvalidState,
                    "Council-arranged support (option 3) is not paid to anyone, so it has no surplus to discuss or reclaim.");
            var id = Guid.CreateVersion7();
            await conn.ExecuteAsync(new CommandDefinition(Insert, new
            {
                Id = id, c.PartId, HeldOn = c.HeldOn.ToDateOnly(), HeldBy = c.Actor.Id,
                // The notes, about the person and their plans, are kept sealed with their key (see PersonKeys).
                Notes = await personKeys.SealAsync(audit.PersonId!.Value, $"{c.IdempotencyKey}:notes", c.Notes, ct), AgreedAmount = c.AgreedAmount.Pence,
            }, cancellationToken: ct));
            audit.Detail = $"surplus discussion on {c.HeldOn:yyyy-MM-dd}: {c.AgreedAmount} agreed to reclaim";
            return id;
        }
    }
}
