using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Referrals;

/// <summary>One self-referral, for the social worker deciding it (or the referring organisation reading its answer).</summary>
public static class ShowReferral
{
    public sealed record Query(Actor Actor, Guid ReferralId) : ISdsQuery<Referral>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = q.Actor.CouncilId;
            return ValueTask.FromResult(ListReferrals.MayRead(q.Actor));
        }
    }

    internal sealed class Handler(DbSession session, PersonKeys personKeys) : IQueryHandler<Query, Result<Referral>>
    {
        private const string Sql = $"""
            SELECT {ListReferrals.Columns} FROM {ListReferrals.From}
             WHERE r.id = @Id AND r.council_id = @Council
               AND (@Staff OR r.organisation_id = @Organisation OR (r.organisation_id IS NULL AND r.referred_by_id = @Worker))
            """;

        public async ValueTask<Result<Referral>> Handle(Query q, CancellationToken ct)
        {
            var row = await session.Connection.QuerySingleOrDefaultAsync<Referral>(new CommandDefinition(Sql, new
            {
                Id = q.ReferralId, Council = q.Actor.CouncilId, Staff = q.Actor.Role == Role.SocialWorker,
                Organisation = q.Actor.OrganisationId, Worker = q.Actor.Id,
            }, session.Transaction, cancellationToken: ct));
            if (row is null) return Scope.NotFound("That referral");
            return (await ListReferrals.OpenAsync(personKeys, [row], ct))[0];
        }
    }
}
