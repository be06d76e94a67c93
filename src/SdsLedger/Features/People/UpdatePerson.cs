using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.People;

/// <summary>
/// One field of a person's details that changed. What it was and is now are in the person's history (sds.person_changes),
/// not in the answer: the answer is stored for retries, and contact details are kept only sealed.
/// </summary>
public sealed record PersonChange(string Field);

public sealed record PersonUpdated(Guid PersonId, IReadOnlyList<PersonChange> Changes);

/// <summary>
/// Changes a person's name, contact, statement format or social worker; a field left null stays as it is. Each field that
/// differs is kept in the person's history (sds.person_changes) with who changed it and when; the person's row holds the
/// current values, which statements and reports read.
/// </summary>
public static class UpdatePerson
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid PersonId, string? Name = null, string? Contact = null,
                                 StatementFormat? Format = null, Guid? SocialWorkerId = null) : ISdsCommand<PersonUpdated>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c).Must(c => c.Name is not null || c.Contact is not null || c.Format is not null || c.SocialWorkerId is not null)
                .WithName("Changes").OverridePropertyName("Changes")
                .WithMessage("Say what to change: the name, the contact, the statement format or the social worker.");
            When(c => c.Name is not null, () =>
                RuleFor(c => c.Name!).Text("person's name", 200));
            When(c => c.Contact is not null, () =>
                RuleFor(c => c.Contact!).MaximumLength(300).WithMessage("The contact is too long: at most 300 characters.")
                    .NoHiddenCharacters("contact"));
            RuleFor(c => c.Format).IsInEnum().WithMessage($"The statement format is one of {StatementFormats.Choices}.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        private const string PersonCouncil = "SELECT council_id FROM sds.people WHERE id = @PersonId";

        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            var council = await session.Connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(PersonCouncil, new { c.PersonId }, cancellationToken: ct));
            if (council is null || council != c.Actor.CouncilId) return Scope.NotFound("That person");
            (audit.CouncilId, audit.PersonId) = (council, c.PersonId);
            return Roles.IsCouncilStaff(c.Actor.Role) ? null : Scope.RoleCannot(c.Actor, "change a person's details (council staff do)");
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit, PersonKeys personKeys) : ICommandHandler<Command, Result<PersonUpdated>>
    {
        private const string CurrentSql = """
            SELECT name AS Name, contact AS Contact, statement_format AS Format, social_worker_id AS SocialWorkerId
              FROM sds.people WHERE id = @PersonId FOR UPDATE
            """;

        private const string WorkerSql = """
            SELECT count(*) FROM sds.workers WHERE id = @SocialWorkerId AND council_id = @CouncilId AND role = 'social-worker'
            """;

        private const string UpdateSql = """
            UPDATE sds.people SET name = @Name, contact = @Contact, statement_format = @Format, social_worker_id = @SocialWorkerId
             WHERE id = @PersonId
            """;

        private const string HistorySql = """
            INSERT INTO sds.person_changes (id, council_id, person_id, field, old_value, new_value, changed_by_id, changed_by)
            VALUES (@Id, @CouncilId, @PersonId, @Field, @Was, @Now, @ById, @By)
            """;

        public async ValueTask<Result<PersonUpdated>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            await personKeys.RefuseIfErasedAsync(c.PersonId, ct);
            var held = await conn.QuerySingleAsync<Row>(new CommandDefinition(CurrentSql, new { c.PersonId }, session.Transaction, cancellationToken: ct));
            // Contact details are kept sealed with the person's key (see PersonKeys): compared, and kept in the history, as written.
            var now = held with { Contact = await personKeys.RevealAsync(held.Contact, ct) };
            if (c.SocialWorkerId is { } worker && await conn.ExecuteScalarAsync<long>(new CommandDefinition(WorkerSql,
                    new { SocialWorkerId = worker, c.Actor.CouncilId }, session.Transaction, cancellationToken: ct)) == 0)
                return Result<PersonUpdated>.Invalid(nameof(c.SocialWorkerId), "That is not a social worker of this council. Give their worker code, like sw-amacdonald.");

            var next = new Row
            {
                Name = c.Name?.Trim() ?? now.Name,
                Contact = c.Contact?.Trim() ?? now.Contact,
                Format = c.Format?.Code() ?? now.Format,
                SocialWorkerId = c.SocialWorkerId ?? now.SocialWorkerId,
            };
            var changes = new List<(string Field, string? Was, string? Now)>();
            void Compare(string field, string? was, string? then)
            {
                if (!string.Equals(was, then, StringComparison.Ordinal)) changes.Add((field, was, then));
            }
            Compare("name", now.Name, next.Name);
            Compare("contact", now.Contact, next.Contact);
            Compare("statement_format", now.Format, next.Format);
            Compare("social_worker", now.SocialWorkerId?.ToString(), next.SocialWorkerId?.ToString());
            if (changes.Count == 0)
            {
                audit.Detail = "person's details unchanged";
                return new PersonUpdated(c.PersonId, []);
            }

            var contactChanged = changes.Any(ch => ch.Field == "contact");
            var contact = contactChanged ? await SealedAsync(next.Contact, "contact") ?? "" : held.Contact;
            await conn.ExecuteAsync(new CommandDefinition(UpdateSql, new { next.Name, Contact = contact, next.Format, next.SocialWorkerId, c.PersonId },
                session.Transaction, cancellationToken: ct));
            foreach (var change in changes)
            {
                var sealedValues = change.Field == "contact";
                await conn.ExecuteAsync(new CommandDefinition(HistorySql, new
                {
                    Id = Guid.CreateVersion7(), c.Actor.CouncilId, c.PersonId, change.Field,
                    Was = sealedValues ? await SealedAsync(change.Was, "contact-was") : change.Was,
                    Now = sealedValues ? await SealedAsync(change.Now, "contact-now") : change.Now,
                    ById = c.Actor.Id, By = audit.ActorName ?? c.Actor.Name,
                }, session.Transaction, cancellationToken: ct));
            }
            // The audit trail names the fields changed; the values are in the person's history, seen as the person is.
            audit.Detail = "person's details changed: " + string.Join(", ", changes.Select(ch => ch.Field));
            return new PersonUpdated(c.PersonId, changes.Select(ch => new PersonChange(ch.Field)).ToList());

            Task<string?> SealedAsync(string? text, string what) => personKeys.SealIfGivenAsync(c.PersonId, $"{c.IdempotencyKey}:{what}", text, ct);
        }

        private sealed record Row
        {
            public string Name { get; init; } = "";
            public string Contact { get; init; } = "";
            public string Format { get; init; } = "";
            public Guid? SocialWorkerId { get; init; }
        }
    }
}
