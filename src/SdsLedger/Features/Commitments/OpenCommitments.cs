using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Commitments;

/// <summary>Money set aside on a part and not yet spent or released: for what, to whom, when planned, how much.</summary>
public sealed record OpenCommitment(Guid CommitmentId, Guid PartId, Money Amount, string Category, string Payee, string Description, LocalDate PlannedOn);

/// <summary>
/// What is set aside on one budget part now (its open commitments), for whoever may see the part: so the holder can spend
/// or release each one. A provider sees only the parts it holds.
/// </summary>
public static class OpenCommitments
{
    public sealed record Query(Actor Actor, Guid PartId) : ISdsQuery<IReadOnlyList<OpenCommitment>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        private const string Holder = "SELECT holder_organisation_id FROM sds.budget_parts WHERE id = @PartId";

        public async ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            var scope = await Scope.ForPartAsync(session, q.PartId, audit, ct);
            if (scope is null || !Scope.CanSee(q.Actor, scope)) return Scope.NotFound("That budget part");
            // A provider holding another part of the same budget does not see this one's.
            if (q.Actor.Role == Role.Provider
                && await session.Connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(Holder, new { q.PartId }, cancellationToken: ct)) != q.Actor.OrganisationId)
                return Scope.NotFound("That budget part");
            return null;
        }
    }

    internal sealed class Handler(DbSession session, PersonKeys personKeys) : IQueryHandler<Query, Result<IReadOnlyList<OpenCommitment>>>
    {
        private const string Sql = """
            SELECT c.hold_id AS CommitmentId, c.part_id AS PartId, h.amount AS Amount, c.category AS Category, c.payee AS Payee,
                   c.description AS Description, c.planned_on AS PlannedOn
              FROM sds.commitments c JOIN ledger.holds h ON h.id = c.hold_id
             WHERE c.part_id = @PartId AND h.status = 'open'
             ORDER BY c.planned_on, h.created_at
            """;

        public async ValueTask<Result<IReadOnlyList<OpenCommitment>>> Handle(Query q, CancellationToken ct)
        {
            var rows = await session.Connection.QueryAsync<Row>(new CommandDefinition(Sql, new { q.PartId }, session.Transaction, cancellationToken: ct));
            var open = new List<OpenCommitment>();
            // What the money is set aside for, and for whom, are kept sealed with the person's key.
            foreach (var r in rows)
                open.Add(new OpenCommitment(r.CommitmentId, r.PartId, Money.FromPence(r.Amount), r.Category, await personKeys.RevealAsync(r.Payee, ct),
                    await personKeys.RevealAsync(r.Description, ct), LocalDate.FromDateOnly(r.PlannedOn)));
            return open;
        }

        private sealed class Row
        {
            public Guid CommitmentId { get; init; }
            public Guid PartId { get; init; }
            public long Amount { get; init; }
            public string Category { get; init; } = "";
            public string Payee { get; init; } = "";
            public string Description { get; init; } = "";
            public DateOnly PlannedOn { get; init; }
        }
    }
}
