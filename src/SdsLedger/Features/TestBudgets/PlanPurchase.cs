using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.TestBudgets;

/// <summary>
/// Something the person plans to buy with a test budget, for one of the outcomes they chose. A plan moves no money;
/// the spend is recorded when the purchase is made.
/// </summary>
public static class PlanPurchase
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid BudgetId, Guid OutcomeId, string Description, Money Amount,
                                 string Category, LocalDate PlannedOn) : ISdsCommand<Guid>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.OutcomeId).NotEmpty().WithMessage("Say which of the person's outcomes this purchase is for.");
            RuleFor(c => c.Description).Text("description of what the person plans to buy", 300);
            RuleFor(c => c.Amount).PositiveAmount();
            RuleFor(c => c.Category).Category();
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct) =>
            await OutcomeWork.CheckAsync(session, c.BudgetId, c.Actor, audit, personMay: true, "plan test budget purchases", ct);
    }

    internal sealed class Handler(DbSession session, AuditContext audit, PersonKeys personKeys) : ICommandHandler<Command, Result<Guid>>
    {
        // Locks the budget so two plans made at once cannot together go over it.
        private const string Load = """
            SELECT b.is_test AS IsTest, b.status AS Status, b.closed AS Closed, b.agreed_total AS Total,
                   (SELECT o.text FROM sds.plan_outcomes o WHERE o.id = @OutcomeId AND o.budget_id = b.id) AS Outcome,
                   coalesce((SELECT array_agg(pc.category ORDER BY pc.category) FROM sds.plan_categories pc WHERE pc.budget_id = b.id), '{}') AS Categories,
                   coalesce((SELECT sum(pp.amount) FROM sds.planned_purchases pp WHERE pp.budget_id = b.id), 0)::bigint AS Planned
              FROM sds.budgets b
             WHERE b.id = @BudgetId
               FOR UPDATE OF b
            """;

        private const string Insert = """
            INSERT INTO sds.planned_purchases (id, budget_id, outcome_id, description, amount, category, planned_by_id, planned_on)
            VALUES (@Id, @BudgetId, @OutcomeId, @Description, @Amount, @Category, @PlannedBy, @PlannedOn)
            """;

        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            var b = await conn.QuerySingleAsync<BudgetRow>(new CommandDefinition(Load, new { c.BudgetId, c.OutcomeId }, cancellationToken: ct));
            if (!b.IsTest)
                return new Refusal(RefusalCodes.InvalidState,
                    "Planned purchases belong to test budgets. An ordinary budget's support plan agrees categories, not a list of items.");
            if (b.Closed || b.Status != "active")
                return new Refusal(RefusalCodes.PeriodClosed, $"This test budget is {(b.Closed ? "closed" : b.Status)}, so nothing more can be planned for it.");
            if (b.Outcome is null)
                return Result<Guid>.Invalid(nameof(c.OutcomeId), "That outcome is not one of this test budget's; choose one of the outcomes the person chose.");
            if (!b.Categories.Contains(c.Category, StringComparer.Ordinal))
                return new Refusal(RefusalCodes.OutsidePlan,
                    $"'{c.Category}' is not in the agreed plan (agreed: {(b.Categories.Length == 0 ? "none yet" : string.Join(", ", b.Categories))}). The social worker can add it with the person.");

            var total = Money.FromPence(b.Total);
            var planned = Money.FromPence(b.Planned);
            if (planned + c.Amount > total)
                return new Refusal(RefusalCodes.InsufficientFunds,
                    $"The plans would come to {planned + c.Amount}, more than the test budget's {total} ({planned} is already planned). Plan something smaller or change an earlier plan.");

            var id = Guid.CreateVersion7();
            await conn.ExecuteAsync(new CommandDefinition(Insert, new
            {
                Id = id, c.BudgetId, c.OutcomeId,
                // What they plan to buy is kept sealed with the person's key (see PersonKeys).
                Description = await personKeys.SealAsync(audit.PersonId!.Value, $"{c.IdempotencyKey}:description", c.Description, ct), Amount = c.Amount.Pence, c.Category, PlannedBy = c.Actor.Id,
                PlannedOn = c.PlannedOn.ToDateOnly(),
            }, cancellationToken: ct));
            audit.Detail = $"planned {c.Amount} for {c.Category}";
            return id;
        }

        private sealed class BudgetRow
        {
            public bool IsTest { get; init; }
            public string Status { get; init; } = "";
            public bool Closed { get; init; }
            public long Total { get; init; }
            public string? Outcome { get; init; }
            public string[] Categories { get; init; } = [];
            public long Planned { get; init; }
        }
    }
}
