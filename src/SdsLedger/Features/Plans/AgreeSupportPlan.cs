using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Plans;

/// <summary>An outcome the person wants, in their own words, with optional recovery tags.</summary>
public sealed record Outcome(string Text, string? RecoveryPhase = null, string? CapitalDomain = null);

/// <summary>A spending category agreed in the plan, with an optional amount or share: not an itemised list.</summary>
public sealed record PlanCategory(string Category, Money? Amount = null, decimal? SharePercent = null);

/// <summary>Records the support plan agreed with the person: their outcomes and the categories the budget may be spent on.</summary>
public static class AgreeSupportPlan
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid BudgetId, LocalDate AgreedOn,
                                 IReadOnlyList<Outcome> Outcomes, IReadOnlyList<PlanCategory> Categories) : ISdsCommand<int>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Outcomes).NotEmpty().WithMessage("Write at least one outcome, in the person's own words.");
            RuleForEach(c => c.Outcomes).SetValidator(new OutcomeValidator("outcome"));
            RuleFor(c => c.Categories).AgreedCategories("Agree at least one spending category.");
            RuleForEach(c => c.Categories).SetValidator(new PlanCategoryValidator());
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct) =>
            Scope.CouncilStaff(c.Actor, await Scope.ForBudgetAsync(session, c.BudgetId, audit, ct), "That budget",
                "agree support plans (a social worker does, with the person)", Role.SocialWorker);
    }

    internal sealed class Handler(DbSession session, PersonKeys personKeys) : ICommandHandler<Command, Result<int>>
    {
        private const string Plan = """
            INSERT INTO sds.support_plans (budget_id, agreed_on, agreed_by_id) VALUES (@BudgetId, @AgreedOn, @By)
            ON CONFLICT (budget_id) DO UPDATE SET agreed_on = excluded.agreed_on, agreed_by_id = excluded.agreed_by_id
            """;

        private const string Outcome = """
            INSERT INTO sds.plan_outcomes (id, budget_id, position, text, recovery_phase, capital_domain)
            VALUES (@Id, @BudgetId, @Position, @Text, @RecoveryPhase, @CapitalDomain)
            ON CONFLICT (budget_id, position) DO UPDATE
               SET text = excluded.text, recovery_phase = excluded.recovery_phase, capital_domain = excluded.capital_domain
            """;

        private const string ClearCategories = "DELETE FROM sds.plan_categories WHERE budget_id = @BudgetId";

        private const string BudgetSql = "SELECT agreed_total AS Total, person_id AS PersonId FROM sds.budgets WHERE id = @BudgetId";

        private const string Category = """
            INSERT INTO sds.plan_categories (budget_id, category, amount, share_percent) VALUES (@BudgetId, @Category, @Amount, @SharePercent)
            """;

        public async ValueTask<Result<int>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            var (pence, person) = await conn.QuerySingleAsync<(long Total, Guid PersonId)>(new CommandDefinition(BudgetSql, new { c.BudgetId }, session.Transaction, cancellationToken: ct));
            var total = Money.FromPence(pence);
            if (PlanRules.AmountsFit(c.Categories, total) is { } tooMuch) return Result<int>.Invalid([tooMuch]);
            await conn.ExecuteAsync(new CommandDefinition(Plan, new { c.BudgetId, AgreedOn = c.AgreedOn.ToDateOnly(), By = c.Actor.Id }, cancellationToken: ct));
            // Outcomes are in the person's own words: kept sealed with their key (see PersonKeys).
            for (var i = 0; i < c.Outcomes.Count; i++)
                await conn.ExecuteAsync(new CommandDefinition(Outcome, new
                {
                    Id = Guid.CreateVersion7(), c.BudgetId, Position = i + 1,
                    Text = await personKeys.SealAsync(person, $"{c.IdempotencyKey}:outcome:{i + 1}", c.Outcomes[i].Text, ct),
                    c.Outcomes[i].RecoveryPhase, c.Outcomes[i].CapitalDomain,
                }, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition(ClearCategories, new { c.BudgetId }, cancellationToken: ct));
            foreach (var cat in c.Categories)
                await conn.ExecuteAsync(new CommandDefinition(Category, new { c.BudgetId, cat.Category, Amount = cat.Amount?.Pence, cat.SharePercent }, cancellationToken: ct));
            return c.Categories.Count;
        }
    }
}
