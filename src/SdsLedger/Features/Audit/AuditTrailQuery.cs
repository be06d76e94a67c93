using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Audit;

public sealed record AuditRecord(long Id, Instant At, string Actor, string Role, string Action, Guid? PersonId, Guid? BudgetId,
                                 string Outcome, string? Code, string Detail, string? ClientAddress);

public sealed record AuditTrailView(Guid? PersonId, string? Actor, IReadOnlyList<AuditRecord> Records);

/// <summary>
/// Who did what, and who looked at whose data: the audit trail of the auditor's council, by person or by actor,
/// newest first. Reading a person's trail is itself a read of their data, and is audited.
/// </summary>
public static class AuditTrailQuery
{
    public const int MaxRecords = 1_000;

    public sealed record Query(Actor Actor, Guid? PersonId, string? ActorName, int Limit = 200) : ISdsQuery<AuditTrailView>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Actor).ValidActor();
            RuleFor(q => q).Must(q => q.PersonId is not null ^ !string.IsNullOrWhiteSpace(q.ActorName))
                .WithName("person").WithMessage("Ask for the trail of one person or of one actor, not both and not neither.");
            RuleFor(q => q.ActorName).MaximumLength(200);
            RuleFor(q => q.Limit).InclusiveBetween(1, MaxRecords);
        }
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = q.Actor.CouncilId;
            audit.PersonId = q.PersonId;
            audit.Detail = q.PersonId is null ? $"audit trail of actor {q.ActorName}" : "audit trail of a person";
            return ValueTask.FromResult(q.Actor.Role == Role.Auditor && q.Actor.CouncilId is not null
                ? null
                : Scope.RoleCannot(q.Actor, "read the audit trail; only auditors can"));
        }
    }

    internal sealed class Handler(DbSession session, PersonKeys personKeys) : IQueryHandler<Query, Result<AuditTrailView>>
    {
        private const string Sql = """
            SELECT id AS Id, at AS At, actor AS Actor, role AS Role, action AS Action, person_id AS PersonId, budget_id AS BudgetId,
                   outcome AS Outcome, code AS Code, detail AS Detail, client_address AS ClientAddress
              FROM sds.audit_log
             WHERE council_id = @CouncilId
               AND (@PersonId::uuid IS NULL OR person_id = @PersonId)
               AND (@ActorName::text IS NULL OR actor = @ActorName)
             ORDER BY at DESC, id DESC
             LIMIT @Limit
            """;

        public async ValueTask<Result<AuditTrailView>> Handle(Query q, CancellationToken ct)
        {
            var rows = (await session.Connection.QueryAsync<Row>(new CommandDefinition(Sql,
                new { q.Actor.CouncilId, q.PersonId, ActorName = q.PersonId is null ? q.ActorName : null, q.Limit }, session.Transaction, cancellationToken: ct))).ToList();
            // A record about a person keeps its detail sealed with their key: an actor's trail opens many people's at once.
            await personKeys.LoadKeysForAsync(rows.Select(r => r.Detail), ct);
            var records = new List<AuditRecord>(rows.Count);
            foreach (var r in rows)
                records.Add(new AuditRecord(r.Id, Instant.FromDateTimeUtc(DateTime.SpecifyKind(r.At, DateTimeKind.Utc)), r.Actor, r.Role, r.Action,
                    r.PersonId, r.BudgetId, r.Outcome, r.Code, await personKeys.RevealAsync(r.Detail, ct), r.ClientAddress));
            return new AuditTrailView(q.PersonId, q.PersonId is null ? q.ActorName : null, records);
        }

        private sealed class Row
        {
            public long Id { get; init; }
            public DateTime At { get; init; }
            public string Actor { get; init; } = "";
            public string Role { get; init; } = "";
            public string Action { get; init; } = "";
            public Guid? PersonId { get; init; }
            public Guid? BudgetId { get; init; }
            public string Outcome { get; init; } = "";
            public string? Code { get; init; }
            public string Detail { get; init; } = "";
            public string? ClientAddress { get; init; }
        }
    }
}
