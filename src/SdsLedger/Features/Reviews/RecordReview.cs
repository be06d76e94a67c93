using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Reviews;

/// <summary>A review done: the review it settled (the earliest still due), and the next one, if it falls within the budget.</summary>
public sealed record ReviewRecorded(Guid BudgetId, LocalDate DoneOn, LocalDate? WasDue, LocalDate? NextDue, string? NextReason);

/// <summary>
/// Records a review of a budget with the person: the day, what was agreed, and who did it. It settles the earliest review
/// still due; the next is due a year later, or six months later when the person is in the maintenance phase on that day
/// (their recovery re-discussed 6-monthly); later dates scheduled before are replaced by it. Caseloads and reports then
/// show the next review, not an overdue one.
/// </summary>
public static class RecordReview
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid BudgetId, LocalDate On, string Agreed) : ISdsCommand<ReviewRecorded>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.On).SaneDay("review date");
            RuleFor(c => c.Agreed).Text("note of what was agreed at the review", 2000);
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            var scope = await Scope.ForBudgetAsync(session, c.BudgetId, audit, ct);
            return Scope.CouncilStaff(c.Actor, scope, "That budget", "record a review (the person's council's social workers do)", Role.SocialWorker);
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit, CouncilClock clock, PersonKeys personKeys) : ICommandHandler<Command, Result<ReviewRecorded>>
    {
        private const string BudgetSql = """
            SELECT person_id AS PersonId, period_start AS PeriodStart, period_end AS PeriodEnd, status AS Status
              FROM sds.budgets WHERE id = @BudgetId FOR UPDATE
            """;

        private const string EarliestDueSql = """
            SELECT min(due_on) FROM sds.reviews WHERE budget_id = @BudgetId AND done_on IS NULL AND replaced_on IS NULL
            """;

        private const string DoneSql = """
            INSERT INTO sds.reviews (budget_id, due_on, reason, done_on, agreed, done_by_id, recorded_at)
            VALUES (@BudgetId, @DueOn, 'scheduled', @On, @Agreed, @By, clock_timestamp())
            ON CONFLICT (budget_id, due_on) DO UPDATE
               SET done_on = excluded.done_on, agreed = excluded.agreed, done_by_id = excluded.done_by_id,
                   recorded_at = excluded.recorded_at, replaced_on = NULL
            """;

        private const string ReplaceSql = """
            UPDATE sds.reviews SET replaced_on = @On
             WHERE budget_id = @BudgetId AND done_on IS NULL AND replaced_on IS NULL AND due_on <> @DueOn
            """;

        internal const string PhaseSql = """
            SELECT phase FROM sds.recovery_phases WHERE person_id = @PersonId AND from_date <= @On
             ORDER BY from_date DESC, recorded_at DESC LIMIT 1
            """;

        private const string ScheduleSql = """
            INSERT INTO sds.reviews (budget_id, due_on, reason) VALUES (@BudgetId, @DueOn, @Reason)
            ON CONFLICT (budget_id, due_on) DO UPDATE SET reason = excluded.reason, replaced_on = NULL
             WHERE sds.reviews.done_on IS NULL
            """;

        public async ValueTask<Result<ReviewRecorded>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            var budget = await conn.QuerySingleAsync<BudgetRow>(new CommandDefinition(BudgetSql, new { c.BudgetId }, session.Transaction, cancellationToken: ct));
            var today = clock.Today;
            if (c.On > today)
                return Result<ReviewRecorded>.Invalid(nameof(c.On), $"A review is recorded once it has happened: {Handles.Day(c.On)} is after today ({Handles.Day(today)}).");
            if (c.On < LocalDate.FromDateOnly(budget.PeriodStart))
                return Result<ReviewRecorded>.Invalid(nameof(c.On), $"The review date is before the budget started ({Handles.Day(LocalDate.FromDateOnly(budget.PeriodStart))}).");
            if (budget.Status != "active")
                return Result<ReviewRecorded>.Refused(RefusalCodes.InvalidState,
                    budget.Status == "draft" ? "This budget is not active yet: its reviews start once it is." : "This budget has ended: review the person's current budget.");

            var earliest = await conn.QuerySingleAsync<DateOnly?>(new CommandDefinition(EarliestDueSql, new { c.BudgetId }, session.Transaction, cancellationToken: ct));
            // A review with nothing scheduled (all done) is kept as one due the day it happened.
            var dueOn = earliest ?? c.On.ToDateOnly();
            // What was agreed is kept sealed with the person's key (see PersonKeys).
            var agreed = await personKeys.SealAsync(budget.PersonId, $"{c.IdempotencyKey}:agreed", c.Agreed.Trim(), ct);
            await conn.ExecuteAsync(new CommandDefinition(DoneSql, new { c.BudgetId, DueOn = dueOn, On = c.On.ToDateOnly(), Agreed = agreed, By = c.Actor.Id },
                session.Transaction, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition(ReplaceSql, new { c.BudgetId, DueOn = dueOn, On = c.On.ToDateOnly() }, session.Transaction, cancellationToken: ct));

            var phase = await conn.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(PhaseSql, new { budget.PersonId, On = c.On.ToDateOnly() },
                session.Transaction, cancellationToken: ct));
            var next = ReviewSchedule.NextAfter(c.On, phase);
            LocalDate? nextDue = null;
            string? reason = null;
            if (next <= LocalDate.FromDateOnly(budget.PeriodEnd))
            {
                reason = ReviewSchedule.ReasonAfter(phase);
                await conn.ExecuteAsync(new CommandDefinition(ScheduleSql, new { c.BudgetId, DueOn = next.ToDateOnly(), Reason = reason },
                    session.Transaction, cancellationToken: ct));
                nextDue = next;
            }
            audit.Detail = $"review done {Handles.Day(c.On)}" + (nextDue is { } n ? $", next due {Handles.Day(n)}" : ", none due before the budget ends");
            return new ReviewRecorded(c.BudgetId, c.On, earliest is { } e ? LocalDate.FromDateOnly(e) : null, nextDue, reason);
        }

        private sealed class BudgetRow
        {
            public Guid PersonId { get; init; }
            public DateOnly PeriodStart { get; init; }
            public DateOnly PeriodEnd { get; init; }
            public string Status { get; init; } = "";
        }
    }
}
