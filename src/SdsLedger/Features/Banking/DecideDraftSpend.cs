using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Banking;

/// <summary>What happened to a draft spend: recorded as the spend the entry is, or dismissed with a reason.</summary>
public sealed record DraftSpendDecision(Guid DraftId, string Status, Guid? EntryId);

/// <summary>
/// Closes a draft spend: as recorded (once its spend has been recorded through every spending rule, see
/// <see cref="ConfirmDraftSpend"/>) or as dismissed (the line was not a spend from the budget, with the reason, for
/// the monitoring officer). A draft is decided once; deciding it again the same way answers the same.
/// </summary>
public static class DecideDraftSpend
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid DraftId, Guid? EntryId, string? Reason) : ISdsCommand<DraftSpendDecision>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Reason).NotEmpty().MaximumLength(300).When(c => c.EntryId is null)
                .WithMessage("Say why the line is not a spend from the budget (at most 300 characters), for the monitoring officer.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        private const string DraftSql = "SELECT person_id FROM sds.draft_spends WHERE id = @DraftId AND council_id = @CouncilId";

        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = c.Actor.CouncilId;
            var person = await session.Connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(DraftSql, new { c.DraftId, c.Actor.CouncilId }, cancellationToken: ct));
            audit.PersonId = person;
            if (person is null) return Scope.NotFound("That draft spend");
            var allowed = Roles.IsCouncilStaff(c.Actor.Role) || (c.Actor.Role == Role.ServiceUser && c.Actor.PersonId == person);
            return allowed ? null : Scope.RoleCannot(c.Actor, "decide draft spends (the council's staff, and the person whose card it is, do)");
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit) : ICommandHandler<Command, Result<DraftSpendDecision>>
    {
        // The spend must be the draft's: same part and amount, recorded as a spend.
        private const string DecideSql = """
            UPDATE sds.draft_spends d
               SET status = CASE WHEN @EntryId::uuid IS NULL THEN 'dismissed' ELSE 'recorded' END, entry_id = @EntryId, decided_by_id = @DecidedBy,
                   decided_at = clock_timestamp(), reason = @Reason
             WHERE d.id = @DraftId AND d.status = 'draft'
               AND (@EntryId::uuid IS NULL OR EXISTS (SELECT 1 FROM sds.spends s WHERE s.entry_id = @EntryId AND s.part_id = d.part_id AND s.amount = d.amount))
            RETURNING d.status
            """;

        private const string CurrentSql = "SELECT status AS Status, entry_id AS EntryId FROM sds.draft_spends WHERE id = @DraftId FOR UPDATE";

        public async ValueTask<Result<DraftSpendDecision>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            var current = await conn.QuerySingleAsync<(string Status, Guid? EntryId)>(new CommandDefinition(CurrentSql, new { c.DraftId }, cancellationToken: ct));
            if (current.Status != "draft")
            {
                var same = (current.Status == "recorded" && current.EntryId == c.EntryId) || (current.Status == "dismissed" && c.EntryId is null);
                return same
                    ? new DraftSpendDecision(c.DraftId, current.Status, current.EntryId)
                    : Result<DraftSpendDecision>.Refused(BankingCodes.DraftDecided, $"This draft spend was already {current.Status}; nothing was changed.");
            }
            var status = await conn.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(DecideSql,
                new { c.DraftId, c.EntryId, DecidedBy = c.Actor.Id, Reason = c.Reason?.Trim() }, cancellationToken: ct));
            if (status is null)
                return Result<DraftSpendDecision>.Invalid(nameof(Command.EntryId), "That entry is not a spend of this draft's amount from its budget part.");
            audit.Detail = c.EntryId is { } entry ? $"draft spend {c.DraftId} recorded as {entry}" : $"draft spend {c.DraftId} dismissed: {c.Reason}";
            return new DraftSpendDecision(c.DraftId, status, c.EntryId);
        }
    }
}
