using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Budgets;

/// <summary>
/// Ends a budget (for example the person moved away or now gets support another way): no more instalments are paid
/// and nothing more is spent from it. What it still holds stays there until surplus is discussed and reclaimed.
/// </summary>
public static class EndBudget
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid BudgetId, string Reason) : ISdsCommand<BudgetState>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Reason).Text("reason the budget ends (for example 'moved to another council area')", 300);
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct) =>
            Scope.CouncilStaff(c.Actor, await Scope.ForBudgetAsync(session, c.BudgetId, audit, ct), "That budget", "end budgets");
    }

    internal sealed class Handler(DbSession session, AuditContext audit, PersonKeys personKeys) : ICommandHandler<Command, Result<BudgetState>>
    {
        private const string Load = "SELECT status, closed FROM sds.budgets WHERE id = @BudgetId FOR UPDATE";

        private const string End = "UPDATE sds.budgets SET status = 'ended' WHERE id = @BudgetId";

        public async ValueTask<Result<BudgetState>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            var budget = await conn.QuerySingleAsync<(string Status, bool Closed)>(new CommandDefinition(Load, new { c.BudgetId }, cancellationToken: ct));
            if (budget.Status == "ended")
                return Result<BudgetState>.Refused(RefusalCodes.InvalidState, "This budget has already ended.");
            if (await OpenCommitments.DescribeAsync(conn, personKeys, c.BudgetId, ct) is { } open)
                return Result<BudgetState>.Refused(RefusalCodes.InvalidState, $"{open} Spend or release it first, then end the budget.");

            await conn.ExecuteAsync(new CommandDefinition(End, new { c.BudgetId }, cancellationToken: ct));
            audit.Detail = $"ended ({budget.Status} before): {c.Reason}";
            return new BudgetState(c.BudgetId, "ended", budget.Closed);
        }
    }
}
