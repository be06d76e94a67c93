using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Banking;

/// <summary>
/// Counts a confirmation of a draft spend that a spending rule refused, so the next confirmation is a new request (its
/// own key) rather than a retry that would get the refusal again. Counted once per attempt, however often it is sent.
/// </summary>
public static class RecordDraftRefusal
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid DraftId, int Attempt) : ISdsCommand<int>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Attempt).GreaterThanOrEqualTo(0).WithMessage("An attempt is counted from 0.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        private const string DraftSql = "SELECT person_id FROM sds.draft_spends WHERE id = @DraftId AND council_id = @CouncilId";

        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = c.Actor.CouncilId;
            var person = await session.Connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(DraftSql, new { c.DraftId, c.Actor.CouncilId }, cancellationToken: ct));
            audit.PersonId = person;
            if (person is null) return Scope.NotFound("That draft spend");
            var allowed = Roles.IsCouncilStaff(c.Actor.Role) || (c.Actor.Role == Role.ServiceUser && c.Actor.PersonId == person);
            return allowed ? null : Scope.RoleCannot(c.Actor, "confirm draft spends (the council's staff, and the person whose card it is, do)");
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit) : ICommandHandler<Command, Result<int>>
    {
        private const string Sql = """
            UPDATE sds.draft_spends SET refused_attempts = @Attempt + 1
             WHERE id = @DraftId AND status = 'draft' AND refused_attempts = @Attempt
            """;

        public async ValueTask<Result<int>> Handle(Command c, CancellationToken ct)
        {
            await session.Connection.ExecuteAsync(new CommandDefinition(Sql, new { c.DraftId, c.Attempt }, cancellationToken: ct));
            audit.Detail = $"confirmation {c.Attempt + 1} of draft spend {c.DraftId} was refused";
            return c.Attempt + 1;
        }
    }
}
