using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Councils;

public sealed record CouncilRulesView(Guid CouncilId, string Code, string Name, string Contact, CouncilRules Rules, Instant UpdatedAt, string UpdatedBy);

/// <summary>The council's rules as the spending rules read them now, and who last changed them.</summary>
public static class ShowCouncilRules
{
    public sealed record Query(Actor Actor, Guid CouncilId) : ISdsQuery<CouncilRulesView>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = q.CouncilId;
            return ValueTask.FromResult(q.Actor.CouncilId == q.CouncilId ? null : Scope.NotFound("That council"));
        }
    }

    internal sealed class Handler(DbSession session) : IQueryHandler<Query, Result<CouncilRulesView>>
    {
        private const string Sql = """
            SELECT c.id AS CouncilId, c.code AS Code, c.name AS Name, c.contact AS Contact,
                   r.approval_threshold AS ApprovalThreshold, r.excluded_purposes AS ExcludedPurposes, r.test_budget_cap AS TestBudgetCap,
                   r.test_budget_weeks AS TestBudgetWeeks, r.surplus_weeks AS SurplusWeeks, r.instalment_weeks AS InstalmentWeeks,
                   r.duplicate_days AS DuplicateDays, r.payment_run_days_ahead AS PaymentRunDaysAhead,
                   r.approval_window_days AS ApprovalWindowDays, r.updated_at AS UpdatedAt,
                   coalesce(a.name, 'the council''s set-up') AS UpdatedBy
              FROM sds.councils c JOIN sds.council_rules r ON r.council_id = c.id
              LEFT JOIN sds.actors a ON a.id = r.updated_by_id
             WHERE c.id = @CouncilId
            """;

        public async ValueTask<Result<CouncilRulesView>> Handle(Query q, CancellationToken ct)
        {
            var r = await session.Connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Sql, new { q.CouncilId }, session.Transaction, cancellationToken: ct));
            if (r is null) return Scope.NotFound("That council");
            return new CouncilRulesView(r.CouncilId, r.Code, r.Name, r.Contact,
                new CouncilRules(Money.FromPence(r.ApprovalThreshold), r.ExcludedPurposes, Money.FromPence(r.TestBudgetCap), r.TestBudgetWeeks,
                    r.SurplusWeeks, r.InstalmentWeeks, r.DuplicateDays, r.PaymentRunDaysAhead, r.ApprovalWindowDays),
                Instant.FromDateTimeUtc(DateTime.SpecifyKind(r.UpdatedAt, DateTimeKind.Utc)), r.UpdatedBy);
        }

        private sealed class Row
        {
            public Guid CouncilId { get; init; }
            public string Code { get; init; } = "";
            public string Name { get; init; } = "";
            public string Contact { get; init; } = "";
            public long ApprovalThreshold { get; init; }
            public string[] ExcludedPurposes { get; init; } = [];
            public long TestBudgetCap { get; init; }
            public int TestBudgetWeeks { get; init; }
            public int SurplusWeeks { get; init; }
            public int InstalmentWeeks { get; init; }
            public int DuplicateDays { get; init; }
            public int PaymentRunDaysAhead { get; init; }
            public int ApprovalWindowDays { get; init; }
            public DateTime UpdatedAt { get; init; }
            public string UpdatedBy { get; init; } = "";
        }
    }
}
