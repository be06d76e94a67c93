using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Ledger;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Budgets;

/// <summary>Makes a draft budget active: each part's allocation is credited from the council's funding.</summary>
public static class ActivateBudget
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid BudgetId) : ISdsCommand<Money>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct) =>
            Scope.CouncilStaff(c.Actor, await Scope.ForBudgetAsync(session, c.BudgetId, audit, ct), "That budget", "activate budgets");
    }

    internal sealed class Handler(DbSession session) : ICommandHandler<Command, Result<Money>>
    {
        private const string Load = """
            SELECT b.status, b.period_start, c.funding_account
              FROM sds.budgets b JOIN sds.councils c ON c.id = b.council_id
             WHERE b.id = @BudgetId FOR UPDATE OF b
            """;

        private const string Parts = "SELECT id, amount, allocation_account FROM sds.budget_parts WHERE budget_id = @BudgetId ORDER BY position";

        private const string Activate = "UPDATE sds.budgets SET status = 'active' WHERE id = @BudgetId";

        public async ValueTask<Result<Money>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            var budget = await conn.QuerySingleAsync<(string Status, DateOnly Start, Guid Funding)>(new CommandDefinition(Load, new { c.BudgetId }, cancellationToken: ct));
            if (budget.Status != "draft")
                return Result<Money>.Refused(RefusalCodes.InvalidState, $"This budget is already {budget.Status}; only a draft budget can be activated.");

            var total = Money.Zero;
            foreach (var part in await conn.QueryAsync<(Guid Id, long Amount, Guid Allocation)>(new CommandDefinition(Parts, new { c.BudgetId }, cancellationToken: ct)))
            {
                var amount = Money.FromPence(part.Amount);
                var posted = await LedgerWriter.PostAsync(conn, new PostingRequest(EntryKind.Allocation, LocalDate.FromDateOnly(budget.Start), c.Actor.Id.ToString(),
                    "Budget agreed by the council", $"allocation:{part.Id}",
                    [new Posting(new AccountId(budget.Funding), -amount), new Posting(new AccountId(part.Allocation), amount)]), ct);
                if (!posted.Succeeded) throw new InvalidOperationException($"Allocating part {part.Id} failed: {posted.Status}.");
                total += amount;
            }
            await conn.ExecuteAsync(new CommandDefinition(Activate, new { c.BudgetId }, cancellationToken: ct));
            return total;
        }
    }
}
