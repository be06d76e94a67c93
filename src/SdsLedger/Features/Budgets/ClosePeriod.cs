using Dapper;
using FluentValidation;
using Mediator;
using Npgsql;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Budgets;

/// <summary>Where a budget stands after closing its period or ending it.</summary>
public sealed record BudgetState(Guid BudgetId, string Status, bool Closed);

/// <summary>
/// A finance officer closes a budget's period: nothing more is spent or set aside from it. Money still set aside
/// must be spent or released first, so nothing is left half done.
/// </summary>
public static class ClosePeriod
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid BudgetId) : ISdsCommand<BudgetState>;

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
            Scope.CouncilStaff(c.Actor, await Scope.ForBudgetAsync(session, c.BudgetId, audit, ct), "That budget",
                "close budget periods (a finance officer of the council does)", Role.CouncilFinance);
    }

    internal sealed class Handler(DbSession session, AuditContext audit, PersonKeys personKeys) : ICommandHandler<Command, Result<BudgetState>>
    {
        private const string Load = "SELECT status, closed FROM sds.budgets WHERE id = @BudgetId FOR UPDATE";

        private const string Close = "UPDATE sds.budgets SET closed = true WHERE id = @BudgetId";

        public async ValueTask<Result<BudgetState>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            var budget = await conn.QuerySingleAsync<(string Status, bool Closed)>(new CommandDefinition(Load, new { c.BudgetId }, cancellationToken: ct));
            if (budget.Closed)
                return Result<BudgetState>.Refused(RefusalCodes.InvalidState, "This budget's period is already closed.");
            if (budget.Status == "draft")
                return Result<BudgetState>.Refused(RefusalCodes.InvalidState, "This budget is still a draft, so it has no period to close yet.");
            if (await OpenCommitments.DescribeAsync(conn, personKeys, c.BudgetId, ct) is { } open)
                return Result<BudgetState>.Refused(RefusalCodes.InvalidState, $"{open} Spend or release it first, then close the period.");

            await conn.ExecuteAsync(new CommandDefinition(Close, new { c.BudgetId }, cancellationToken: ct));
            audit.Detail = "period closed";
            return new BudgetState(c.BudgetId, budget.Status, Closed: true);
        }
    }
}

/// <summary>Money still set aside on a budget, named, for the commands that must not leave it stranded.</summary>
internal static class OpenCommitments
{
    private const string Sql = """
        SELECT c.description AS Description, h.amount AS Amount
          FROM sds.commitments c
          JOIN ledger.holds h ON h.id = c.hold_id
          JOIN sds.budget_parts p ON p.id = c.part_id
         WHERE p.budget_id = @BudgetId AND h.status = 'open'
         ORDER BY h.created_at
        """;

    /// <summary>"£40.00 is still set aside (for the gym membership)." or null when nothing is.</summary>
    public static async Task<string?> DescribeAsync(NpgsqlConnection conn, PersonKeys personKeys, Guid budgetId, CancellationToken ct)
    {
        var open = (await conn.QueryAsync<(string Description, long Amount)>(new CommandDefinition(Sql, new { BudgetId = budgetId }, cancellationToken: ct))).ToList();
        if (open.Count == 0) return null;
        var total = Money.FromPence(open.Sum(o => o.Amount));
        // What the money is set aside for is kept sealed with the person's key.
        var named = new List<string>();
        foreach (var o in open.Take(3)) named.Add(await personKeys.RevealAsync(o.Description, ct));
        var names = string.Join(", ", named) + (open.Count > 3 ? " and more" : "");
        return $"{total} is still set aside (for {names}).";
    }
}
