using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Reports;

public sealed record CaseloadReportView(string CouncilName, LocalDate AsOf, int TolerancePoints, IReadOnlyList<CaseloadWorker> Workers)
{
    public int Budgets => Workers.Sum(w => w.Budgets.Count);
}

/// <summary>One social worker's caseload; <paramref name="WorkerName"/> is empty for people with no social worker named.</summary>
public sealed record CaseloadWorker(string WorkerName, IReadOnlyList<CaseloadBudget> Budgets)
{
    public Money Allocated => Budgets.Aggregate(Money.Zero, (s, b) => s + b.Allocated);
    public Money Spent => Budgets.Aggregate(Money.Zero, (s, b) => s + b.Spent);
}

/// <summary>
/// One active budget: allocated (credited to its parts from the council's funding) and spent (its spending categories'
/// balances), both from the ledger now; the share of the period gone by the report's date and the pace that gives; the
/// next review not yet done if it is due within the look-ahead or overdue; and requests waiting for a second approver.
/// </summary>
public sealed record CaseloadBudget(
    string PersonName, string PersonReference, SdsOption Option, bool IsTest, Money Allocated, Money Spent,
    decimal ShareSpent, decimal ShareElapsed, Pace Pace, LocalDate? ReviewDue, bool ReviewOverdue, int ApprovalsWaiting);

/// <summary>
/// The caseload report: each social worker's active budgets in one query for the whole council (or one worker), with
/// the same pace rule and review look-ahead as a caseload on screen.
/// </summary>
public static class CaseloadReport
{
    /// <param name="SocialWorkerCode">One social worker's caseload (their worker code), or every social worker's when null.</param>
    public sealed record Query(Actor Actor, LocalDate AsOf, string? SocialWorkerCode = null) : ISdsQuery<CaseloadReportView>, IStandbyRead;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct) =>
            ReportAccess.CouncilStaffAsync(q.Actor, audit, "caseload report");
    }

    internal sealed class Handler(DbSession session) : IQueryHandler<Query, Result<CaseloadReportView>>
    {
        private const string WorkerSql = """
            SELECT id FROM sds.workers WHERE code = @Code AND council_id = @CouncilId AND role = 'social-worker'
            """;

        // Allocated: the allocation-account leg of every entry that also touches the council's funding account,
        // found from the funding account's postings (one index range) rather than from each part's history. Spent,
        // reviews and waiting approvals are each one join over the caseload, grouped, rather than a look-up per budget
        // or part: for a whole council they are hashed, for one worker's caseload the joins go by index.
        internal const string Sql = """
            SELECT name FROM sds.councils WHERE id = @CouncilId;

            WITH caseload AS (
                SELECT b.id, b.is_test, b.period_start, b.period_end, pe.id AS person_id, pe.name AS person_name, pe.reference,
                       coalesce(w.name, '') AS worker_name
                  FROM sds.budgets b
                  JOIN sds.people pe ON pe.id = b.person_id
                  LEFT JOIN sds.workers w ON w.id = pe.social_worker_id
                 WHERE b.council_id = @CouncilId AND b.status = 'active'
                   AND (@WorkerId::uuid IS NULL OR pe.social_worker_id = @WorkerId)),
            allocated AS MATERIALIZED (
                SELECT a.account_id, sum(a.amount) AS amount
                  FROM sds.councils c
                  JOIN ledger.postings f ON f.account_id = c.funding_account
                  JOIN ledger.postings a ON a.entry_id = f.entry_id AND a.account_id <> f.account_id
                 WHERE c.id = @CouncilId
                 GROUP BY a.account_id),
            budget_money AS (
                SELECT p.budget_id, CASE WHEN count(DISTINCT p.option) > 1 THEN 4 ELSE min(p.option) END AS option,
                       coalesce(sum(al.amount), 0) AS allocated
                  FROM caseload cl
                  JOIN sds.budget_parts p ON p.budget_id = cl.id
                  LEFT JOIN allocated al ON al.account_id = p.allocation_account
                 GROUP BY p.budget_id),
            spent AS (
                SELECT p.budget_id, sum(bal.posted) AS spent
                  FROM caseload cl
                  JOIN sds.budget_parts p ON p.budget_id = cl.id
                  JOIN sds.part_categories pc ON pc.part_id = p.id
                  JOIN ledger.balances bal ON bal.account_id = pc.account_id
                 GROUP BY p.budget_id),
            review AS (
                SELECT r.budget_id, min(r.due_on) AS due_on
                  FROM caseload cl
                  JOIN sds.reviews r ON r.budget_id = cl.id
                 WHERE r.done_on IS NULL AND r.replaced_on IS NULL AND r.due_on <= @ReviewBy
                 GROUP BY r.budget_id),
            waiting AS (
                SELECT p.budget_id, count(*) AS approvals
                  FROM caseload cl
                  JOIN sds.budget_parts p ON p.budget_id = cl.id
                  JOIN sds.approvals ap ON ap.part_id = p.id
                 WHERE ap.status = 'waiting'
                 GROUP BY p.budget_id)
            SELECT cl.id AS BudgetId, cl.person_id AS PersonId, cl.is_test AS IsTest, cl.period_start AS PeriodStart, cl.period_end AS PeriodEnd,
                   cl.person_name AS PersonName, cl.reference AS PersonReference, cl.worker_name AS WorkerName,
                   m.option::int AS Option, m.allocated::bigint AS Allocated, coalesce(sp.spent, 0)::bigint AS Spent,
                   rv.due_on AS ReviewDue, coalesce(wt.approvals, 0)::int AS ApprovalsWaiting
              FROM caseload cl
              JOIN budget_money m ON m.budget_id = cl.id
              LEFT JOIN spent sp ON sp.budget_id = cl.id
              LEFT JOIN review rv ON rv.budget_id = cl.id
              LEFT JOIN waiting wt ON wt.budget_id = cl.id
             ORDER BY cl.worker_name, cl.person_name, cl.reference, cl.id;
            """;

        public async ValueTask<Result<CaseloadReportView>> Handle(Query q, CancellationToken ct)
        {
            var conn = session.Connection;
            Guid? workerId = null;
            if (q.SocialWorkerCode is { } code)
            {
                workerId = await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(WorkerSql, new { Code = code, q.Actor.CouncilId },
                    session.Transaction, cancellationToken: ct));
                if (workerId is null)
                    return Result<CaseloadReportView>.Invalid(nameof(q.SocialWorkerCode), $"'{code}' is not the worker code of one of this council's social workers.");
            }

            using var grid = await conn.QueryMultipleAsync(new CommandDefinition(Sql, new
            {
                q.Actor.CouncilId, WorkerId = workerId, ReviewBy = q.AsOf.PlusDays(Caseload.Caseload.ReviewLookAheadDays).ToDateOnly(),
            }, session.Transaction, cancellationToken: ct));
            var council = await grid.ReadSingleAsync<string>();
            var rows = (await grid.ReadAsync<Row>()).ToList();
            var workers = rows.GroupBy(r => r.WorkerName).Select(g => new CaseloadWorker(g.Key, g.Select(r =>
            {
                var period = new BudgetPeriod(LocalDate.FromDateOnly(r.PeriodStart), LocalDate.FromDateOnly(r.PeriodEnd));
                var shareSpent = r.Allocated == 0 ? 0m : Math.Round(r.Spent / (decimal)r.Allocated, 4);
                var shareElapsed = Math.Round(period.ShareElapsed(q.AsOf), 4);
                var review = r.ReviewDue is { } due ? LocalDate.FromDateOnly(due) : (LocalDate?)null;
                return new CaseloadBudget(r.PersonName, r.PersonReference, (SdsOption)r.Option, r.IsTest, Money.FromPence(r.Allocated),
                    Money.FromPence(r.Spent), shareSpent, shareElapsed, SpendPace.Of(shareSpent, shareElapsed), review, review < q.AsOf,
                    r.ApprovalsWaiting);
            }).ToList())).ToList();
            await PeopleSeen.RecordAsync(session, q, rows.Select(r => (r.PersonId, q.Actor.CouncilId!.Value)), "listed in a caseload report", ct);
            return new CaseloadReportView(council, q.AsOf, SpendPace.DefaultTolerancePoints, workers);
        }

        private sealed class Row
        {
            public Guid BudgetId { get; init; }
            public Guid PersonId { get; init; }
            public bool IsTest { get; init; }
            public DateOnly PeriodStart { get; init; }
            public DateOnly PeriodEnd { get; init; }
            public string PersonName { get; init; } = "";
            public string PersonReference { get; init; } = "";
            public string WorkerName { get; init; } = "";
            public int Option { get; init; }
            public long Allocated { get; init; }
            public long Spent { get; init; }
            public DateOnly? ReviewDue { get; init; }
            public int ApprovalsWaiting { get; init; }
        }
    }
}
