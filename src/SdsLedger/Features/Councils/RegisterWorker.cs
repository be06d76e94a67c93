using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Councils;

/// <summary>A worker: a social worker or finance officer of a council, or a provider's or recovery service's worker.</summary>
public static class RegisterWorker
{
    public sealed record Command(Actor Actor, string IdempotencyKey, string Code, string Name, Role Role, Guid? CouncilId, Guid? OrganisationId)
        : ISdsCommand<Guid>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Code).NotEmpty().Matches("^[a-z0-9-]{2,40}$")
                .WithMessage("The worker code is 2 to 40 lower-case letters, digits or hyphens, like 'sw-jmacleod'.");
            RuleFor(c => c.Name).Text("worker's name", 200);
            RuleFor(c => c.Role).Must(r => r != Role.ServiceUser).WithMessage("People who use services are registered as people, not workers.");
            RuleFor(c => c.OrganisationId).NotNull().When(c => c.Role == Role.Provider)
                .WithMessage("A provider's worker belongs to an organisation: give the organisation.");
            RuleFor(c => c.CouncilId).NotNull().When(c => c.Role is Role.SocialWorker or Role.CouncilFinance or Role.Auditor)
                .WithMessage("Council staff belong to a council: give the council.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            if (c.Actor.Role != Role.CouncilFinance) return ValueTask.FromResult<Refusal?>(Scope.RoleCannot(c.Actor, "register workers"));
            if (c.CouncilId is { } council && council != c.Actor.CouncilId)
                return ValueTask.FromResult<Refusal?>(Scope.NotFound("That council"));
            audit.CouncilId = c.Actor.CouncilId;
            return ValueTask.FromResult<Refusal?>(null);
        }
    }

    internal sealed class OrganisationOfTheCouncil : IAuthorisation<Command>
    {
        private const string Sql = "SELECT 1 FROM sds.organisations WHERE id = @OrganisationId AND council_id = @CouncilId";

        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            if (c.OrganisationId is null) return null;
            var found = await session.Connection.ExecuteScalarAsync<int?>(new CommandDefinition(Sql, new { c.OrganisationId, c.Actor.CouncilId }, cancellationToken: ct));
            return found is null ? Scope.NotFound("That organisation") : null;
        }
    }

    internal sealed class Handler(DbSession session) : ICommandHandler<Command, Result<Guid>>
    {
        private const string Insert = """
            INSERT INTO sds.workers (id, council_id, organisation_id, code, name, role) VALUES (@Id, @CouncilId, @OrganisationId, @Code, @Name, @Role)
            ON CONFLICT (code) DO NOTHING
            """;

        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            var id = Guid.CreateVersion7();
            var inserted = await session.Connection.ExecuteAsync(new CommandDefinition(Insert,
                new { Id = id, c.CouncilId, c.OrganisationId, c.Code, c.Name, Role = Roles.Text(c.Role) }, cancellationToken: ct));
            return inserted == 1 ? id : Result<Guid>.Invalid(nameof(c.Code), $"A worker with the code '{c.Code}' already exists. Choose another code.");
        }
    }
}
