using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Consent;

/// <summary>One consent as the person and their social worker see it.</summary>
public sealed record ConsentEntry(Guid Id, string Kind, string GranteeName, string? GranteeOrganisation, bool SeeSummary, bool SeeStatements,
                                  bool ActOnTestBudget, LocalDate From, LocalDate? Until, string WitnessedBy, Instant RecordedAt,
                                  Instant? WithdrawnAt, string? WithdrawnBy, bool IsCurrent);

/// <summary>A person's consents, current ones first, then ended and withdrawn ones (the record keeps them all).</summary>
public static class PersonConsents
{
    public sealed record Query(Actor Actor, Guid PersonId) : ISdsQuery<IReadOnlyList<ConsentEntry>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public async ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            var refusal = await ConsentAccess.CheckAsync(session, q.Actor, q.PersonId, audit, "read consents", ct);
            // An auditor reads them too; only the person and their social worker change them.
            return refusal is { Code: RefusalCodes.NotAuthorised } && q.Actor.Role is Role.Auditor or Role.CouncilFinance ? null : refusal;
        }
    }

    internal sealed class Handler(DbSession session) : IQueryHandler<Query, Result<IReadOnlyList<ConsentEntry>>>
    {
        private const string Sql = $"""
            SELECT c.id AS Id, c.kind AS Kind, coalesce(w.name, o.name, '') AS GranteeName,
                   CASE WHEN c.grantee_worker_id IS NOT NULL THEN wo.name END AS GranteeOrganisation,
                   c.see_summary AS SeeSummary, c.see_statements AS SeeStatements, c.act_on_test_budget AS ActOnTestBudget,
                   c.valid_from AS ValidFrom, c.valid_until AS ValidUntil, c.witnessed_by AS WitnessedBy, c.recorded_at AS RecordedAt,
                   c.withdrawn_at AS WithdrawnAt, c.withdrawn_by AS WithdrawnBy, ({ConsentCover.Current}) AS IsCurrent
              FROM sds.consents c
              LEFT JOIN sds.workers w ON w.id = c.grantee_worker_id
              LEFT JOIN sds.organisations wo ON wo.id = w.organisation_id
              LEFT JOIN sds.organisations o ON o.id = c.grantee_organisation_id
             WHERE c.person_id = @PersonId
             ORDER BY ({ConsentCover.Current}) DESC, c.recorded_at DESC
             LIMIT 500
            """;

        private sealed record Row(Guid Id, string Kind, string GranteeName, string? GranteeOrganisation, bool SeeSummary, bool SeeStatements,
                                  bool ActOnTestBudget, DateOnly ValidFrom, DateOnly? ValidUntil, string WitnessedBy, DateTime RecordedAt,
                                  DateTime? WithdrawnAt, string? WithdrawnBy, bool IsCurrent);

        private static Instant At(DateTime t) => Instant.FromDateTimeUtc(DateTime.SpecifyKind(t, DateTimeKind.Utc));

        public async ValueTask<Result<IReadOnlyList<ConsentEntry>>> Handle(Query q, CancellationToken ct)
        {
            var rows = await session.Connection.QueryAsync<Row>(new CommandDefinition(Sql, new { q.PersonId }, session.Transaction, cancellationToken: ct));
            return rows.Select(r => new ConsentEntry(r.Id, r.Kind, r.GranteeName, r.GranteeOrganisation, r.SeeSummary, r.SeeStatements, r.ActOnTestBudget,
                LocalDate.FromDateOnly(r.ValidFrom), r.ValidUntil is { } u ? LocalDate.FromDateOnly(u) : null, r.WitnessedBy, At(r.RecordedAt),
                r.WithdrawnAt is { } w ? At(w) : null, r.WithdrawnBy, r.IsCurrent)).ToList();
        }
    }
}

/// <summary>Who may be named in a consent: the council's workers and the organisations it registered, with their workers.</summary>
public sealed record ConsentChoice(Guid Id, string Name, bool IsOrganisation, string? Organisation, string Role);

/// <summary>The workers and organisations a person of this council may name in a consent, by name.</summary>
public static class ConsentChoices
{
    public sealed record Query(Actor Actor, Guid PersonId) : ISdsQuery<IReadOnlyList<ConsentChoice>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public async ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct) =>
            await ConsentAccess.CheckAsync(session, q.Actor, q.PersonId, audit, "record consent (the person, or their social worker with them, does)", ct);
    }

    internal sealed class Handler(DbSession session) : IQueryHandler<Query, Result<IReadOnlyList<ConsentChoice>>>
    {
        // Recovery and peer workers of the council's organisations (or the council's own), and the organisations themselves.
        private const string Sql = """
            SELECT w.id AS Id, w.name AS Name, false AS IsOrganisation, o.name AS Organisation, w.role AS Role
              FROM sds.workers w LEFT JOIN sds.organisations o ON o.id = w.organisation_id
             WHERE w.active AND w.role = 'recovery-worker'
               AND coalesce(w.council_id, o.council_id) = (SELECT council_id FROM sds.people WHERE id = @PersonId)
            UNION ALL
            SELECT o.id, o.name, true, NULL, 'organisation' FROM sds.organisations o
             WHERE o.council_id = (SELECT council_id FROM sds.people WHERE id = @PersonId)
             ORDER BY 3, 2
             LIMIT 1000
            """;

        public async ValueTask<Result<IReadOnlyList<ConsentChoice>>> Handle(Query q, CancellationToken ct) =>
            (await session.Connection.QueryAsync<ConsentChoice>(new CommandDefinition(Sql, new { q.PersonId }, session.Transaction, cancellationToken: ct))).ToList();
    }
}
