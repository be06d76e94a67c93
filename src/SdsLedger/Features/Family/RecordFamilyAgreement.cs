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

    internal sealed class Handler(DbSession session, AuditContext audit, PersonKeys personKeys) : ICommandHandler<Command, Result<Guid>>
    {
        // The budget's agreements (a handful at most): their payees are sealed, so they are compared once opened. The budget
        // is locked first, so two requests at once to agree the same payment cannot both find none and both record it.
        private const string Existing = """
            SELECT 1 FROM sds.budgets WHERE id = @BudgetId FOR UPDATE;
            SELECT payee AS Payee, agreed_on AS AgreedOn FROM sds.family_agreements WHERE budget_id = @BudgetId ORDER BY agreed_on;
            """;

        private const string Insert = """
            INSERT INTO sds.family_agreements (id, budget_id, payee, reason, agreed_by_id, agreed_on)
            VALUES (@Id, @BudgetId, @Payee, @Reason, @AgreedBy, @AgreedOn)
            """;

        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            var payee = c.Payee.Trim();
            List<(string Payee, DateOnly AgreedOn)> agreed;
            await using (var existing = await conn.QueryMultipleAsync(new CommandDefinition(Existing, new { c.BudgetId }, cancellationToken: ct)))
            {
                await existing.ReadAsync<int>();
                agreed = (await existing.ReadAsync<(string Payee, DateOnly AgreedOn)>()).ToList();
            }
            foreach (var (held, on) in agreed)
                if (FamilyAgreements.SamePayee(await personKeys.RevealAsync(held, ct), payee))
                    return Result<Guid>.Refused(RefusalCodes.InvalidState,
                        $"An agreement to pay {payee} from this budget was already recorded on {on:d MMMM yyyy}; nothing more is needed.");

            // Whom the council agreed to pay, and why, is about the person and their family: kept sealed with the person's key.
            var person = audit.PersonId!.Value;
            var id = Guid.CreateVersion7();
            await conn.ExecuteAsync(new CommandDefinition(Insert, new
            {
                Id = id, c.BudgetId, AgreedBy = c.Actor.Id, AgreedOn = c.AgreedOn.ToDateOnly(),
                Payee = await personKeys.SealAsync(person, $"{c.IdempotencyKey}:payee", payee, ct),
                Reason = await personKeys.SealAsync(person, $"{c.IdempotencyKey}:reason", c.Reason, ct),
            }, cancellationToken: ct));
            audit.Detail = $"agreed to pay family member {payee}: {c.Reason}";
            return id;
        }
    }
}

/// <summary>How an agreement's payee is matched with a spend's: the same name, whatever the case and the spaces around it.</summary>
public static class FamilyAgreements
{
    public static bool SamePayee(string agreed, string payee) =>
        string.Equals(agreed.Trim(), payee.Trim(), StringComparison.OrdinalIgnoreCase);
}
