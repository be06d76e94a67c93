using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.People;

/// <summary>
/// Whether a person's statements may say that their test budget is for their recovery. Nothing posted says so unless
/// the person chose it (they themselves on the web, or their council's staff recording what they asked for), and only
/// while their council offers the choice.
/// </summary>
public static class ChangeStatementWording
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid PersonId, bool NamesRecovery) : ISdsCommand<bool>;

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
        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct) =>
            await Scope.PersonOrTheirCouncilStaffAsync(session, c.Actor, c.PersonId, audit, ct);
    }

    internal sealed class Handler(DbSession session, AuditContext audit) : ICommandHandler<Command, Result<bool>>
    {
        // A statement names recovery only while both hold, so a choice racing the council's withdrawal never shows.
        private const string Offered = """
            SELECT c.recovery_wording_offered
              FROM sds.people p JOIN sds.councils c ON c.id = p.council_id
             WHERE p.id = @PersonId
            """;

        private const string Update = "UPDATE sds.people SET names_recovery = @NamesRecovery WHERE id = @PersonId";

        public async ValueTask<Result<bool>> Handle(Command c, CancellationToken ct)
        {
            var offered = await session.Connection.ExecuteScalarAsync<bool>(new CommandDefinition(Offered, new { c.PersonId }, cancellationToken: ct));
            if (c.NamesRecovery && !offered)
                return new Refusal(RefusalCodes.InvalidState,
                    "The council does not offer statements that say what a test budget is for, so they stay private: nothing posted names recovery.");
            await session.Connection.ExecuteAsync(new CommandDefinition(Update, new { c.PersonId, c.NamesRecovery }, cancellationToken: ct));
            audit.Detail = c.NamesRecovery ? "statements may name recovery" : "statements private about what a test budget is for";
            return c.NamesRecovery;
        }
    }
}
