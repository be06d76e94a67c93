using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Access;

/// <summary>A record opened with a reason: whose, and until when it stays open to the worker who opened it.</summary>
public sealed record RecordOpened(Guid OpeningId, Guid PersonId, Instant OpenUntil);

/// <summary>
/// "Break the glass": a social worker opens the record of someone in their council who is not on their caseload, giving
/// a reason. The opening is kept (sds.record_openings) and audited as its own action, BreakTheGlass, with the reason as
/// its detail; the record then stays open to that worker for <see cref="LeastAccess.OpenFor"/>. The record is named by
/// the person or by one of their budgets (the page that asked). Asking again while it is open records nothing new.
/// </summary>
public static class BreakTheGlass
{
    public const int MaxReason = 500;

    public sealed record Command(Actor Actor, string IdempotencyKey, Guid? PersonId, Guid? BudgetId, string Reason) : ISdsCommand<RecordOpened>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.PersonId).Must((c, p) => p is not null ^ c.BudgetId is not null)
                .WithMessage("Name the record to open: the person or one of their budgets, not both.");
            RuleFor(c => c.Reason).Text("reason for opening this record", MaxReason);
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        private const string PersonSql = """
            SELECT pe.id FROM sds.people pe
             WHERE pe.id = coalesce(@PersonId::uuid, (SELECT b.person_id FROM sds.budgets b WHERE b.id = @BudgetId::uuid))
               AND pe.council_id = @CouncilId::uuid
            """;

        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = c.Actor.CouncilId;
            var person = await session.Connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(PersonSql,
                new { c.PersonId, c.BudgetId, c.Actor.CouncilId }, cancellationToken: ct));
            if (person is null) return Scope.NotFound("That person's record");
            audit.PersonId = person;
            audit.BudgetId = c.BudgetId;
            return c.Actor.Role == Role.SocialWorker
                ? null
                : Scope.RoleCannot(c.Actor, "break the glass (only social workers are limited to their caseload)");
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit, PersonKeys personKeys) : ICommandHandler<Command, Result<RecordOpened>>
    {
        private const string OpenSql = """
            SELECT id AS OpeningId, person_id AS PersonId, open_until AS OpenUntil FROM sds.record_openings
             WHERE worker_id = @WorkerId AND person_id = @PersonId AND opened_at <= now() AND open_until > now()
             ORDER BY open_until DESC LIMIT 1
            """;

        private const string InsertSql = """
            INSERT INTO sds.record_openings (id, person_id, worker_id, worker, reason, opened_at, open_until)
            VALUES (@Id, @PersonId, @WorkerId, @Worker, @Reason, now(), now() + make_interval(hours => @Hours))
            RETURNING open_until
            """;

        public async ValueTask<Result<RecordOpened>> Handle(Command c, CancellationToken ct)
        {
            var person = audit.PersonId!.Value;
            var args = new { WorkerId = c.Actor.Id, PersonId = person };
            var open = await session.Connection.QuerySingleOrDefaultAsync<(Guid OpeningId, Guid PersonId, DateTime OpenUntil)?>(
                new CommandDefinition(OpenSql, args, session.Transaction, cancellationToken: ct));
            if (open is { } already)
            {
                audit.Detail = $"record already open until {At(already.OpenUntil)}; reason given again: {c.Reason}";
                return new RecordOpened(already.OpeningId, person, At(already.OpenUntil));
            }
            var id = Guid.CreateVersion7();
            var until = await session.Connection.ExecuteScalarAsync<DateTime>(new CommandDefinition(InsertSql, new
            {
                Id = id, PersonId = person, WorkerId = c.Actor.Id, Worker = audit.ActorName ?? c.Actor.Name,
                // Why someone's record was opened often says something about them: it is kept sealed with their key.
                Reason = await personKeys.SealAsync(person, $"{c.IdempotencyKey}:reason", c.Reason, ct),
                Hours = (int)LeastAccess.OpenFor.TotalHours,
            }, session.Transaction, cancellationToken: ct));
            audit.Detail = $"break the glass: {c.Reason}";
            return new RecordOpened(id, person, At(until));
        }

        private static Instant At(DateTime utc) => Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
    }
}
