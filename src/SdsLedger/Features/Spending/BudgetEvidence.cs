using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Spending;

/// <summary>A receipt or invoice attached to a spend: which spend, and the file's name, type and size (not its content).</summary>
public sealed record EvidenceItem(Guid EvidenceId, Guid EntryId, LocalDate SpentOn, string Payee, Money Amount, string FileName, string MediaType, long Bytes);

/// <summary>
/// The receipts and invoices attached to a budget's spends, as far as the asker may see them: council staff all of them,
/// a provider those of the parts it holds, the person their own (row-level security narrows the same way).
/// </summary>
public static class BudgetEvidence
{
    public sealed record Query(Actor Actor, Guid BudgetId) : ISdsQuery<IReadOnlyList<EvidenceItem>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public async ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct) =>
            await Scope.ForBudgetAsync(session, q.BudgetId, audit, ct) is { } scope && Scope.CanSee(q.Actor, scope) ? null : Scope.NotFound("That budget");
    }

    internal sealed class Handler(DbSession session, PersonKeys personKeys) : IQueryHandler<Query, Result<IReadOnlyList<EvidenceItem>>>
    {
        private const string Sql = """
            SELECT e.id AS EvidenceId, e.entry_id AS EntryId, s.spent_on AS SpentOn, s.payee AS Payee, s.amount AS Amount,
                   e.file_name AS FileName, e.media_type AS MediaType, octet_length(e.content)::bigint AS Bytes
              FROM sds.spend_evidence e
              JOIN sds.spends s ON s.entry_id = e.entry_id
              JOIN sds.budget_parts p ON p.id = e.part_id
             WHERE p.budget_id = @BudgetId
             ORDER BY s.spent_on, e.uploaded_at
            """;

        public async ValueTask<Result<IReadOnlyList<EvidenceItem>>> Handle(Query q, CancellationToken ct)
        {
            var rows = await session.Connection.QueryAsync<Row>(new CommandDefinition(Sql, new { q.BudgetId }, session.Transaction, cancellationToken: ct));
            var items = new List<EvidenceItem>();
            // Whom the person paid is kept sealed with their key.
            foreach (var r in rows)
                items.Add(new EvidenceItem(r.EvidenceId, r.EntryId, LocalDate.FromDateOnly(r.SpentOn), await personKeys.RevealAsync(r.Payee, ct),
                    Money.FromPence(r.Amount), r.FileName, r.MediaType, r.Bytes));
            return items;
        }

        private sealed class Row
        {
            public Guid EvidenceId { get; init; }
            public Guid EntryId { get; init; }
            public DateOnly SpentOn { get; init; }
            public string Payee { get; init; } = "";
            public long Amount { get; init; }
            public string FileName { get; init; } = "";
            public string MediaType { get; init; } = "";
            public long Bytes { get; init; }
        }
    }
}
