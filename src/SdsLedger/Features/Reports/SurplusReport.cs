using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Reports;

/// <summary>
/// A part holding more than the council's threshold of weeks of funding, for a discussion with the person.
/// Available is the balance less money set aside; weeks held is available over the part's weekly funding.
/// </summary>
public sealed record SurplusRow(
    string PersonName, string PersonReference, string SocialWorker, int PartPosition, SdsOption Option, HolderKind Holder, string HolderName,
    Money Balance, Money SetAside, Money Available, Money WeeklyFunding, decimal WeeksHeld, Money Threshold, LocalDate? LastDiscussed);

public sealed record SurplusReportView(string CouncilName, LocalDate AsOf, int ThresholdWeeks, int PartsChecked, IReadOnlyList<SurplusRow> Rows)
{
    public Money Available => Rows.Aggregate(Money.Zero, (s, r) => s + r.Available);
}

/// <summary>
/// Rule 10's flags: every active option 1 or 2 part (test budgets aside, as they are paid in one go) whose money
/// available is above the council's threshold of weeks of funding. Listed for discussion; nothing is reclaimed.
/// </summary>
public static class SurplusReport
{
    public sealed record Query(Actor Actor, LocalDate AsOf) : ISdsQuery<SurplusReportView>, IStandbyRead;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Actor).ValidActor();
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct) =>
            ReportAccess.CouncilStaffAsync(q.Actor, audit, "surplus flags");
    }

    internal sealed class Handler(DbSession session) : IQueryHandler<Query, Result<SurplusReportView>>
    {
        internal const string Sql = """
            SELECT c.name AS CouncilName, coalesce(r.surplus_weeks, 8) AS SurplusWeeks
              FROM sds.councils c LEFT JOIN sds.council_rules r ON r.council_id = c.id
             WHERE c.id = @CouncilId;

            SELECT pe.id AS PersonId, pe.name AS PersonName, pe.reference AS PersonReference, coalesce(w.name, '') AS SocialWorker,
                   p.position AS Position, p.option AS Option, p.holder_kind AS HolderKind, p.holder_name AS HolderName, p.amount AS Amount,
                   b.period_start AS PeriodStart, b.period_end AS PeriodEnd, bal.posted AS Balance, bal.pending AS SetAside,
                   d.last_discussed AS LastDiscussed
              FROM sds.budgets b
              JOIN sds.people pe ON pe.id = b.person_id
              LEFT JOIN sds.workers w ON w.id = pe.social_worker_id
              JOIN sds.budget_parts p ON p.budget_id = b.id
              JOIN ledger.balances bal ON bal.account_id = p.held_account
              LEFT JOIN (SELECT part_id, max(held_on) AS last_discussed FROM sds.surplus_discussions GROUP BY part_id) d ON d.part_id = p.id
             WHERE b.council_id = @CouncilId AND b.status = 'active' AND NOT b.is_test AND p.option IN (1, 2);
            """;

        public async ValueTask<Result<SurplusReportView>> Handle(Query q, CancellationToken ct)
        {
            using var grid = await session.Connection.QueryMultipleAsync(new CommandDefinition(Sql, new { q.Actor.CouncilId },
                session.Transaction, cancellationToken: ct));
            var council = await grid.ReadSingleAsync<(string CouncilName, int SurplusWeeks)>();
            var parts = (await grid.ReadAsync<Row>()).ToList();
            var flagged = new List<SurplusRow>();
            var seen = new List<(Guid, Guid)>();
            foreach (var p in parts)
            {
                var period = new BudgetPeriod(LocalDate.FromDateOnly(p.PeriodStart), LocalDate.FromDateOnly(p.PeriodEnd));
                var amount = Money.FromPence(p.Amount);
                var available = Money.FromPence(p.Balance - p.SetAside);
                if (!Reclaims.IsSurplus(available, period, amount, council.SurplusWeeks)) continue;
                var weekly = InstalmentSchedule.Weekly(period, amount);
                seen.Add((p.PersonId, q.Actor.CouncilId!.Value));
                flagged.Add(new SurplusRow(p.PersonName, p.PersonReference, p.SocialWorker, p.Position, (SdsOption)p.Option, Holders.Parse(p.HolderKind), p.HolderName,
                    Money.FromPence(p.Balance), Money.FromPence(p.SetAside), available, weekly,
                    weekly.IsZero ? 0m : Math.Round(available.Pence / (decimal)weekly.Pence, 1), weekly * council.SurplusWeeks,
                    p.LastDiscussed is { } d ? LocalDate.FromDateOnly(d) : null));
            }
            await PeopleSeen.RecordAsync(session, q, seen, "listed in a surplus report", ct);
            var ordered = flagged.OrderByDescending(r => r.WeeksHeld).ThenBy(r => r.PersonReference, StringComparer.Ordinal).ThenBy(r => r.PartPosition).ToList();
            return new SurplusReportView(council.CouncilName, q.AsOf, council.SurplusWeeks, parts.Count, ordered);
        }

        private sealed class Row
        {
            public Guid PersonId { get; init; }
            public string PersonName { get; init; } = "";
            public string PersonReference { get; init; } = "";
            public string SocialWorker { get; init; } = "";
            public int Position { get; init; }
            public short Option { get; init; }
            public string HolderKind { get; init; } = "";
            public string HolderName { get; init; } = "";
            public long Amount { get; init; }
            public DateOnly PeriodStart { get; init; }
            public DateOnly PeriodEnd { get; init; }
            public long Balance { get; init; }
            public long SetAside { get; init; }
            public DateOnly? LastDiscussed { get; init; }
        }
    }
}
