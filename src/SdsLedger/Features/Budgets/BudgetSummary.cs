using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Budgets;

public sealed record CategorySpend(string Category, Money Spent);

public sealed record PartSummary(Guid PartId, int Position, SdsOption Option, string Holder, Money Amount, Money Allocated, Money Received,
                                 Money Spent, Money Committed, Money Available, Money Returned, IReadOnlyList<CategorySpend> SpentByCategory);

public sealed record BudgetSummaryView(
    Guid BudgetId, Guid PersonId, string PersonName, string PersonReference, SdsOption Option, bool IsTest,
    LocalDate Start, LocalDate End, string Status, bool Closed, Money AgreedTotal,
    Money Allocated, Money Received, Money Spent, Money Committed, Money Available, Money Returned,
    decimal ShareElapsed, decimal ShareSpent, LocalDate? NextReview,
    IReadOnlyList<PartSummary> Parts, IReadOnlyList<CategorySpend> SpentByCategory, IReadOnlyList<string> Outcomes);

/// <summary>A budget at a glance: allocated, received, spent by category, set aside, available, and spending against time elapsed.</summary>
public static class BudgetSummary
{
    public sealed record Query(Actor Actor, Guid BudgetId, LocalDate AsOf) : ISdsQuery<BudgetSummaryView>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public async ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            var scope = await Scope.ForBudgetAsync(session, q.BudgetId, audit, ct);
            if (scope is null || !Scope.CanSee(q.Actor, scope)) return Scope.NotFound("That budget");
            return await LeastAccess.CheckAsync(session, q.Actor, scope.PersonId, ct);
        }
    }

    internal sealed class Handler(DbSession session, PersonKeys personKeys) : IQueryHandler<Query, Result<BudgetSummaryView>>
    {
        private const string Sql = """
            SELECT b.id AS BudgetId, b.person_id AS PersonId, pe.name AS PersonName, pe.reference AS PersonReference, b.is_test AS IsTest,
                   b.period_start AS PeriodStart, b.period_end AS PeriodEnd, b.status AS Status, b.closed AS Closed, b.agreed_total AS AgreedTotal,
                   (SELECT min(r.due_on) FROM sds.reviews r WHERE r.budget_id = b.id AND r.done_on IS NULL AND r.replaced_on IS NULL) AS NextReview
              FROM sds.budgets b JOIN sds.people pe ON pe.id = b.person_id
             WHERE b.id = @BudgetId;

            SELECT p.id AS PartId, p.position AS Position, p.option AS Option, p.holder_name AS Holder, p.amount AS Amount,
                   coalesce((SELECT sum(pp.amount) FROM ledger.postings pp JOIN ledger.entries e ON e.id = pp.entry_id
                              WHERE pp.account_id = p.allocation_account AND e.kind IN ('allocation', 'reversal') AND pp.amount > 0), 0)
                 - coalesce((SELECT sum(-pp.amount) FROM ledger.postings pp JOIN ledger.entries e ON e.id = pp.entry_id
                              WHERE pp.account_id = p.allocation_account AND e.kind = 'reversal' AND pp.amount < 0
                                AND EXISTS (SELECT 1 FROM ledger.entries o WHERE o.id = e.reverses AND o.kind = 'allocation')), 0)::bigint AS Allocated,
                   coalesce((SELECT sum(pp.amount) FROM ledger.postings pp JOIN ledger.entries e ON e.id = pp.entry_id
                              WHERE pp.account_id = p.held_account AND e.kind = 'instalment'), 0)::bigint AS Instalments,
                   ba.posted AS AllocationPosted, ba.pending AS AllocationPending,
                   bh.posted AS HeldPosted, bh.pending AS HeldPending, br.posted AS Returned
              FROM sds.budget_parts p
              JOIN ledger.balances ba ON ba.account_id = p.allocation_account
              JOIN ledger.balances bh ON bh.account_id = p.held_account
              JOIN ledger.balances br ON br.account_id = p.returned_account
             WHERE p.budget_id = @BudgetId
             ORDER BY p.position;

            SELECT pc.part_id AS PartId, pc.category AS Category, b.posted AS Spent
              FROM sds.part_categories pc JOIN sds.budget_parts p ON p.id = pc.part_id
              JOIN ledger.balances b ON b.account_id = pc.account_id
             WHERE p.budget_id = @BudgetId
             ORDER BY pc.category;

            SELECT text FROM sds.plan_outcomes WHERE budget_id = @BudgetId ORDER BY position;
            """;

        public async ValueTask<Result<BudgetSummaryView>> Handle(Query q, CancellationToken ct)
        {
            using var grid = await session.Connection.QueryMultipleAsync(new CommandDefinition(Sql, new { q.BudgetId }, session.Transaction, cancellationToken: ct));
            var b = await grid.ReadSingleAsync<BudgetRow>();
            var parts = (await grid.ReadAsync<PartRow>()).ToList();
            var categories = (await grid.ReadAsync<(Guid PartId, string Category, long Spent)>()).ToList();
            var outcomes = new List<string>();
            foreach (var text in (await grid.ReadAsync<string>()).ToList()) outcomes.Add(await personKeys.RevealAsync(text, ct));

            var partViews = parts.Select(p =>
            {
                var option = (SdsOption)p.Option;
                var councilArranged = option == SdsOption.CouncilArranged;
                var spent = categories.Where(c => c.PartId == p.PartId).Select(c => new CategorySpend(c.Category, Money.FromPence(c.Spent))).ToList();
                var received = councilArranged ? p.Allocated : p.Instalments;
                var committed = councilArranged ? p.AllocationPending : p.HeldPending;
                var available = councilArranged ? p.AllocationPosted - p.AllocationPending : p.HeldPosted - p.HeldPending;
                return new PartSummary(p.PartId, p.Position, option, p.Holder, Money.FromPence(p.Amount), Money.FromPence(p.Allocated),
                    Money.FromPence(received), spent.Aggregate(Money.Zero, (s, c) => s + c.Spent), Money.FromPence(committed),
                    Money.FromPence(available), Money.FromPence(p.Returned), spent);
            }).ToList();

            Money Sum(Func<PartSummary, Money> pick) => partViews.Aggregate(Money.Zero, (s, p) => s + pick(p));
            var byCategory = partViews.SelectMany(p => p.SpentByCategory).GroupBy(c => c.Category)
                .Select(g => new CategorySpend(g.Key, g.Aggregate(Money.Zero, (s, c) => s + c.Spent))).OrderBy(c => c.Category, StringComparer.Ordinal).ToList();
            var period = new BudgetPeriod(LocalDate.FromDateOnly(b.PeriodStart), LocalDate.FromDateOnly(b.PeriodEnd));
            var spentTotal = Sum(p => p.Spent);
            return new BudgetSummaryView(b.BudgetId, b.PersonId, b.PersonName, b.PersonReference, SdsOptions.OfBudget(partViews.Select(p => p.Option)), b.IsTest,
                period.Start, period.End, b.Status, b.Closed, Money.FromPence(b.AgreedTotal),
                Sum(p => p.Allocated), Sum(p => p.Received), spentTotal, Sum(p => p.Committed), Sum(p => p.Available), Sum(p => p.Returned),
                Math.Round(period.ShareElapsed(q.AsOf), 4), b.AgreedTotal == 0 ? 0 : Math.Round(spentTotal.Pence / (decimal)b.AgreedTotal, 4),
                b.NextReview is { } r ? LocalDate.FromDateOnly(r) : null, partViews, byCategory, outcomes);
        }

        private sealed class BudgetRow
        {
            public Guid BudgetId { get; init; }
            public Guid PersonId { get; init; }
            public string PersonName { get; init; } = "";
            public string PersonReference { get; init; } = "";
            public bool IsTest { get; init; }
            public DateOnly PeriodStart { get; init; }
            public DateOnly PeriodEnd { get; init; }
            public string Status { get; init; } = "";
            public bool Closed { get; init; }
            public long AgreedTotal { get; init; }
            public DateOnly? NextReview { get; init; }
        }

        private sealed class PartRow
        {
            public Guid PartId { get; init; }
            public int Position { get; init; }
            public short Option { get; init; }
            public string Holder { get; init; } = "";
            public long Amount { get; init; }
            public long Allocated { get; init; }
            public long Instalments { get; init; }
            public long AllocationPosted { get; init; }
            public long AllocationPending { get; init; }
            public long HeldPosted { get; init; }
            public long HeldPending { get; init; }
            public long Returned { get; init; }
        }
    }
}
