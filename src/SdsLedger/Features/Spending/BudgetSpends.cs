using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Spending;

/// <summary>A spend recorded and not reversed, and how many receipts or invoices are attached to it.</summary>
public sealed record RecordedSpend(Guid EntryId, Guid PartId, LocalDate SpentOn, string Payee, string Category, string Description, Money Amount, int Receipts);

public sealed record BudgetSpendsView(Guid BudgetId, Guid PersonId, IReadOnlyList<RecordedSpend> Spends);

/// <summary>
/// The spends recorded on a budget (newest first), whichever way they came (a form, an import, a captured commitment), so
/// a receipt can be attached to one afterwards: council staff see every part's, a provider only those of the parts it holds.
/// </summary>
public static class BudgetSpends
{
    public sealed record Query(Actor Actor, Guid BudgetId) : ISdsQuery<BudgetSpendsView>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public async ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct) =>
            await Scope.ForBudgetAsync(session, q.BudgetId, audit, ct) is { } scope && Scope.CanSee(q.Actor, scope) ? null : Scope.NotFound("That budget");
    }

    internal sealed class Handler(DbSession session, PersonKeys personKeys) : IQueryHandler<Query, Result<BudgetSpendsView>>
    {
        // @Organisation narrows a provider to the parts it holds (row-level security narrows the same way under a sealed tenant).
        private const string Sql = """
            SELECT person_id FROM sds.budgets WHERE id = @BudgetId;

            SELECT s.entry_id AS EntryId, s.part_id AS PartId, s.spent_on AS SpentOn, s.payee AS Payee, s.category AS Category,
                   s.description AS Description, s.amount AS Amount,
                   (SELECT count(*) FROM sds.spend_evidence e WHERE e.entry_id = s.entry_id)::int AS Receipts
              FROM sds.spends s JOIN sds.budget_parts p ON p.id = s.part_id
             WHERE p.budget_id = @BudgetId
               AND (@Organisation::uuid IS NULL OR p.holder_organisation_id = @Organisation::uuid)
               AND NOT EXISTS (SELECT 1 FROM ledger.entries r WHERE r.reverses = s.entry_id)
             ORDER BY s.spent_on DESC, s.entry_id DESC
            """;

        public async ValueTask<Result<BudgetSpendsView>> Handle(Query q, CancellationToken ct)
        {
            var organisation = q.Actor.Role == Role.Provider ? q.Actor.OrganisationId : null;
            using var grid = await session.Connection.QueryMultipleAsync(new CommandDefinition(Sql, new { q.BudgetId, Organisation = organisation },
                session.Transaction, cancellationToken: ct));
            var person = await grid.ReadSingleAsync<Guid>();
            var spends = new List<RecordedSpend>();
            // Whom the person paid and what for are kept sealed with their key.
            foreach (var r in (await grid.ReadAsync<Row>()).ToList())
                spends.Add(new RecordedSpend(r.EntryId, r.PartId, LocalDate.FromDateOnly(r.SpentOn), await personKeys.RevealAsync(r.Payee, ct), r.Category,
                    await personKeys.RevealAsync(r.Description, ct), Money.FromPence(r.Amount), r.Receipts));
            return new BudgetSpendsView(q.BudgetId, person, spends);
        }

        private sealed class Row
        {
            public Guid EntryId { get; init; }
            public Guid PartId { get; init; }
            public DateOnly SpentOn { get; init; }
            public string Payee { get; init; } = "";
            public string Category { get; init; } = "";
            public string Description { get; init; } = "";
            public long Amount { get; init; }
            public int Receipts { get; init; }
        }
    }
}
