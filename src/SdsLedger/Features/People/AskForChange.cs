using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.People;

/// <summary>What a person may ask their social worker for.</summary>
public enum ChangeKind
{
    /// <summary>Something new they would like to buy.</summary>
    Purchase,

    /// <summary>A change to their support plan.</summary>
    Plan,

    /// <summary>An earlier review of their budget.</summary>
    Review,
}

/// <summary>A request for a change, as its social worker's queue shows it.</summary>
public sealed record ChangeRequest(Guid Id, Guid PersonId, string PersonName, string PersonReference, string Kind, string Details,
                                   DateTime AskedAt, DateTime? AnsweredAt, string? Answer);

/// <summary>
/// A person asks for a change (a new purchase idea, a change to their plan, a review) in their own words: it waits in
/// their social worker's queue (or, with no social worker named, their council's) until answered.
/// </summary>
public static class AskForChange
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid PersonId, ChangeKind Kind, string Details) : ISdsCommand<Guid>;

    public static string Code(ChangeKind kind) => kind switch { ChangeKind.Purchase => "purchase", ChangeKind.Plan => "plan", _ => "review" };

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Kind).IsInEnum().WithMessage("Choose what you would like: something new to buy, a change to your plan, or a review.");
            RuleFor(c => c.Details).Text("details of what you would like", 2000);
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct) =>
            await Scope.PersonOrTheirCouncilStaffAsync(session, c.Actor, c.PersonId, audit, ct);
    }

    internal sealed class Handler(DbSession session, AuditContext audit, PersonKeys personKeys) : ICommandHandler<Command, Result<Guid>>
    {
        private const string Insert = """
            INSERT INTO sds.change_requests (id, council_id, person_id, kind, details, asked_by_id, social_worker_id)
            SELECT @Id, p.council_id, p.id, @Kind, @Details, @AskedBy, p.social_worker_id FROM sds.people p WHERE p.id = @PersonId
            """;

        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            var id = Guid.CreateVersion7();
            // What they asked for, in their words, is kept sealed with their key (see PersonKeys).
            var details = await personKeys.SealAsync(c.PersonId, $"{c.IdempotencyKey}:details", c.Details.Trim(), ct);
            await session.Connection.ExecuteAsync(new CommandDefinition(Insert,
                new { Id = id, c.PersonId, Kind = Code(c.Kind), Details = details, AskedBy = c.Actor.Id }, cancellationToken: ct));
            audit.Detail = $"asked for a change: {Code(c.Kind)}";
            return id;
        }
    }
}

/// <summary>The requests for a change waiting for the social worker (or answered lately), oldest first; for the person, their own.</summary>
public static class ChangeRequests
{
    public sealed record Query(Actor Actor, Guid? PersonId = null) : ISdsQuery<IReadOnlyList<ChangeRequest>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = q.Actor.CouncilId;
            if (q.Actor.Role == Role.ServiceUser)
            {
                audit.PersonId = q.Actor.PersonId;
                return ValueTask.FromResult(q.PersonId is null || q.PersonId == q.Actor.PersonId ? null : Scope.NotFound("That person"));
            }
            return ValueTask.FromResult(q.Actor.Role == Role.SocialWorker ? null : Scope.RoleCannot(q.Actor, "read requests for a change; social workers do"));
        }
    }

    internal sealed class Handler(DbSession session, PersonKeys personKeys) : IQueryHandler<Query, Result<IReadOnlyList<ChangeRequest>>>
    {
        private const string Sql = """
            SELECT r.id AS Id, r.person_id AS PersonId, p.name AS PersonName, p.reference AS PersonReference, r.kind AS Kind, r.details AS Details,
                   r.asked_at AS AskedAt, r.answered_at AS AnsweredAt, r.answer AS Answer
              FROM sds.change_requests r JOIN sds.people p ON p.id = r.person_id
             WHERE CASE WHEN @Person::uuid IS NOT NULL THEN r.person_id = @Person
                        ELSE r.answered_at IS NULL AND (r.social_worker_id = @Worker OR r.social_worker_id IS NULL) END
             ORDER BY r.asked_at
             LIMIT 500
            """;

        public async ValueTask<Result<IReadOnlyList<ChangeRequest>>> Handle(Query q, CancellationToken ct)
        {
            var person = q.Actor.Role == Role.ServiceUser ? q.Actor.PersonId : q.PersonId;
            var rows = (await session.Connection.QueryAsync<ChangeRequest>(new CommandDefinition(Sql, new { Person = person, Worker = q.Actor.Id }, cancellationToken: ct))).ToList();
            await personKeys.LoadKeysForAsync(rows.SelectMany(r => new[] { r.Details, r.Answer }), ct);
            var requests = new List<ChangeRequest>(rows.Count);
            foreach (var r in rows)
                requests.Add(r with { Details = await personKeys.RevealAsync(r.Details, ct), Answer = await personKeys.RevealIfGivenAsync(r.Answer, ct) });
            return requests;
        }
    }
}
