using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Approvals;

/// <summary>A request to spend above the council's threshold, and where it stands.</summary>
public sealed record ApprovalRequest(Guid ApprovalId, Guid PartId, int PartPosition, Money Amount, string Category, string Payee, string Description,
                                     string RequestedBy, Instant RequestedAt, string Status, string? DecidedBy, string? Reason, Guid? RequestedById);

public sealed record BudgetApprovalsView(Guid BudgetId, IReadOnlyList<ApprovalRequest> Requests);

/// <summary>A budget's approval requests, waiting ones first, for the council staff who decide them (and auditors).</summary>
public static class BudgetApprovals
{
    public sealed record Query(Actor Actor, Guid BudgetId) : ISdsQuery<BudgetApprovalsView>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public async ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            var scope = await Scope.ForBudgetAsync(session, q.BudgetId, audit, ct);
            return Scope.CouncilStaff(q.Actor, scope, "That budget", "read approval requests", Role.SocialWorker, Role.CouncilFinance, Role.Auditor)
                ?? await LeastAccess.CheckAsync(session, q.Actor, scope!.PersonId, ct);
        }
    }

    internal sealed class Handler(DbSession session, PersonKeys personKeys) : IQueryHandler<Query, Result<BudgetApprovalsView>>
    {
        private const string Sql = """
            SELECT a.id AS ApprovalId, a.part_id AS PartId, p.position AS PartPosition, a.amount AS Amount, a.category AS Category,
                   a.payee AS Payee, a.description AS Description, coalesce(r.name, 'someone') AS RequestedBy, a.requested_at AS RequestedAt,
                   a.status AS Status, d.name AS DecidedBy, a.reason AS Reason, a.requested_by_id AS RequestedById
              FROM sds.approvals a JOIN sds.budget_parts p ON p.id = a.part_id
              LEFT JOIN sds.actors r ON r.id = a.requested_by_id
              LEFT JOIN sds.actors d ON d.id = a.decided_by_id
             WHERE p.budget_id = @BudgetId
             ORDER BY a.status <> 'waiting', a.requested_at DESC, a.id
            """;

        public async ValueTask<Result<BudgetApprovalsView>> Handle(Query q, CancellationToken ct)
        {
            var rows = await session.Connection.QueryAsync<Row>(new CommandDefinition(Sql, new { q.BudgetId }, session.Transaction, cancellationToken: ct));
            var requests = new List<ApprovalRequest>();
            // Whom it is for, what is to be bought and the decision's reason are kept sealed with the person's key.
            foreach (var r in rows)
                requests.Add(new ApprovalRequest(r.ApprovalId, r.PartId, r.PartPosition, Money.FromPence(r.Amount), r.Category,
                    await personKeys.RevealAsync(r.Payee, ct),
                    await personKeys.RevealAsync(r.Description, ct), r.RequestedBy, Instant.FromDateTimeOffset(r.RequestedAt), r.Status, r.DecidedBy,
                    await personKeys.RevealIfGivenAsync(r.Reason, ct), r.RequestedById));
            return new BudgetApprovalsView(q.BudgetId, requests);
        }

        private sealed class Row
        {
            public Guid ApprovalId { get; init; }
            public Guid PartId { get; init; }
            public int PartPosition { get; init; }
            public long Amount { get; init; }
            public string Category { get; init; } = "";
            public string Payee { get; init; } = "";
            public string Description { get; init; } = "";
            public string RequestedBy { get; init; } = "";
            public DateTimeOffset RequestedAt { get; init; }
            public string Status { get; init; } = "";
            public string? DecidedBy { get; init; }
            public string? Reason { get; init; }
            public Guid? RequestedById { get; init; }
        }
    }
}
