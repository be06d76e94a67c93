using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Family;

/// <summary>
/// Records the council's agreement, and its reason, that a budget may pay a named family member (for example a
/// relative in the same household who provides care). Spends to that payee marked as family then pass the rules.
/// </summary>
public static class RecordFamilyAgreement
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid BudgetId, string Payee, string Reason, LocalDate AgreedOn)
        : ISdsCommand<Guid>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Payee).Text("family member's name, as it will appear as the payee", 200);
            RuleFor(c => c.Reason).Text("reason the council agreed to pay this family member", 500);
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct) =>
            Scope.CouncilStaff(c.Actor, await Scope.ForBudgetAsync(session, c.BudgetId, audit, ct), "That budget",
                "record an agreement to pay a family member (the council's social worker or finance officer does)");
    }

    internal sealed class Handler(DbSession session, AuditContext audit) : ICommandHandler<Command, Result<Guid>>
    {
        private const string Existing = """
            SELECT agreed_on FROM sds.family_agreements WHERE budget_id = @BudgetId AND lower(trim(payee)) = lower(trim(@Payee)) ORDER BY agreed_on LIMIT 1
            """;

        private const string Insert = """
            INSERT INTO sds.family_agreements (id, budget_id, payee, reason, agreed_by_id, agreed_on)
            VALUES (@Id, @BudgetId, @Payee, @Reason, @AgreedBy, @AgreedOn)
            """;

        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            var payee = c.Payee.Trim();
            var existing = await conn.QuerySingleOrDefaultAsync<DateOnly?>(new CommandDefinition(Existing, new { c.BudgetId, Payee = payee }, cancellationToken: ct));
            if (existing is { } on)
                return Result<Guid>.Refused(RefusalCodes.InvalidState,
                    $"An agreement to pay {payee} from this budget was already recorded on {on:d MMMM yyyy}; nothing more is needed.");

            var id = Guid.CreateVersion7();
            await conn.ExecuteAsync(new CommandDefinition(Insert, new
            {
                Id = id, c.BudgetId, Payee = payee, c.Reason, AgreedBy = c.Actor.Id, AgreedOn = c.AgreedOn.ToDateOnly(),
            }, cancellationToken: ct));
            audit.Detail = $"agreed to pay family member {payee}: {c.Reason}";
            return id;
        }
    }
}
