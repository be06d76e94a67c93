using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.People;

/// <summary>Where a person's sign-in codes go, opened: their email address and mobile number (either may be missing).</summary>
public sealed record PersonSignInAddressesView(Guid PersonId, string Name, string? Email, string? Mobile);

/// <summary>
/// Where a person's sign-in codes go, for their council's staff to check with them or change (see
/// <see cref="SetPersonSignIn"/>). The addresses are kept sealed with the person's key and opened here; reading them
/// is a read of the person's record, so someone outside the caseload breaks the glass first.
/// </summary>
public static class PersonSignInAddresses
{
    public sealed record Query(Actor Actor, Guid PersonId) : ISdsQuery<PersonSignInAddressesView>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        private const string Council = "SELECT council_id FROM sds.people WHERE id = @PersonId";

        public async ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            var council = await session.Connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(Council, new { q.PersonId }, cancellationToken: ct));
            if (council is null || council != q.Actor.CouncilId) return Scope.NotFound("That person");
            (audit.CouncilId, audit.PersonId) = (council, q.PersonId);
            return q.Actor.Role is Role.SocialWorker or Role.CouncilFinance
                ? await LeastAccess.CheckAsync(session, q.Actor, q.PersonId, ct)
                : Scope.RoleCannot(q.Actor, "see where a person's sign-in codes go (their council's social workers and finance officers do)");
        }
    }

    internal sealed class Handler(DbSession session, PersonKeys personKeys) : IQueryHandler<Query, Result<PersonSignInAddressesView>>
    {
        private const string Sql = "SELECT id AS PersonId, name AS Name, email AS Email, mobile AS Mobile FROM sds.people WHERE id = @PersonId";

        public async ValueTask<Result<PersonSignInAddressesView>> Handle(Query q, CancellationToken ct)
        {
            var held = await session.Connection.QuerySingleAsync<PersonSignInAddressesView>(new CommandDefinition(Sql, new { q.PersonId }, cancellationToken: ct));
            return held with { Email = await personKeys.RevealIfGivenAsync(held.Email, ct), Mobile = await personKeys.RevealIfGivenAsync(held.Mobile, ct) };
        }
    }
}
