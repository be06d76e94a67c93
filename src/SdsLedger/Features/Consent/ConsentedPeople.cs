using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Consent;

/// <summary>A person who has consented to the worker, with what they may do.</summary>
public sealed record ConsentedPerson(Guid PersonId, string Name, string Reference, bool SeeSummary, bool SeeStatements, bool ActOnTestBudget);

/// <summary>
/// A recovery or peer worker's people: those whose current consent names them or their organisation, and nobody else.
/// </summary>
public static class ConsentedPeople
{
    public sealed record Query(Actor Actor) : ISdsQuery<IReadOnlyList<ConsentedPerson>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = q.Actor.CouncilId;
            return ValueTask.FromResult(q.Actor.Role == Role.RecoveryWorker
                ? null
                : Scope.RoleCannot(q.Actor, "list the people who consented to them (recovery and peer workers do)"));
        }
    }

    internal sealed class Handler(DbSession session) : IQueryHandler<Query, Result<IReadOnlyList<ConsentedPerson>>>
    {
        private const string Sql = $"""
            SELECT p.id AS PersonId, p.name AS Name, p.reference AS Reference,
                   bool_or(c.see_summary) AS SeeSummary, bool_or(c.see_statements) AS SeeStatements, bool_or(c.act_on_test_budget) AS ActOnTestBudget
              FROM sds.consents c JOIN sds.people p ON p.id = c.person_id
             WHERE {ConsentCover.Current} AND p.council_id = @Council
               AND (c.grantee_worker_id = @Worker OR c.grantee_organisation_id = @Organisation)
             GROUP BY p.id, p.name, p.reference
             ORDER BY p.name, p.reference
             LIMIT 1000
            """;

        public async ValueTask<Result<IReadOnlyList<ConsentedPerson>>> Handle(Query q, CancellationToken ct) =>
            (await session.Connection.QueryAsync<ConsentedPerson>(new CommandDefinition(Sql,
                new { Council = q.Actor.CouncilId, Worker = q.Actor.Id, Organisation = q.Actor.OrganisationId }, session.Transaction, cancellationToken: ct))).ToList();
    }
}
