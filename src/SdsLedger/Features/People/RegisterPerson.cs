using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.People;

/// <summary>Registers a person who uses services: only what statements and the rules need.</summary>
public static class RegisterPerson
{
    public sealed record Command(Actor Actor, string IdempotencyKey, string Reference, string Name, LocalDate DateOfBirth,
                                 string Contact, StatementFormat Format, Guid? SocialWorkerId) : ISdsCommand<Guid>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Reference).NotEmpty().Matches("^[A-Za-z0-9-]{2,32}$")
                .WithMessage("The person's reference is 2 to 32 letters, digits or hyphens, like 'NL-10234'.");
            RuleFor(c => c.Name).Text("person's name", 200);
            RuleFor(c => c.DateOfBirth).Must(d => d.Year >= 1900 && d <= new LocalDate(2026, 12, 31))
                .WithMessage("The date of birth must be a real past date, written as YYYY-MM-DD.");
            RuleFor(c => c.Contact).MaximumLength(300).WithMessage("The contact is too long: at most 300 characters.");
            RuleFor(c => c.Format).IsInEnum().WithMessage($"The statement format is one of {StatementFormats.Choices}.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = c.Actor.CouncilId;
            return ValueTask.FromResult(Roles.IsCouncilStaff(c.Actor.Role) && c.Actor.CouncilId is not null
                ? null
                : Scope.RoleCannot(c.Actor, "register people"));
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit, PersonKeys personKeys) : ICommandHandler<Command, Result<Guid>>
    {
        private const string Insert = """
            INSERT INTO sds.people (id, council_id, reference, name, date_of_birth, contact, statement_format, social_worker_id)
            SELECT @Id, @CouncilId, @Reference, @Name, @DateOfBirth, @Contact, @Format, @SocialWorkerId
             WHERE @SocialWorkerId IS NULL
                OR EXISTS (SELECT 1 FROM sds.workers w WHERE w.id = @SocialWorkerId AND w.council_id = @CouncilId AND w.role = 'social-worker')
            ON CONFLICT (council_id, reference) DO NOTHING
            """;

        private const string SealContact = "UPDATE sds.people SET contact = @Contact WHERE id = @Id";

        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            var id = Guid.CreateVersion7();
            var inserted = await session.Connection.ExecuteAsync(new CommandDefinition(Insert, new
            {
                Id = id,
                c.Actor.CouncilId,
                c.Reference,
                c.Name,
                DateOfBirth = c.DateOfBirth.ToDateOnly(),
                // Their contact details are kept sealed with a key of theirs, which needs their row first.
                Contact = "",
                Format = c.Format.Code(),
                c.SocialWorkerId,
            }, cancellationToken: ct));
            if (inserted == 0)
                return Result<Guid>.Invalid(nameof(c.Reference),
                    $"Someone with the reference '{c.Reference}' is already registered here, or the social worker is not one of this council's. Check both.");
            if (!string.IsNullOrWhiteSpace(c.Contact))
                await session.Connection.ExecuteAsync(new CommandDefinition(SealContact,
                    new { Id = id, Contact = await personKeys.SealAsync(id, $"{c.IdempotencyKey}:contact", c.Contact, ct) }, cancellationToken: ct));
            audit.PersonId = id;
            return id;
        }
    }
}
