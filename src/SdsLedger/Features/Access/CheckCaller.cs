using FluentValidation;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Access;

/// <summary>
/// Whether the actor a token names is someone of the register, still active, in the role, council and organisation it
/// says. The pipeline's registered-actor check answers it: a refusal here is "unknown-actor", so a correctly signed
/// token for a council that does not exist, or a worker who has left, is refused before anything else is read.
/// </summary>
public static class CheckCaller
{
    public sealed record Query(Actor Actor) : ISdsQuery<bool>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    // Anyone registered may ask whether they are; the registered-actor check has already run when this is asked.
    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct) =>
            ValueTask.FromResult<Refusal?>(null);
    }

    internal sealed class Handler : Mediator.IQueryHandler<Query, Result<bool>>
    {
        public ValueTask<Result<bool>> Handle(Query q, CancellationToken ct) => ValueTask.FromResult(Result<bool>.Ok(true));
    }
}
