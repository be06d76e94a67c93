using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Ledger;
using SdsLedger.Pipeline;
using LedgerWriter = SdsLedger.Ledger.Ledger;

namespace SdsLedger.Features.Councils;

/// <summary>A council joins: its funding account is opened and its rules start at the defaults.</summary>
public static class SetUpCouncil
{
    public sealed record Command(Actor Actor, string IdempotencyKey, string Code, string Name, string Contact) : ISdsCommand<Guid>;

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
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct) =>
            ValueTask.FromResult(c.Actor.Role == Role.CouncilFinance ? null : Scope.RoleCannot(c.Actor, "set up a council"));
    }

    internal sealed class Handler(DbSession session) : ICommandHandler<Command, Result<Guid>>
    {
        private const string Exists = "SELECT 1 FROM sds.councils WHERE code = @Code";
        private const string Insert = """
            INSERT INTO sds.councils (id, code, name, contact, funding_account) VALUES (@Id, @Code, @Name, @Contact, @Funding);
            INSERT INTO sds.council_rules (council_id, updated_by) VALUES (@Id, @Actor);
            """;

        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            if (await conn.ExecuteScalarAsync<int?>(new CommandDefinition(Exists, new { c.Code }, cancellationToken: ct)) is not null)
                return Result<Guid>.Invalid(nameof(c.Code), $"A council with the code '{c.Code}' is already set up. Choose another code.");
            var id = Guid.CreateVersion7();
            var funding = await LedgerWriter.OpenAccountAsync(conn, new AccountSpec(OwnerKind.Council, id, "funding", $"{c.Name} SDS funding", AllowNegative: true), ct);
            await conn.ExecuteAsync(new CommandDefinition(Insert, new { Id = id, c.Code, c.Name, c.Contact, Funding = funding.Value, Actor = c.Actor.Name }, cancellationToken: ct));
            return id;
        }
    }
}
