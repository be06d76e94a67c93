using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Councils;

/// <summary>One change of the council's rules: when, who, and what they were set to.</summary>
public sealed record RulesChange(Instant At, string Actor, string What);

/// <summary>Who changed the council's rules to what, newest first, from the audit trail (changes that were made, not refusals).</summary>
public static class CouncilRulesHistory
{
    public const int MaxChanges = 50;

    public sealed record Query(Actor Actor, Guid CouncilId, int Limit = 20) : ISdsQuery<IReadOnlyList<RulesChange>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Actor).ValidActor();
            RuleFor(q => q.Limit).InclusiveBetween(1, MaxChanges);
        }
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = q.CouncilId;
            if (q.Actor.CouncilId != q.CouncilId) return ValueTask.FromResult<Refusal?>(Scope.NotFound("That council"));
            return ValueTask.FromResult(Roles.IsCouncilStaff(q.Actor.Role) || q.Actor.Role == Role.Auditor
                ? null
                : Scope.RoleCannot(q.Actor, "see who changed the council's rules (council staff and auditors do)"));
        }
    }

    internal sealed class Handler(DbSession session) : IQueryHandler<Query, Result<IReadOnlyList<RulesChange>>>
    {
        private const string Sql = """
            SELECT at AS At, actor AS Actor, detail AS What
              FROM sds.audit_log
             WHERE council_id = @CouncilId AND action = 'ChangeCouncilRules' AND outcome = 'done'
             ORDER BY at DESC, id DESC
             LIMIT @Limit
            """;

        public async ValueTask<Result<IReadOnlyList<RulesChange>>> Handle(Query q, CancellationToken ct)
        {
            var rows = await session.Connection.QueryAsync<Row>(new CommandDefinition(Sql, new { q.CouncilId, q.Limit }, session.Transaction, cancellationToken: ct));
            return rows.Select(r => new RulesChange(Instant.FromDateTimeUtc(DateTime.SpecifyKind(r.At, DateTimeKind.Utc)), r.Actor,
                r.What.StartsWith("rules changed: ", StringComparison.Ordinal) ? r.What["rules changed: ".Length..] : r.What)).ToList();
        }

        private sealed class Row
        {
            public DateTime At { get; init; }
            public string Actor { get; init; } = "";
            public string What { get; init; } = "";
        }
    }
}
