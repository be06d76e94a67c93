using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Banking;

/// <summary>Sets how many days apart a bank line and its record may be and still match (the council's matching window, 0 to 31 days; 5 unless set).</summary>
public static class SetMatchWindow
{
    public sealed record Command(Actor Actor, string IdempotencyKey, int Days) : ISdsCommand<int>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Days).InclusiveBetween(0, 31).WithMessage("The matching window is 0 to 31 days; 5 suits most banks and card platforms.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = c.Actor.CouncilId;
            var allowed = c.Actor.CouncilId is not null && c.Actor.Role == Role.CouncilFinance;
            return ValueTask.FromResult(allowed ? null : Scope.RoleCannot(c.Actor, "set the council's matching window (a finance officer does)"));
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit) : ICommandHandler<Command, Result<int>>
    {
        private const string Sql = "UPDATE sds.council_rules SET match_days = @Days, updated_at = now(), updated_by = @By WHERE council_id = @CouncilId";

        public async ValueTask<Result<int>> Handle(Command c, CancellationToken ct)
        {
            await session.Connection.ExecuteAsync(new CommandDefinition(Sql, new { c.Days, By = c.Actor.Name, c.Actor.CouncilId }, cancellationToken: ct));
            audit.Detail = $"matching window set to {c.Days} day(s)";
            return c.Days;
        }
    }
}
