using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Banking;

/// <summary>
/// A card line with no spend recorded, waiting to be confirmed as a spend or dismissed. MerchantCategoryCode is the
/// card platform's code for the kind of shop (5411 groceries, 5921 off licence …).
/// </summary>
public sealed record DraftSpendView(Guid Id, string PersonReference, string PersonName, Guid PartId, int PartPosition, LocalDate Date, Money Amount,
                                    string Payee, string? MerchantCategoryCode, string Status, Guid? EntryId, int RefusedAttempts);

/// <summary>The draft spends of the council (or of one person) waiting for a decision, or one draft by its id. A person sees only their own.</summary>
public static class DraftSpends
{
    public sealed record Query(Actor Actor, Guid? PersonId = null, Guid? DraftId = null) : ISdsQuery<IReadOnlyList<DraftSpendView>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = q.Actor.CouncilId;
            audit.PersonId = q.PersonId;
            audit.Detail = q.DraftId is { } id ? $"draft spend {id}" : "draft spends";
            var allowed = q.Actor.CouncilId is not null && q.Actor.Role is Role.SocialWorker or Role.CouncilFinance or Role.Auditor
                          || (q.Actor.Role == Role.ServiceUser && (q.PersonId is null || q.PersonId == q.Actor.PersonId));
            return ValueTask.FromResult(allowed ? null : Scope.RoleCannot(q.Actor, "see draft spends (the council's staff, and the person whose card it is, do)"));
        }
    }

    internal sealed class Handler(DbSession session) : IQueryHandler<Query, Result<IReadOnlyList<DraftSpendView>>>
    {
        private const string Sql = """
            SELECT d.id AS Id, d.person_id AS PersonId, pe.reference AS PersonReference, pe.name AS PersonName, d.part_id AS PartId, p.position AS PartPosition, d.spent_on AS Date,
                   d.amount AS Amount, d.payee AS Payee, d.merchant_category_code AS MerchantCategoryCode, d.status AS Status, d.entry_id AS EntryId, d.refused_attempts AS RefusedAttempts
              FROM sds.draft_spends d
              JOIN sds.people pe ON pe.id = d.person_id
              JOIN sds.budget_parts p ON p.id = d.part_id
             WHERE d.council_id = @CouncilId
               AND (@DraftId::uuid IS NOT NULL AND d.id = @DraftId
                    OR @DraftId::uuid IS NULL AND d.status = 'draft' AND (@PersonId::uuid IS NULL OR d.person_id = @PersonId))
             ORDER BY pe.reference, d.spent_on, d.id
             LIMIT 1000
            """;

        public async ValueTask<Result<IReadOnlyList<DraftSpendView>>> Handle(Query q, CancellationToken ct)
        {
            var rows = await session.Connection.QueryAsync<Row>(new CommandDefinition(Sql, new { q.Actor.CouncilId, q.PersonId, q.DraftId }, cancellationToken: ct));
            var drafts = rows.Where(r => q.Actor.Role != Role.ServiceUser || r.PersonId == q.Actor.PersonId)
                .Select(r => new DraftSpendView(r.Id, r.PersonReference, r.PersonName, r.PartId, r.PartPosition, LocalDate.FromDateOnly(r.Date),
                    Money.FromPence(r.Amount), r.Payee, r.MerchantCategoryCode, r.Status, r.EntryId, r.RefusedAttempts)).ToList();
            return drafts;
        }

        private sealed class Row
        {
            public Guid Id { get; init; }
            public Guid PersonId { get; init; }
            public string PersonReference { get; init; } = "";
            public string PersonName { get; init; } = "";
            public Guid PartId { get; init; }
            public int PartPosition { get; init; }
            public DateOnly Date { get; init; }
            public long Amount { get; init; }
            public string Payee { get; init; } = "";
            public string? MerchantCategoryCode { get; init; }
            public string Status { get; init; } = "";
            public Guid? EntryId { get; init; }
            public int RefusedAttempts { get; init; }
        }
    }
}
