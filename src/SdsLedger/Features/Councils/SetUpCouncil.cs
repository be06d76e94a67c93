using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Ledger;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Councils;

/// <summary>
/// A council joins: its funding account is opened, its rules start at the defaults, and its first finance officer (the
/// actor, with the id given) is registered with the code given, to register everyone else.
/// </summary>
public static class SetUpCouncil
{
    public sealed record Command(Actor Actor, string IdempotencyKey, string Code, string Name, string Contact, string FinanceCode)
        : ISdsCommand<Guid>, IFirstActorMessage;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Code).NotEmpty().Matches("^[a-z0-9-]{2,32}$")
                .WithMessage("The council code is 2 to 32 lower-case letters, digits or hyphens, like 'north-lanark'.");
            RuleFor(c => c.Name).Text("council's name", 200);
            RuleFor(c => c.Contact).Text("contact for questions (shown on statements)", 300);
            RuleFor(c => c.FinanceCode).NotEmpty().Matches("^[a-z0-9-]{2,40}$")
                .WithMessage("The finance officer's worker code is 2 to 40 lower-case letters, digits or hyphens, like 'fin-akhan'.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct) =>
            ValueTask.FromResult(c.Actor is { Role: Role.CouncilFinance, CouncilId: null } ? null : Scope.RoleCannot(c.Actor, "set up a council"));
    }

    internal sealed class Handler(DbSession session) : ICommandHandler<Command, Result<Guid>>
    {
        private const string Exists = "SELECT 1 FROM sds.councils WHERE code = @Code";
        private const string WorkerExists = "SELECT 1 FROM sds.workers WHERE code = @FinanceCode OR id = @ActorId";
        private const string Insert = """
            INSERT INTO sds.councils (id, code, name, contact, funding_account) VALUES (@Id, @Code, @Name, @Contact, @Funding);
            INSERT INTO sds.council_rules (council_id, updated_by_id) VALUES (@Id, @ActorId);
            INSERT INTO sds.workers (id, council_id, code, name, role) VALUES (@ActorId, @Id, @FinanceCode, @ActorName, 'council-finance');
            """;

        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            if (await conn.ExecuteScalarAsync<int?>(new CommandDefinition(Exists, new { c.Code }, cancellationToken: ct)) is not null)
                return Result<Guid>.Invalid(nameof(c.Code), $"A council with the code '{c.Code}' is already set up. Choose another code.");
            if (await conn.ExecuteScalarAsync<int?>(new CommandDefinition(WorkerExists, new { c.FinanceCode, ActorId = c.Actor.Id }, cancellationToken: ct)) is not null)
                return Result<Guid>.Invalid(nameof(c.FinanceCode), $"A worker with the code '{c.FinanceCode}' already exists. Choose another code.");
            var id = Guid.CreateVersion7();
            var funding = await LedgerWriter.OpenAccountAsync(conn, new AccountSpec(OwnerKind.Council, id, "funding", $"{c.Name} SDS funding", AllowNegative: true), ct);
            await conn.ExecuteAsync(new CommandDefinition(Insert, new
            {
                Id = id, c.Code, c.Name, c.Contact, Funding = funding.Value, ActorId = c.Actor.Id, ActorName = c.Actor.Name, c.FinanceCode,
            }, cancellationToken: ct));
            return id;
        }
    }
}
