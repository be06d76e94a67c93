using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Approvals;

/// <summary>Asks for a second person's approval of a spend above the council's threshold, before it is made.</summary>
public static class RequestApproval
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid PartId, Money Amount, string Category, string Payee, string Description)
        : ISdsCommand<Guid>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Amount).PositiveAmount();
            RuleFor(c => c.Category).Category();
            RuleFor(c => c.Payee).Text("payee (who will be paid)", 200);
            RuleFor(c => c.Description).Text("description of what will be bought and why", 300);
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            var scope = await Scope.ForPartAsync(session, c.PartId, audit, ct);
            if (scope is null || !Scope.CanSee(c.Actor, scope)) return Scope.NotFound("That budget part");
            return c.Actor.Role == Role.Auditor ? Scope.RoleCannot(c.Actor, "ask for spending (auditors read budgets, they do not spend them)") : null;
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit) : ICommandHandler<Command, Result<Guid>>
    {
        private const string Threshold = """
            SELECT r.approval_threshold
              FROM sds.budget_parts p JOIN sds.budgets b ON b.id = p.budget_id JOIN sds.council_rules r ON r.council_id = b.council_id
             WHERE p.id = @PartId
            """;

        private const string Insert = """
            INSERT INTO sds.approvals (id, part_id, amount, category, payee, description, requested_by_id)
            VALUES (@Id, @PartId, @Amount, @Category, @Payee, @Description, @RequestedById)
            """;

        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            var threshold = Money.FromPence(await conn.ExecuteScalarAsync<long>(new CommandDefinition(Threshold, new { c.PartId }, cancellationToken: ct)));
            if (c.Amount <= threshold)
                return Result<Guid>.Refused(RefusalCodes.InvalidState,
                    $"Spends up to {threshold} need no approval here, so {c.Amount} can be recorded as a spend straight away.");

            var id = Guid.CreateVersion7();
            await conn.ExecuteAsync(new CommandDefinition(Insert, new
            {
                Id = id, c.PartId, Amount = c.Amount.Pence, c.Category, c.Payee, c.Description, RequestedById = c.Actor.Id,
            }, cancellationToken: ct));
            audit.Detail = $"approval asked for {c.Amount} to {c.Payee} for {c.Category}";
            return id;
        }
    }
}
