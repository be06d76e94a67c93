using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.People;

/// <summary>Changes the format a person's statements come in (standard, large print or Easy Read): the person themselves, or their council's staff.</summary>
public static class ChangeStatementFormat
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid PersonId, StatementFormat Format) : ISdsCommand<Guid>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Format).IsInEnum().WithMessage($"The statement format is one of {StatementFormats.Choices}.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct) =>
            await Scope.PersonOrTheirCouncilStaffAsync(session, c.Actor, c.PersonId, audit, ct);
    }

    internal sealed class Handler(DbSession session, AuditContext audit) : ICommandHandler<Command, Result<Guid>>
    {
        private const string Update = "UPDATE sds.people SET statement_format = @Format WHERE id = @PersonId";

        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            await session.Connection.ExecuteAsync(new CommandDefinition(Update, new { c.PersonId, Format = c.Format.Code() }, cancellationToken: ct));
            audit.Detail = $"statements now {c.Format.Code()}";
            return c.PersonId;
        }
    }
}
