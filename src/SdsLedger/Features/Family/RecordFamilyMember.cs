using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Family;

/// <summary>
/// Records someone of the person's family or household with their plan: name, relationship, and whether they live with
/// the person. From then on a spend whose payee names them needs the council's recorded agreement to pay family, whether or
/// not the spend says it is family.
/// </summary>
public static class RecordFamilyMember
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid PersonId, string Name, string Relationship, bool SameHousehold)
        : ISdsCommand<Guid>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Name).Text("family member's name", 200)
                .Must(n => n is null || SpendWords.Name(n).Length > 0).WithMessage("Give the family member's name in letters, like 'Mary Test'.");
            RuleFor(c => c.Relationship).Text("relationship to the person (like sister, son, partner)", 60);
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
            return Roles.IsCouncilStaff(c.Actor.Role) ? null : Scope.RoleCannot(c.Actor, "record a person's family (their social worker does, with them)");
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit, PersonKeys personKeys) : ICommandHandler<Command, Result<Guid>>
    {
        private const string Insert = """
            INSERT INTO sds.family_members (id, council_id, person_id, name, relationship, same_household, recorded_by_id)
            VALUES (@Id, @CouncilId, @PersonId, @Name, @Relationship, @SameHousehold, @RecordedBy)
            """;

        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            var id = Guid.CreateVersion7();
            await session.Connection.ExecuteAsync(new CommandDefinition(Insert, new
            {
                // A relative's name is personal to them and to the person: kept sealed with the person's key (refused, with
                // nothing written, once the person is erased).
                Id = id, c.Actor.CouncilId, c.PersonId, Name = await personKeys.SealAsync(c.PersonId, $"{c.IdempotencyKey}:name", c.Name.Trim(), ct),
                Relationship = c.Relationship.Trim(), c.SameHousehold, RecordedBy = c.Actor.Id,
            }, session.Transaction, cancellationToken: ct));
            audit.Detail = $"family member recorded: {c.Relationship.Trim()}{(c.SameHousehold ? ", same household" : "")}";
            return id;
        }
    }
}
