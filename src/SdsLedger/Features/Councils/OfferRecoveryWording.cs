using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Councils;

/// <summary>
/// A finance officer decides whether the council's people are offered statements that say a test budget is for their
/// recovery. Withdrawing the offer makes every statement private again, whatever people chose; offering it again
/// restores their choices (nobody's statements name recovery until they chose it).
/// </summary>
public static class OfferRecoveryWording
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid CouncilId, bool Offered) : ISdsCommand<int>;

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
            audit.CouncilId = c.CouncilId;
            if (c.Actor.CouncilId != c.CouncilId) return ValueTask.FromResult<Refusal?>(Scope.NotFound("That council"));
            return ValueTask.FromResult(c.Actor.Role == Role.CouncilFinance
                ? null
                : Scope.RoleCannot(c.Actor, "change what the council's statements may say (a finance officer does)"));
        }
    }

    /// <summary>Returns how many of the council's people have chosen wording that names recovery.</summary>
    internal sealed class Handler(DbSession session, AuditContext audit) : ICommandHandler<Command, Result<int>>
    {
        private const string Update = """
            UPDATE sds.councils SET recovery_wording_offered = @Offered WHERE id = @CouncilId;
            SELECT count(*)::int FROM sds.people WHERE council_id = @CouncilId AND names_recovery;
            """;

        public async ValueTask<Result<int>> Handle(Command c, CancellationToken ct)
        {
            var chosen = await session.Connection.ExecuteScalarAsync<int>(new CommandDefinition(Update, new { c.CouncilId, c.Offered }, cancellationToken: ct));
            audit.Detail = c.Offered ? "statements may name recovery for people who choose it" : "statements never name recovery";
            return chosen;
        }
    }
}
