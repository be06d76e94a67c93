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

/// <summary>A change of phase recorded, and the reviews it brought forward on the person's active budgets.</summary>
public sealed record PhaseChanged(Guid Id, IReadOnlyList<ReviewBroughtForward> ReviewsDue);

public sealed record ReviewBroughtForward(Guid BudgetId, LocalDate Due);

/// <summary>
/// Records, from a date, the person's recovery phase (stabilisation, maintenance or recovery: the seeds' treatment phases).
/// History is kept: each change is a new row, the latest on or before a day is the phase that day. A relapse means
/// reassessment: each of their active budgets gets a review due on the day of the change. Moving into maintenance brings
/// the next review to six months after the last one done (maintenance is re-discussed 6-monthly).
/// </summary>
public static class ChangeRecoveryPhase
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid PersonId, string Phase, LocalDate From, bool Relapse, string Note = "")
        : ISdsCommand<PhaseChanged>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Phase).Must(p => p is not null && RecoveryTags.Phases.Contains(p))
                .WithMessage($"The recovery phase is one of {string.Join(", ", RecoveryTags.Phases)}.");
            RuleFor(c => c.From).SaneDay("date the phase starts");
            RuleFor(c => c.Note).NotNull().WithMessage("Give a note, or leave it empty.")
                .MaximumLength(500).WithMessage("The note is too long: at most 500 characters.")
                .NoHiddenCharacters("note");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        private const string PersonCouncil = "SELECT council_id FROM sds.people WHERE id = @PersonId";

        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            var council = await session.Connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(PersonCouncil, new { c.PersonId }, cancellationToken: ct));
            if (council is null || council != c.Actor.CouncilId) return Scope.NotFound("That person");
            (audit.CouncilId, audit.PersonId) = (council, c.PersonId);
            return c.Actor.Role == Role.SocialWorker ? null : Scope.RoleCannot(c.Actor, "record a person's recovery phase (their council's social workers do)");
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit, CouncilClock clock, PersonKeys personKeys) : ICommandHandler<Command, Result<PhaseChanged>>
    {
        private const string Insert = """
            INSERT INTO sds.recovery_phases (id, council_id, person_id, phase, from_date, relapse, note, recorded_by_id)
            VALUES (@Id, @CouncilId, @PersonId, @Phase, @From, @Relapse, @Note, @By)
            """;

        private const string ActiveBudgetsSql = """
            SELECT b.id AS BudgetId, b.period_end AS PeriodEnd,
                   (SELECT max(r.done_on) FROM sds.reviews r WHERE r.budget_id = b.id) AS LastDone
              FROM sds.budgets b WHERE b.person_id = @PersonId AND b.status = 'active'
             ORDER BY b.period_start FOR UPDATE OF b
            """;

        private const string ScheduleSql = """
            INSERT INTO sds.reviews (budget_id, due_on, reason) VALUES (@BudgetId, @DueOn, @Reason)
            ON CONFLICT (budget_id, due_on) DO UPDATE SET reason = excluded.reason, replaced_on = NULL
             WHERE sds.reviews.done_on IS NULL
            """;

        // Maintenance: reviews scheduled later than six months after the last one give way to it.
        private const string ReplaceLaterSql = """
            UPDATE sds.reviews SET replaced_on = @From
             WHERE budget_id = @BudgetId AND done_on IS NULL AND replaced_on IS NULL AND due_on > @DueOn
            """;

        public async ValueTask<Result<PhaseChanged>> Handle(Command c, CancellationToken ct)
        {
            var today = clock.Today;
            if (c.From > today)
                return Result<PhaseChanged>.Invalid(nameof(c.From), $"A change of phase is recorded once it has happened: {Handles.Day(c.From)} is after today ({Handles.Day(today)}).");
            var conn = session.Connection;
            var id = Guid.CreateVersion7();
            // The note is kept sealed with the person's key (see PersonKeys); no note stays empty.
            var note = await personKeys.SealIfGivenAsync(c.PersonId, $"{c.IdempotencyKey}:note", c.Note.Trim(), ct);
            await conn.ExecuteAsync(new CommandDefinition(Insert, new
            {
                Id = id, c.Actor.CouncilId, c.PersonId, c.Phase, From = c.From.ToDateOnly(), c.Relapse, Note = note, By = c.Actor.Id,
            }, session.Transaction, cancellationToken: ct));

            var due = new List<ReviewBroughtForward>();
            var budgets = await conn.QueryAsync<BudgetRow>(new CommandDefinition(ActiveBudgetsSql, new { c.PersonId }, session.Transaction, cancellationToken: ct));
            foreach (var b in budgets)
            {
                LocalDate? next = null;
                string reason = "reassessment";
                if (c.Relapse) next = c.From;
                else if (c.Phase == ReviewSchedule.Maintenance && b.LastDone is { } last)
                {
                    next = ReviewSchedule.NextAfter(LocalDate.FromDateOnly(last), c.Phase);
                    reason = ReviewSchedule.ReasonAfter(c.Phase);
                    if (next > LocalDate.FromDateOnly(b.PeriodEnd)) continue;
                    await conn.ExecuteAsync(new CommandDefinition(ReplaceLaterSql, new { b.BudgetId, DueOn = next.Value.ToDateOnly(), From = c.From.ToDateOnly() },
                        session.Transaction, cancellationToken: ct));
                }
                if (next is not { } day) continue;
                await conn.ExecuteAsync(new CommandDefinition(ScheduleSql, new { b.BudgetId, DueOn = day.ToDateOnly(), Reason = reason },
                    session.Transaction, cancellationToken: ct));
                due.Add(new ReviewBroughtForward(b.BudgetId, day));
            }
            // The phase itself is health data: the audit trail says that it changed, not what to.
            audit.Detail = "recovery phase recorded" + (c.Relapse ? "; relapse: reassessment due" : "");
            return new PhaseChanged(id, due);
        }

        private sealed class BudgetRow
        {
            public Guid BudgetId { get; init; }
            public DateOnly PeriodEnd { get; init; }
            public DateOnly? LastDone { get; init; }
        }
    }
}
