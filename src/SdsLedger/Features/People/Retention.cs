using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.People;

/// <summary>Someone past the council's retention period: their last budget's end, and the day their record could go.</summary>
public sealed record RetentionCase(Guid PersonId, string Reference, LocalDate LastBudgetEnded, int RetentionYears, LocalDate KeptUntil);

/// <summary>What a retention run found, and whether it erased them (false for a dry run).</summary>
public sealed record RetentionOutcome(LocalDate Today, IReadOnlyList<RetentionCase> People, bool Erased);

/// <summary>
/// Retention: each council keeps a person's record for its retention period (sds.councils.retention_years, default 6)
/// after their last budget ends. A run erases (as <see cref="ErasePerson"/> does) everyone of the council whose every
/// budget ended longer ago than that, as of the council's today; a dry run lists exactly who and why and writes nothing.
/// People with a budget not yet agreed, or none at all, are never due.
/// </summary>
public static class Retention
{
    public const string Reason = "the council's retention period after their last budget ended has passed";

    public sealed record Command(Actor Actor, string IdempotencyKey, bool DryRun) : ISdsCommand<RetentionOutcome>;

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
        public ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = c.Actor.CouncilId;
            return ValueTask.FromResult(c.Actor.Role == Role.CouncilFinance && c.Actor.CouncilId is not null
                ? null
                : Scope.RoleCannot(c.Actor, "run the council's retention (the council's finance officer, who keeps its records, does)"));
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit, CouncilClock clock, PersonKeys personKeys) : ICommandHandler<Command, Result<RetentionOutcome>>
    {
        private const string DueSql = """
            SELECT pe.id AS PersonId, pe.reference AS Reference, max(b.period_end) AS LastEnded, c.retention_years AS Years
              FROM sds.people pe
              JOIN sds.councils c ON c.id = pe.council_id
              JOIN sds.budgets b ON b.person_id = pe.id
             WHERE pe.council_id = @CouncilId
               AND NOT EXISTS (SELECT FROM sds.erasures e WHERE e.person_id = pe.id)
             GROUP BY pe.id, pe.reference, c.retention_years
            HAVING bool_and(b.status <> 'draft')
               AND max(b.period_end) < (@Today::date - make_interval(years => c.retention_years))::date
             ORDER BY pe.reference
            """;

        public async ValueTask<Result<RetentionOutcome>> Handle(Command c, CancellationToken ct)
        {
            var today = clock.Today;
            var rows = await session.Connection.QueryAsync<(Guid PersonId, string Reference, DateOnly LastEnded, int Years)>(new CommandDefinition(DueSql,
                new { c.Actor.CouncilId, Today = today.ToDateOnly() }, session.Transaction, cancellationToken: ct));
            var due = rows.Select(r => new RetentionCase(r.PersonId, r.Reference, LocalDate.FromDateOnly(r.LastEnded), r.Years,
                                                         LocalDate.FromDateOnly(r.LastEnded).PlusYears(r.Years))).ToList();
            if (!c.DryRun && due.Count > 0)
            {
                // A run at the same moment may have erased some of them first: this run reports only those it erased.
                var outcomes = await ErasePerson.Handler.EraseAsync(session, personKeys, c.Actor, audit.ActorName ?? c.Actor.Name,
                                                                    due.Select(p => p.PersonId).ToList(), Reason, "retention", ct);
                due = due.Where(p => outcomes.GetValueOrDefault(p.PersonId) == "erased").ToList();
            }
            audit.Detail = c.DryRun ? $"retention dry run: {due.Count} past their time" : $"retention run: {due.Count} erased";
            return new RetentionOutcome(today, due, !c.DryRun);
        }
    }
}
