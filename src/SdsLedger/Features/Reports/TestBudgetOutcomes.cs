using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Reports;

/// <summary>An outcome the person chose, with how many progress notes it has, the latest, and whether it is done.</summary>
public sealed record TestOutcomeRow(string Text, string? RecoveryPhase, string? CapitalDomain, int Notes, LocalDate? LastNoted,
                                    string? LatestProgress, bool Completed);

/// <summary>One test budget: amount agreed, spent so far (its spending categories in the ledger), holder, and its outcomes.</summary>
public sealed record TestBudgetRow(string PersonName, string PersonReference, string HolderName, LocalDate Start, LocalDate End,
                                   Money Amount, Money Spent, IReadOnlyList<TestOutcomeRow> Outcomes)
{
    public bool Completed => Outcomes.Count > 0 && Outcomes.All(o => o.Completed);
}

public sealed record TestBudgetOutcomesView(string CouncilName, LocalDate AsOf, IReadOnlyList<TestBudgetRow> Budgets)
{
    public Money Amount => Budgets.Aggregate(Money.Zero, (s, b) => s + b.Amount);
    public Money Spent => Budgets.Aggregate(Money.Zero, (s, b) => s + b.Spent);
    public int Outcomes => Budgets.Sum(b => b.Outcomes.Count);
    public int OutcomesCompleted => Budgets.Sum(b => b.Outcomes.Count(o => o.Completed));
}

/// <summary>The council's test budgets: outcomes chosen in the person's words, spend, progress recorded, and which are done.</summary>
public static class TestBudgetOutcomes
{
    /// <summary>The notes about a budget as a whole (not one outcome) are listed as this outcome.</summary>
    public const string WholeBudget = "The test budget as a whole";

    public sealed record Query(Actor Actor, LocalDate AsOf) : ISdsQuery<TestBudgetOutcomesView>, IStandbyRead;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct) =>
            ReportAccess.CouncilStaffAsync(q.Actor, audit, "test-budget outcomes");
    }

    internal sealed class Handler(DbSession session, PersonKeys personKeys) : IQueryHandler<Query, Result<TestBudgetOutcomesView>>
    {
        internal const string Sql = """
            SELECT name FROM sds.councils WHERE id = @CouncilId;

            SELECT b.id AS BudgetId, pe.id AS PersonId, pe.name AS PersonName, pe.reference AS PersonReference,
                   string_agg(p.holder_name, ', ' ORDER BY p.position) AS HolderName,
                   b.period_start AS PeriodStart, b.period_end AS PeriodEnd, b.agreed_total AS Amount,
                   coalesce(sum((SELECT sum(bal.posted) FROM sds.part_categories pc JOIN ledger.balances bal ON bal.account_id = pc.account_id
                                  WHERE pc.part_id = p.id)), 0)::bigint AS Spent
              FROM sds.budgets b
              JOIN sds.people pe ON pe.id = b.person_id
              JOIN sds.budget_parts p ON p.budget_id = b.id
             WHERE b.council_id = @CouncilId AND b.is_test AND b.status <> 'draft' AND b.period_start <= @AsOf
             GROUP BY b.id, pe.id
             ORDER BY pe.reference, b.period_start, b.id;

            SELECT o.budget_id AS BudgetId, o.id AS OutcomeId, o.text AS Text, o.recovery_phase AS RecoveryPhase, o.capital_domain AS CapitalDomain
              FROM sds.plan_outcomes o JOIN sds.budgets b ON b.id = o.budget_id
             WHERE b.council_id = @CouncilId AND b.is_test AND b.status <> 'draft' AND b.period_start <= @AsOf
             ORDER BY o.budget_id, o.position;

            SELECT n.budget_id AS BudgetId, n.outcome_id AS OutcomeId, n.noted_on AS NotedOn, n.what_changed AS WhatChanged, n.completed AS Completed
              FROM sds.progress_notes n JOIN sds.budgets b ON b.id = n.budget_id
             WHERE b.council_id = @CouncilId AND b.is_test AND b.status <> 'draft' AND n.noted_on <= @AsOf
             ORDER BY n.noted_on, n.id;
            """;

        public async ValueTask<Result<TestBudgetOutcomesView>> Handle(Query q, CancellationToken ct)
        {
            using var grid = await session.Connection.QueryMultipleAsync(new CommandDefinition(Sql, new { q.Actor.CouncilId, AsOf = q.AsOf.ToDateOnly() },
                session.Transaction, cancellationToken: ct));
            var council = await grid.ReadSingleAsync<string>();
            var budgets = (await grid.ReadAsync<BudgetRow>()).ToList();
            var outcomeRows = (await grid.ReadAsync<OutcomeRow>()).ToList();
            var noteRows = (await grid.ReadAsync<NoteRow>()).ToList();
            // Outcomes and notes are kept sealed with each person's key: all the keys are fetched at once.
            await personKeys.LoadKeysForAsync(outcomeRows.Select(o => o.Text).Concat(noteRows.Select(n => n.WhatChanged)), ct);
            foreach (var o in outcomeRows) o.Text = await personKeys.RevealAsync(o.Text, ct);
            foreach (var n in noteRows) n.WhatChanged = await personKeys.RevealAsync(n.WhatChanged, ct);
            var outcomes = outcomeRows.ToLookup(o => o.BudgetId);
            var notes = noteRows.ToLookup(n => (n.BudgetId, n.OutcomeId));

            var rows = budgets.Select(b =>
            {
                var chosen = outcomes[b.BudgetId].Select(o => Outcome(o.Text, o.RecoveryPhase, o.CapitalDomain, notes[(b.BudgetId, o.OutcomeId)])).ToList();
                var whole = notes[(b.BudgetId, null)].ToList();
                if (whole.Count > 0) chosen.Add(Outcome(WholeBudget, null, null, whole));
                return new TestBudgetRow(b.PersonName, b.PersonReference, b.HolderName, LocalDate.FromDateOnly(b.PeriodStart),
                    LocalDate.FromDateOnly(b.PeriodEnd), Money.FromPence(b.Amount), Money.FromPence(b.Spent), chosen);
            }).ToList();
            await PeopleSeen.RecordAsync(session, q, budgets.Select(b => (b.PersonId, q.Actor.CouncilId!.Value)), "listed in test-budget outcomes", ct);
            return new TestBudgetOutcomesView(council, q.AsOf, rows);
        }

        private static TestOutcomeRow Outcome(string text, string? phase, string? domain, IEnumerable<NoteRow> notes)
        {
            var list = notes.ToList();
            var latest = list.Count == 0 ? null : list[^1];
            return new TestOutcomeRow(text, phase, domain, list.Count, latest is null ? null : LocalDate.FromDateOnly(latest.NotedOn),
                latest?.WhatChanged, list.Any(n => n.Completed));
        }

        private sealed class BudgetRow
        {
            public Guid BudgetId { get; init; }
            public Guid PersonId { get; init; }
            public string PersonName { get; init; } = "";
            public string PersonReference { get; init; } = "";
            public string HolderName { get; init; } = "";
            public DateOnly PeriodStart { get; init; }
            public DateOnly PeriodEnd { get; init; }
            public long Amount { get; init; }
            public long Spent { get; init; }
        }

        private sealed class OutcomeRow
        {
            public Guid BudgetId { get; init; }
            public Guid OutcomeId { get; init; }
            public string Text { get; set; } = "";
            public string? RecoveryPhase { get; init; }
            public string? CapitalDomain { get; init; }
        }

        private sealed class NoteRow
        {
            public Guid BudgetId { get; init; }
            public Guid? OutcomeId { get; init; }
            public DateOnly NotedOn { get; init; }
            public string WhatChanged { get; set; } = "";
            public bool Completed { get; init; }
        }
    }
}
