using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Reports;

/// <summary>
/// One break-the-glass opening: who opened whose record, when, why, until when it stayed open, and how many times they
/// read or changed the record while it was open.
/// </summary>
public sealed record GlassBreak(Instant OpenedAt, string Worker, string PersonName, string PersonReference, string Reason, Instant OpenUntil, int ReadsWhileOpen);

/// <summary>A look at (or change to) a person's record by someone other than the person, outside working hours.</summary>
public sealed record OutOfHoursRead(Instant At, string Actor, string Role, string PersonName, string PersonReference, string Action);

public sealed record UnusualAccessView(LocalDate From, LocalDate To, IReadOnlyList<GlassBreak> GlassBreaks, IReadOnlyList<OutOfHoursRead> OutOfHours)
{
    public const int MaxOutOfHours = 1_000;
}

/// <summary>
/// The council's report of unusual access to people's records over a period (days in Scotland, both included): every
/// break-the-glass opening, and every read or change of a person's record by someone else outside working hours (before
/// 08:00 or from 18:00 UK time, or at a weekend; bank holidays are not known, so they count as working days), newest
/// first. For the council's auditors and finance officers; reading it is audited for each person it names.
/// </summary>
public static class UnusualAccess
{
    public static readonly LocalTime WorkStarts = new(8, 0);
    public static readonly LocalTime WorkEnds = new(18, 0);

    public sealed record Query(Actor Actor, LocalDate From, LocalDate To) : ISdsQuery<UnusualAccessView>, IStandbyRead;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Actor).ValidActor();
            RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).WithMessage("The period must end on or after the day it starts.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = q.Actor.CouncilId;
            audit.Detail = $"unusual access {q.From:yyyy-MM-dd} to {q.To:yyyy-MM-dd}";
            var allowed = q.Actor.CouncilId is not null && q.Actor.Role is Role.Auditor or Role.CouncilFinance;
            return ValueTask.FromResult(allowed ? null : Scope.RoleCannot(q.Actor, "read the report of unusual access (the council's auditors and finance officers do)"));
        }
    }

    internal sealed class Handler(DbSession session, PersonKeys personKeys) : IQueryHandler<Query, Result<UnusualAccessView>>
    {
        private const string Sql = """
            SELECT o.opened_at AS OpenedAt, o.worker AS Worker, pe.name AS PersonName, pe.reference AS PersonReference, pe.id AS PersonId,
                   o.reason AS Reason, o.open_until AS OpenUntil,
                   (SELECT count(*) FROM sds.audit_log l
                     WHERE l.council_id = o.council_id AND l.person_id = o.person_id AND l.actor_id = o.worker_id
                       AND l.outcome = 'done' AND l.action <> 'BreakTheGlass'
                       AND l.at >= o.opened_at AND l.at < o.open_until)::int AS ReadsWhileOpen
              FROM sds.record_openings o JOIN sds.people pe ON pe.id = o.person_id
             WHERE o.council_id = @CouncilId AND o.opened_at >= @From AND o.opened_at < @Until
             ORDER BY o.opened_at DESC, o.id DESC;

            SELECT l.at AS At, l.actor AS Actor, l.role AS Role, pe.name AS PersonName, pe.reference AS PersonReference, pe.id AS PersonId,
                   l.action AS Action
              FROM sds.audit_log l JOIN sds.people pe ON pe.id = l.person_id
             WHERE l.council_id = @CouncilId AND l.at >= @From AND l.at < @Until AND l.outcome = 'done'
               AND l.actor_id IS DISTINCT FROM l.person_id
               AND (extract(isodow FROM l.at AT TIME ZONE 'Europe/London') IN (6, 7)
                    OR (l.at AT TIME ZONE 'Europe/London')::time < @WorkStarts
                    OR (l.at AT TIME ZONE 'Europe/London')::time >= @WorkEnds)
             ORDER BY l.at DESC, l.id DESC
             LIMIT @Limit;
            """;

        public async ValueTask<Result<UnusualAccessView>> Handle(Query q, CancellationToken ct)
        {
            using var grid = await session.Connection.QueryMultipleAsync(new CommandDefinition(Sql, new
            {
                q.Actor.CouncilId,
                From = q.From.AtStartOfDayInZone(CouncilClock.Zone).ToDateTimeUtc(),
                Until = q.To.PlusDays(1).AtStartOfDayInZone(CouncilClock.Zone).ToDateTimeUtc(),
                WorkStarts = WorkStarts.ToTimeOnly(),
                WorkEnds = WorkEnds.ToTimeOnly(),
                Limit = UnusualAccessView.MaxOutOfHours,
            }, session.Transaction, cancellationToken: ct));
            var breaks = (await grid.ReadAsync<BreakRow>()).ToList();
            var nights = (await grid.ReadAsync<NightRow>()).ToList();
            var council = q.Actor.CouncilId!.Value;
            await PeopleSeen.RecordAsync(session, q, breaks.Select(b => (b.PersonId, council)).Concat(nights.Select(n => (n.PersonId, council))),
                "listed in the report of unusual access", ct);
            // Each reason is sealed with the key of the person whose record was opened.
            await personKeys.LoadKeysForAsync(breaks.Select(b => b.Reason), ct);
            var glassBreaks = new List<GlassBreak>(breaks.Count);
            foreach (var b in breaks)
                glassBreaks.Add(new GlassBreak(At(b.OpenedAt), b.Worker, b.PersonName, b.PersonReference, await personKeys.RevealAsync(b.Reason, ct),
                    At(b.OpenUntil), b.ReadsWhileOpen));
            return new UnusualAccessView(q.From, q.To, glassBreaks,
                nights.Select(n => new OutOfHoursRead(At(n.At), n.Actor, n.Role, n.PersonName, n.PersonReference, n.Action)).ToList());
        }

        private static Instant At(DateTime utc) => Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

        private sealed class BreakRow
        {
            public DateTime OpenedAt { get; init; }
            public string Worker { get; init; } = "";
            public string PersonName { get; init; } = "";
            public string PersonReference { get; init; } = "";
            public Guid PersonId { get; init; }
            public string Reason { get; init; } = "";
            public DateTime OpenUntil { get; init; }
            public int ReadsWhileOpen { get; init; }
        }

        private sealed class NightRow
        {
            public DateTime At { get; init; }
            public string Actor { get; init; } = "";
            public string Role { get; init; } = "";
            public string PersonName { get; init; } = "";
            public string PersonReference { get; init; } = "";
            public Guid PersonId { get; init; }
            public string Action { get; init; } = "";
        }
    }
}
