using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.People;

/// <summary>One look at a person's record by someone else: when, in what role, for which organisation, and what they did.</summary>
public sealed record RecordRead(Instant At, string Role, string Organisation, string Action);

/// <summary>
/// "Who has looked at my record": every read and change of the person's data by anyone but themselves, from the audit
/// trail, newest first: when, by which role, for which organisation (their council, or the provider or service they
/// work for). Names of staff are left out; the role and organisation say who.
/// </summary>
public static class RecordReads
{
    public sealed record Query(Actor Actor, Guid PersonId, int Limit = 200) : ISdsQuery<IReadOnlyList<RecordRead>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Actor).ValidActor();
            RuleFor(q => q.Limit).InclusiveBetween(1, 1000);
        }
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = q.Actor.CouncilId;
            return ValueTask.FromResult(q.Actor.Role == Role.ServiceUser && q.Actor.PersonId == q.PersonId
                ? null
                : Scope.NotFound("That person's record"));
        }
    }

    internal sealed class Handler(DbSession session) : IQueryHandler<Query, Result<IReadOnlyList<RecordRead>>>
    {
        private const string Sql = """
            SELECT l.at AS At, l.role AS Role,
                   coalesce(o.name, c.name, '') AS Organisation, l.action AS Action
              FROM sds.audit_log l
              LEFT JOIN sds.workers w ON w.id = l.actor_id
              LEFT JOIN sds.organisations o ON o.id = w.organisation_id
              LEFT JOIN sds.councils c ON c.id = l.council_id
             WHERE l.person_id = @PersonId AND l.actor_id IS DISTINCT FROM @PersonId AND l.outcome IN ('done', 'replayed')
             ORDER BY l.at DESC, l.id DESC
             LIMIT @Limit
            """;

        public async ValueTask<Result<IReadOnlyList<RecordRead>>> Handle(Query q, CancellationToken ct)
        {
            var rows = await session.Connection.QueryAsync<(DateTime At, string Role, string Organisation, string Action)>(
                new CommandDefinition(Sql, new { q.PersonId, q.Limit }, session.Transaction, cancellationToken: ct));
            return rows.Select(r => new RecordRead(Instant.FromDateTimeUtc(DateTime.SpecifyKind(r.At, DateTimeKind.Utc)), r.Role, r.Organisation, r.Action)).ToList();
        }
    }
}
