using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Councils;

/// <summary>
/// A worker leaves: from now on their commands and tokens are refused (the pipeline checks every actor against the
/// register), while history keeps their id and name. A finance officer of their council does it, never for themselves.
/// </summary>
public static class DeactivateWorker
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid WorkerId) : ISdsCommand<DeactivatedWorker>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.WorkerId).Must((c, id) => id != c.Actor.Id)
                .WithMessage("You cannot deactivate yourself: another finance officer of the council does it.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        private const string WorkerCouncil = """
            SELECT coalesce(w.council_id, o.council_id) FROM sds.workers w LEFT JOIN sds.organisations o ON o.id = w.organisation_id WHERE w.id = @WorkerId
            """;

        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            var council = await session.Connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(WorkerCouncil, new { c.WorkerId }, cancellationToken: ct));
            if (council is null || council != c.Actor.CouncilId) return Scope.NotFound("That worker");
            audit.CouncilId = council;
            return c.Actor.Role == Role.CouncilFinance ? null : Scope.RoleCannot(c.Actor, "deactivate workers (a finance officer does)");
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit) : ICommandHandler<Command, Result<DeactivatedWorker>>
    {
        private const string Deactivate = """
            UPDATE sds.workers SET active = false, deactivated_at = coalesce(deactivated_at, clock_timestamp())
             WHERE id = @WorkerId
            RETURNING code AS Code, name AS Name, deactivated_at AS DeactivatedAt
            """;

        public async ValueTask<Result<DeactivatedWorker>> Handle(Command c, CancellationToken ct)
        {
            var row = await session.Connection.QuerySingleAsync<(string Code, string Name, DateTime DeactivatedAt)>(
                new CommandDefinition(Deactivate, new { c.WorkerId }, cancellationToken: ct));
            audit.Detail = $"worker {row.Code} deactivated";
            return new DeactivatedWorker(c.WorkerId, row.Code, row.Name, NodaTime.Instant.FromDateTimeUtc(DateTime.SpecifyKind(row.DeactivatedAt, DateTimeKind.Utc)));
        }
    }
}

public sealed record DeactivatedWorker(Guid WorkerId, string Code, string Name, NodaTime.Instant DeactivatedAt);
