using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.People;

/// <summary>Whether the person's council offers statements that name recovery, and whether the person chose them.</summary>
public sealed record StatementWordingView(bool Offered, bool NamesRecovery);

/// <summary>What a person's statements may say about their test budget: read by the person, or their council's staff.</summary>
public static class StatementWording
{
    public sealed record Query(Actor Actor, Guid PersonId) : ISdsQuery<StatementWordingView>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public async ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct) =>
            await Scope.PersonOrTheirCouncilStaffAsync(session, q.Actor, q.PersonId, audit, ct);
    }

    internal sealed class Handler(DbSession session) : IQueryHandler<Query, Result<StatementWordingView>>
    {
        private const string Sql = """
            SELECT c.recovery_wording_offered AS Offered, p.names_recovery AS NamesRecovery
              FROM sds.people p JOIN sds.councils c ON c.id = p.council_id
             WHERE p.id = @PersonId
            """;

        public async ValueTask<Result<StatementWordingView>> Handle(Query q, CancellationToken ct) =>
            await session.Connection.QuerySingleAsync<StatementWordingView>(new CommandDefinition(Sql, new { q.PersonId }, cancellationToken: ct));
    }
}
