using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Councils;

/// <summary>
/// An organisation a person may choose to hold option-2 funds or a test budget (a provider or recovery service), registered
/// by a council: that council's people, budgets and workers may name it, and no other council's.
/// </summary>
public static class RegisterOrganisation
{
    public sealed record Command(Actor Actor, string IdempotencyKey, string Code, string Name, string Contact) : ISdsCommand<Guid>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Code).NotEmpty().Matches("^[a-z0-9-]{2,40}$")
                .WithMessage("The organisation code is 2 to 40 lower-case letters, digits or hyphens, like 'harbour-recovery'.");
            RuleFor(c => c.Name).Text("organisation's name", 200);
            RuleFor(c => c.Contact).MaximumLength(300).WithMessage("The contact is too long: at most 300 characters.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct) =>
            ValueTask.FromResult(c.Actor is { Role: Role.CouncilFinance, CouncilId: not null } ? null : Scope.RoleCannot(c.Actor, "register an organisation"));
    }

    internal sealed class Handler(DbSession session) : ICommandHandler<Command, Result<Guid>>
    {
        private const string Insert = """
            INSERT INTO sds.organisations (id, council_id, code, name, contact) VALUES (@Id, @CouncilId, @Code, @Name, @Contact)
            ON CONFLICT (code) DO NOTHING
            """;

        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            var id = Guid.CreateVersion7();
            var inserted = await session.Connection.ExecuteAsync(new CommandDefinition(Insert, new { Id = id, c.Actor.CouncilId, c.Code, c.Name, c.Contact }, cancellationToken: ct));
            return inserted == 1 ? id : Result<Guid>.Invalid(nameof(c.Code), $"An organisation with the code '{c.Code}' already exists. Choose another code.");
        }
    }
}
