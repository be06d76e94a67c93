using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.People;

/// <summary>A person found by a search: enough to tell two people of the same name apart.</summary>
public sealed record FoundPerson(Guid PersonId, string Reference, string Name, LocalDate DateOfBirth, string? SocialWorker);

public sealed record FoundPeople(string Text, IReadOnlyList<FoundPerson> People, bool More);

/// <summary>
/// Finds the council's people by reference (its start) or name (any part), for council staff and auditors. Every person
/// listed is audited as seen.
/// </summary>
public static class FindPeople
{
    public const int MaxShown = 50;

    public sealed record Query(Actor Actor, string Text) : ISdsQuery<FoundPeople>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Actor).ValidActor();
            RuleFor(q => q.Text).Must(t => t?.Trim().Length >= 2).WithMessage("Enter at least 2 letters or digits of the person's name or reference.")
                .MaximumLength(100).WithMessage("Enter at most 100 characters of the person's name or reference.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = q.Actor.CouncilId;
            return ValueTask.FromResult(q.Actor.CouncilId is not null && (Roles.IsCouncilStaff(q.Actor.Role) || q.Actor.Role == Role.Auditor)
                ? null
                : Scope.RoleCannot(q.Actor, "search the council's people (council staff do)"));
        }
    }

    internal sealed class Handler(DbSession session) : IQueryHandler<Query, Result<FoundPeople>>
    {
        // LIKE's own characters in the text are matched as themselves.
        private const string Sql = """
            SELECT pe.id AS PersonId, pe.reference AS Reference, pe.name AS Name, pe.date_of_birth AS DateOfBirth, w.name AS SocialWorker
              FROM sds.people pe LEFT JOIN sds.workers w ON w.id = pe.social_worker_id
             WHERE pe.council_id = @CouncilId
               AND (upper(pe.reference) LIKE upper(@Pattern) || '%' ESCAPE '\' OR pe.name ILIKE '%' || @Pattern || '%' ESCAPE '\')
             ORDER BY upper(pe.reference) = upper(@Text) DESC, pe.name, pe.reference
             LIMIT @Limit
            """;

        public async ValueTask<Result<FoundPeople>> Handle(Query q, CancellationToken ct)
        {
            var text = q.Text.Trim();
            var pattern = text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
            var rows = (await session.Connection.QueryAsync<Row>(new CommandDefinition(Sql,
                new { q.Actor.CouncilId, Pattern = pattern, Text = text, Limit = MaxShown + 1 }, session.Transaction, cancellationToken: ct))).ToList();
            var shown = rows.Take(MaxShown).ToList();
            await PeopleSeen.RecordAsync(session, q, shown.Select(r => (r.PersonId, q.Actor.CouncilId!.Value)), "found by a search", ct);
            return new FoundPeople(text, shown.Select(r => new FoundPerson(r.PersonId, r.Reference, r.Name, LocalDate.FromDateOnly(r.DateOfBirth), r.SocialWorker)).ToList(),
                rows.Count > MaxShown);
        }

        private sealed class Row
        {
            public Guid PersonId { get; init; }
            public string Reference { get; init; } = "";
            public string Name { get; init; } = "";
            public DateOnly DateOfBirth { get; init; }
            public string? SocialWorker { get; init; }
        }
    }
}
