using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Consent;

/// <summary>Who a person gives consent to, as they know them.</summary>
public enum ConsentKind
{
    PeerWorker,
    FamilyMember,
    Carer,
    Advocate,
}

public static class ConsentKinds
{
    public static string Code(ConsentKind kind) => kind switch
    {
        ConsentKind.PeerWorker => "peer-worker",
        ConsentKind.FamilyMember => "family-member",
        ConsentKind.Carer => "carer",
        _ => "advocate",
    };

    public static bool TryParse(string? text, out ConsentKind kind)
    {
        foreach (var k in Enum.GetValues<ConsentKind>())
        {
            if (string.Equals(Code(k), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }

    public const string Choices = "peer-worker, family-member, carer or advocate";
}

/// <summary>
/// A person gives consent to a named worker or organisation (their peer worker, a family member, a carer, an advocate)
/// to see their budget summary, see their statements, or act for them on a test budget, from a day and, if they say,
/// until a day. The person gives it themselves, or their social worker records it with them; either way who recorded it
/// is kept as its witness. It can be withdrawn at any time (<see cref="WithdrawConsent"/>).
/// </summary>
public static class GiveConsent
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid PersonId, ConsentKind Kind, Guid? WorkerId, Guid? OrganisationId,
                                 bool SeeSummary, bool SeeStatements, bool ActOnTestBudget, LocalDate From, LocalDate? Until = null)
        : ISdsCommand<Guid>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Kind).IsInEnum().WithMessage($"Say who they are to the person: {ConsentKinds.Choices}.");
            RuleFor(c => c.WorkerId).NotNull().When(c => c.OrganisationId is null)
                .WithMessage("Name who the consent is for: a worker, or an organisation.");
            RuleFor(c => c.OrganisationId).Null().When(c => c.WorkerId is not null)
                .WithMessage("Name a worker or an organisation, not both: make a second consent for the other.");
            RuleFor(c => c.SeeSummary).Equal(true).When(c => !c.SeeStatements && !c.ActOnTestBudget)
                .WithMessage("Choose at least one thing they may do: see the budget summary, see statements, or act on a test budget.");
            RuleFor(c => c.From).SaneDay("day the consent starts");
            RuleFor(c => c.Until).Must((c, until) => until is null || until >= c.From)
                .WithMessage("The day the consent ends must be on or after the day it starts; leave it empty for no end.");
            RuleFor(c => c.Until).Must(u => u is null || u.Value.Year is >= 2000 and <= 2100)
                .WithMessage("The day the consent ends must be between 2000 and 2100; write it like 2027-03-31.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct) =>
            await ConsentAccess.CheckAsync(session, c.Actor, c.PersonId, audit, "record consent (the person, or their social worker with them, does)", ct);
    }

    internal sealed class Handler(DbSession session, AuditContext audit) : ICommandHandler<Command, Result<Guid>>
    {
        // The worker must be active, of the person's council or of an organisation that council registered.
        private const string WorkerSql = """
            SELECT w.name FROM sds.workers w LEFT JOIN sds.organisations o ON o.id = w.organisation_id
             WHERE w.id = @Id AND w.active AND coalesce(w.council_id, o.council_id) = (SELECT council_id FROM sds.people WHERE id = @PersonId)
            """;

        private const string OrganisationSql = """
            SELECT o.name FROM sds.organisations o WHERE o.id = @Id AND o.council_id = (SELECT council_id FROM sds.people WHERE id = @PersonId)
            """;

        private const string Insert = """
            INSERT INTO sds.consents (id, council_id, person_id, kind, grantee_worker_id, grantee_organisation_id, see_summary, see_statements,
                                      act_on_test_budget, valid_from, valid_until, witnessed_by_id, witnessed_by)
            SELECT @Id, p.council_id, p.id, @Kind, @WorkerId, @OrganisationId, @SeeSummary, @SeeStatements, @ActOnTestBudget,
                   @From, @Until, @WitnessId, @Witness
              FROM sds.people p WHERE p.id = @PersonId
            """;

        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            string? name;
            if (c.WorkerId is { } workerId)
            {
                name = await conn.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(WorkerSql, new { Id = workerId, c.PersonId }, session.Transaction, cancellationToken: ct));
                if (name is null) return Result<Guid>.Invalid(nameof(c.WorkerId), "There is no such worker here: choose one of the workers listed.");
            }
            else
            {
                name = await conn.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(OrganisationSql, new { Id = c.OrganisationId, c.PersonId }, session.Transaction, cancellationToken: ct));
                if (name is null) return Result<Guid>.Invalid(nameof(c.OrganisationId), "There is no such organisation here: choose one of the organisations listed.");
            }

            var id = Guid.CreateVersion7();
            await conn.ExecuteAsync(new CommandDefinition(Insert, new
            {
                Id = id, Kind = ConsentKinds.Code(c.Kind), c.WorkerId, c.OrganisationId, c.SeeSummary, c.SeeStatements, c.ActOnTestBudget,
                From = c.From.ToDateOnly(), Until = c.Until?.ToDateOnly(), WitnessId = c.Actor.Id, Witness = audit.ActorName ?? c.Actor.Name, c.PersonId,
            }, session.Transaction, cancellationToken: ct));
            var what = string.Join(", ", new[] { c.SeeSummary ? "summary" : null, c.SeeStatements ? "statements" : null, c.ActOnTestBudget ? "test-budget" : null }
                .Where(w => w is not null));
            audit.Detail = $"consent {id} to {ConsentKinds.Code(c.Kind)} {name}: {what}, from {c.From:yyyy-MM-dd}{(c.Until is { } u ? $" until {u:yyyy-MM-dd}" : "")}";
            return id;
        }
    }
}

/// <summary>Who may give, withdraw and read a person's consents: the person themselves, or a social worker of their council.</summary>
internal static class ConsentAccess
{
    private const string Council = "SELECT council_id FROM sds.people WHERE id = @PersonId";

    public static async Task<Refusal?> CheckAsync(DbSession session, Actor actor, Guid personId, AuditContext audit, string action, CancellationToken ct)
    {
        var council = await session.Connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(Council, new { PersonId = personId }, session.Transaction, cancellationToken: ct));
        var sees = council is not null && council == actor.CouncilId
                   && (Roles.IsCouncilStaff(actor.Role) || actor.Role == Role.Auditor || (actor.Role == Role.ServiceUser && actor.PersonId == personId));
        if (!sees) return Scope.NotFound("That person");
        audit.CouncilId = council;
        audit.PersonId = personId;
        return actor.Role is Role.SocialWorker or Role.ServiceUser ? null : Scope.RoleCannot(actor, action);
    }
}
