using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Approvals;

/// <summary>An approval request after a decision: who asked, who decided, and what for.</summary>
public sealed record ApprovalDecision(Guid ApprovalId, string Status, Money Amount, string Category, string Payee, string RequestedBy,
                                      string DecidedBy, string? Reason);

/// <summary>A second person, council staff of the budget's council, approves a spend someone else asked for (four eyes).</summary>
public static class ApproveSpend
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid ApprovalId, string? Note = null) : ISdsCommand<ApprovalDecision>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Note).MaximumLength(300).WithMessage("The note is too long: at most 300 characters.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct) =>
            await ApprovalDecisions.AuthoriseAsync(c.Actor, c.ApprovalId, session, audit, "approve spending", ct);
    }

    internal sealed class Handler(DbSession session, AuditContext audit, PersonKeys personKeys) : ICommandHandler<Command, Result<ApprovalDecision>>
    {
        public async ValueTask<Result<ApprovalDecision>> Handle(Command c, CancellationToken ct)
        {
            var kept = await personKeys.SealIfGivenAsync(audit.PersonId!.Value, $"{c.IdempotencyKey}:reason", c.Note, ct);
            var decision = await ApprovalDecisions.DecideAsync(session.Connection, personKeys, c.Actor, c.ApprovalId, "approved", c.Note, kept, ct);
            if (decision.Succeeded) audit.Detail = $"approved {decision.Value!.Amount} to {decision.Value.Payee}, asked for by {decision.Value.RequestedBy}";
            return decision;
        }
    }
}

/// <summary>What approving and rejecting share: who may decide, and the four-eyes and state checks.</summary>
internal static class ApprovalDecisions
{
    private const string ApprovalPart = "SELECT part_id FROM sds.approvals WHERE id = @ApprovalId";

    private const string Load = """
        SELECT a.id AS ApprovalId, a.status AS Status, a.amount AS Amount, a.category AS Category, a.payee AS Payee,
               a.requested_by_id AS RequestedById, coalesce(r.name, 'someone') AS RequestedBy, coalesce(d.name, 'someone') AS DecidedBy
          FROM sds.approvals a
          LEFT JOIN sds.actors r ON r.id = a.requested_by_id
          LEFT JOIN sds.actors d ON d.id = a.decided_by_id
         WHERE a.id = @ApprovalId FOR UPDATE OF a
        """;

    private const string Decide = """
        UPDATE sds.approvals SET status = @Status, decided_by_id = @DecidedById, decided_at = clock_timestamp(), reason = @Reason WHERE id = @ApprovalId
        """;

    public static async ValueTask<Refusal?> AuthoriseAsync(Actor actor, Guid approvalId, DbSession session, AuditContext audit, string action,
                                                           CancellationToken ct)
    {
        var partId = await session.Connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(ApprovalPart, new { ApprovalId = approvalId }, cancellationToken: ct));
        var scope = partId is { } id ? await Scope.ForPartAsync(session, id, audit, ct) : null;
        return Scope.CouncilStaff(actor, scope, "That approval request", $"{action} (a social worker or finance officer of the council does)");
    }

    /// <param name="reason">The decision's reason (or note) as written, for the answer.</param>
    /// <param name="keptReason">The same, as kept: sealed with the person's key.</param>
    public static async Task<Result<ApprovalDecision>> DecideAsync(Npgsql.NpgsqlConnection conn, PersonKeys personKeys, Actor actor, Guid approvalId,
                                                                  string status, string? reason, string? keptReason, CancellationToken ct)
    {
        var row = await conn.QuerySingleAsync<Row>(new CommandDefinition(Load, new { ApprovalId = approvalId }, cancellationToken: ct));
        // Four eyes compare people, not names: two workers may share a name, and one worker may be known by another.
        if (row.RequestedById == actor.Id)
            return Result<ApprovalDecision>.Refused(RefusalCodes.ApproverIsRequester,
                $"{actor.Name} asked for this spend, so cannot also decide on it. A second person (not the one asking) must decide.");
        if (row.Status != "waiting")
            return Result<ApprovalDecision>.Refused(RefusalCodes.InvalidState, row.Status switch
            {
                "approved" => $"This request was already approved by {row.DecidedBy}; nothing more is needed before the spend is recorded.",
                "rejected" => $"This request was already rejected by {row.DecidedBy}. Ask for approval again if things have changed.",
                _ => "This approval has already been used for a spend. Ask for approval again for another spend.",
            });

        await conn.ExecuteAsync(new CommandDefinition(Decide, new { ApprovalId = approvalId, Status = status, DecidedById = actor.Id, Reason = keptReason },
            cancellationToken: ct));
        return new ApprovalDecision(row.ApprovalId, status, Money.FromPence(row.Amount), row.Category, await personKeys.RevealAsync(row.Payee, ct),
            row.RequestedBy, actor.Name, reason);
    }

    private sealed record Row
    {
        public Guid ApprovalId { get; init; }
        public string Status { get; init; } = "";
        public long Amount { get; init; }
        public string Category { get; init; } = "";
        public string Payee { get; init; } = "";
        public Guid? RequestedById { get; init; }
        public string RequestedBy { get; init; } = "";
        public string? DecidedBy { get; init; }
    }
}
