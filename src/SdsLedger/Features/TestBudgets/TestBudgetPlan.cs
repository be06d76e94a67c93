using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.TestBudgets;

public sealed record PlanOutcome(Guid Id, int Position, string Text);

public sealed record PlannedItem(Guid? OutcomeId, string Description, Money Amount, string Category, LocalDate PlannedOn);

public sealed record ProgressItem(Guid? OutcomeId, LocalDate NotedOn, string WhatChanged, string? InOwnWords, bool Completed);

/// <summary>A test budget as the person and the people working with them plan it: its outcomes, what is planned, the progress noted.</summary>
public sealed record TestBudgetPlanView(Guid BudgetId, LocalDate Start, LocalDate End, Money Amount, IReadOnlyList<string> Categories,
                                        IReadOnlyList<PlanOutcome> Outcomes, IReadOnlyList<PlannedItem> Planned, IReadOnlyList<ProgressItem> Progress)
{
    public Money PlannedTotal => Planned.Aggregate(Money.Zero, (sum, p) => sum + p.Amount);
    public Money LeftToPlan => Amount - PlannedTotal;
}

/// <summary>
/// One test budget's outcomes (in the person's own words), the purchases planned for each, and the progress noted, for
/// anyone who works on its outcomes (OutcomeWork) and the person themselves.
/// </summary>
public static class TestBudgetPlan
{
    public sealed record Query(Actor Actor, Guid BudgetId) : ISdsQuery<TestBudgetPlanView>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public async ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct) =>
            await OutcomeWork.CheckAsync(session, q.BudgetId, q.Actor, audit, personMay: true, "read this test budget", ct);
    }

    internal sealed class Handler(DbSession session, PersonKeys personKeys) : IQueryHandler<Query, Result<TestBudgetPlanView>>
    {
        private const string Sql = """
            SELECT id, period_start, period_end, agreed_total FROM sds.budgets WHERE id = @BudgetId AND is_test;
            SELECT category FROM sds.plan_categories WHERE budget_id = @BudgetId ORDER BY category;
            SELECT id AS Id, position AS Position, text AS Text FROM sds.plan_outcomes WHERE budget_id = @BudgetId ORDER BY position;
            SELECT outcome_id, description, amount, category, planned_on FROM sds.planned_purchases WHERE budget_id = @BudgetId ORDER BY planned_on, id;
            SELECT outcome_id, noted_on, what_changed, in_own_words, completed FROM sds.progress_notes WHERE budget_id = @BudgetId ORDER BY noted_on DESC, id DESC;
            """;

        public async ValueTask<Result<TestBudgetPlanView>> Handle(Query q, CancellationToken ct)
        {
            await using var grid = await session.Connection.QueryMultipleAsync(new CommandDefinition(Sql, new { q.BudgetId }, session.Transaction, cancellationToken: ct));
            var budget = (await grid.ReadAsync<(Guid Id, DateOnly Start, DateOnly End, long Total)>()).ToList();
            var categories = (await grid.ReadAsync<string>()).ToList();
            var outcomeRows = (await grid.ReadAsync<PlanOutcome>()).ToList();
            var plannedRows = (await grid.ReadAsync<(Guid? OutcomeId, string Description, long Amount, string Category, DateOnly PlannedOn)>()).ToList();
            var noteRows = (await grid.ReadAsync<(Guid? OutcomeId, DateOnly NotedOn, string WhatChanged, string? InOwnWords, bool Completed)>()).ToList();
            // Outcomes, plans and notes are in the person's words, kept sealed with their key.
            var outcomes = new List<PlanOutcome>(outcomeRows.Count);
            foreach (var o in outcomeRows) outcomes.Add(o with { Text = await personKeys.RevealAsync(o.Text, ct) });
            var planned = new List<PlannedItem>(plannedRows.Count);
            foreach (var p in plannedRows)
                planned.Add(new PlannedItem(p.OutcomeId, await personKeys.RevealAsync(p.Description, ct), Money.FromPence(p.Amount), p.Category,
                                            LocalDate.FromDateOnly(p.PlannedOn)));
            // By day, then by what, as the person reads them (the stored text is sealed, so the database cannot sort it).
            planned.Sort((x, y) => x.PlannedOn != y.PlannedOn ? x.PlannedOn.CompareTo(y.PlannedOn) : string.CompareOrdinal(x.Description, y.Description));
            var notes = new List<ProgressItem>(noteRows.Count);
            foreach (var n in noteRows)
                notes.Add(new ProgressItem(n.OutcomeId, LocalDate.FromDateOnly(n.NotedOn), await personKeys.RevealAsync(n.WhatChanged, ct),
                                           await personKeys.RevealIfGivenAsync(n.InOwnWords, ct), n.Completed));
            if (budget.Count == 0) return Scope.NotFound("That test budget");
            var b = budget[0];
            return new TestBudgetPlanView(b.Id, LocalDate.FromDateOnly(b.Start), LocalDate.FromDateOnly(b.End), Money.FromPence(b.Total), categories,
                outcomes, planned, notes);
        }
    }
}
