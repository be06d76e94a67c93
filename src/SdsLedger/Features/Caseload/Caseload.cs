using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Caseload;

/// <summary>
/// One budget on a caseload: how much is spent against how much of the period has passed (a pace only for active budgets),
/// the next review if it is due within the look-ahead (or overdue), and approvals waiting for a decision.
/// </summary>
public sealed record CaseloadLine(
    Guid PersonId, string PersonName, string PersonReference, Guid BudgetId, bool IsTest, SdsOption Option, string Status,
    LocalDate Start, LocalDate End, Money Amount, Money Allocated, Money Spent, decimal ShareSpent, decimal ShareElapsed, Pace? Pace,
    LocalDate? ReviewDue, int ApprovalsWaiting);

public sealed record CaseloadView(Guid WorkerId, string WorkerName, LocalDate AsOf, int TolerancePoints, IReadOnlyList<CaseloadLine> Lines)
{
    public int People => Lines.Select(l => l.PersonId).Distinct().Count();
    public Money Allocated => Lines.Aggregate(Money.Zero, (sum, l) => sum + l.Allocated);
    public Money Spent => Lines.Aggregate(Money.Zero, (sum, l) => sum + l.Spent);
    public int ReviewsDue => Lines.Count(l => l.ReviewDue is not null);
    public int ApprovalsWaiting => Lines.Sum(l => l.ApprovalsWaiting);
}

/// <summary>
/// A social worker's caseload: every budget not yet ended of the people they are the social worker for. Council staff of
/// the same council may read it (a team manager covering a colleague); nobody else.
/// </summary>
public static class Caseload
{
    public const int ReviewLookAheadDays = 30;

    public sealed record Query(Actor Actor, Guid WorkerId, LocalDate AsOf, int TolerancePoints = SpendPace.DefaultTolerancePoints)
        : ISdsQuery<CaseloadView>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Actor).ValidActor();
            RuleFor(q => q.TolerancePoints).InclusiveBetween(0, 100)
                .WithMessage("The tolerance is 0 to 100 percentage points between the share spent and the share of the period passed.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        private const string WorkerSql = "SELECT council_id FROM sds.workers WHERE id = @WorkerId AND role = 'social-worker'";

        public async ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            var council = await session.Connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(WorkerSql, new { q.WorkerId }, cancellationToken: ct));
            if (council is null || council != q.Actor.CouncilId) return Scope.NotFound("That social worker");
            audit.CouncilId = council;
            return Roles.IsCouncilStaff(q.Actor.Role) || q.Actor.Role == Role.Auditor
                ? null
                : Scope.RoleCannot(q.Actor, "read a caseload (council staff do)");
        }
    }

    internal sealed class Handler(DbSession session) : IQueryHandler<Query, Result<CaseloadView>>
    {
        private const string Sql = """
            SELECT name FROM sds.workers WHERE id = @WorkerId;

            SELECT pe.id AS PersonId, pe.name AS PersonName, pe.reference AS PersonReference, pe.council_id AS CouncilId,
                   b.id AS BudgetId, b.is_test AS IsTest, b.period_start AS PeriodStart, b.period_end AS PeriodEnd, b.status AS Status,
                   -- A draft budget has not started, so its review is not yet something to arrange.
                   CASE WHEN b.status = 'active' THEN
                       (SELECT min(r.due_on) FROM sds.reviews r WHERE r.budget_id = b.id AND r.done_on IS NULL AND r.replaced_on IS NULL AND r.due_on <= @ReviewBy)
                   END AS ReviewDue,
                   (SELECT count(*) FROM sds.approvals a JOIN sds.budget_parts p ON p.id = a.part_id
                     WHERE p.budget_id = b.id AND a.status = 'waiting')::int AS ApprovalsWaiting
              FROM sds.people pe JOIN sds.budgets b ON b.person_id = pe.id
             WHERE pe.social_worker_id = @WorkerId AND b.council_id = pe.council_id AND b.status <> 'ended'
             ORDER BY pe.reference, b.period_start, b.id;

            SELECT p.id FROM sds.budget_parts p JOIN sds.budgets b ON b.id = p.budget_id JOIN sds.people pe ON pe.id = b.person_id
             WHERE pe.social_worker_id = @WorkerId AND b.council_id = pe.council_id AND b.status <> 'ended';
            """;

        public async ValueTask<Result<CaseloadView>> Handle(Query q, CancellationToken ct)
        {
            using var grid = await session.Connection.QueryMultipleAsync(new CommandDefinition(Sql,
                new { q.WorkerId, ReviewBy = q.AsOf.PlusDays(ReviewLookAheadDays).ToDateOnly() }, session.Transaction, cancellationToken: ct));
            var workerName = await grid.ReadSingleAsync<string>();
            var budgets = (await grid.ReadAsync<BudgetRow>()).ToList();
            var parts = (await PartFigures.LoadAsync(session, (await grid.ReadAsync<Guid>()).ToList(), ct)).ToLookup(p => p.BudgetId);

            var lines = budgets.Select(b =>
            {
                var mine = parts[b.BudgetId].ToList();
                var period = new BudgetPeriod(LocalDate.FromDateOnly(b.PeriodStart), LocalDate.FromDateOnly(b.PeriodEnd));
                var amount = PartFigures.Sum(mine, p => p.Amount);
                var spent = PartFigures.Sum(mine, p => p.Spent);
                var shareSpent = amount.IsZero ? 0m : Math.Round(spent.Pence / (decimal)amount.Pence, 4);
                var shareElapsed = Math.Round(period.ShareElapsed(q.AsOf), 4);
                return new CaseloadLine(b.PersonId, b.PersonName, b.PersonReference, b.BudgetId, b.IsTest, SdsOptions.OfBudget(mine.Select(p => p.Option)),
                    b.Status, period.Start, period.End, amount, PartFigures.Sum(mine, p => p.Allocated), spent, shareSpent, shareElapsed,
                    b.Status == "active" ? SpendPace.Of(shareSpent, shareElapsed, q.TolerancePoints) : null,
                    b.ReviewDue is { } r ? LocalDate.FromDateOnly(r) : null, b.ApprovalsWaiting);
            }).ToList();

            await PeopleSeen.RecordAsync(session, q, budgets.Select(b => (b.PersonId, b.CouncilId)), "listed in a caseload", ct);
            return new CaseloadView(q.WorkerId, workerName, q.AsOf, q.TolerancePoints, lines);
        }

        private sealed class BudgetRow
        {
            public Guid PersonId { get; init; }
            public string PersonName { get; init; } = "";
            public string PersonReference { get; init; } = "";
            public Guid CouncilId { get; init; }
            public Guid BudgetId { get; init; }
            public bool IsTest { get; init; }
            public DateOnly PeriodStart { get; init; }
            public DateOnly PeriodEnd { get; init; }
            public string Status { get; init; } = "";
            public DateOnly? ReviewDue { get; init; }
            public int ApprovalsWaiting { get; init; }
        }
    }
}
