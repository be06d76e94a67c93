using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Reports;

/// <summary>
/// One person's option-2 money held by the provider over the period: the held account's balance at the start and
/// end, what the council paid in, what was spent (and the hours of support among it), what went back to the council,
/// and any other adjustment. Opening + received − spent − returned + adjustments = closing.
/// </summary>
public sealed record ProviderReturnRow(
    string PersonName, string PersonReference, string CouncilName, bool IsTest, int PartPosition,
    Money Opening, Money Received, Money Spent, decimal Hours, Money SpentOnHours, Money Returned, Money Adjustments, Money Closing)
{
    public bool Balances => Opening + Received - Spent - Returned + Adjustments == Closing;

    /// <summary>What an hour of support cost on average, when hours were recorded.</summary>
    public Money? HourlyRate => Hours > 0 ? Money.FromPence((long)Math.Round(SpentOnHours.Pence / Hours, MidpointRounding.AwayFromZero)) : null;
}

/// <summary>
/// A provider's return for a period: per person, with totals, and the ledger's own total of the same held accounts
/// at the end of the period, which the closing total must equal.
/// </summary>
public sealed record ProviderReturnView(string OrganisationName, string? CouncilName, LocalDate From, LocalDate To,
                                          IReadOnlyList<ProviderReturnRow> Rows, Money LedgerClosing)
{
    public Money Opening => Sum(r => r.Opening);
    public Money Received => Sum(r => r.Received);
    public Money Spent => Sum(r => r.Spent);
    public decimal Hours => Rows.Sum(r => r.Hours);
    public Money Returned => Sum(r => r.Returned);
    public Money Adjustments => Sum(r => r.Adjustments);
    public Money Closing => Sum(r => r.Closing);

    /// <summary>Every row balances, the totals balance, and the closing total is the ledger's.</summary>
    public bool Reconciles => Rows.All(r => r.Balances) && Opening + Received - Spent - Returned + Adjustments == Closing && Closing == LedgerClosing;

    private Money Sum(Func<ProviderReturnRow, Money> pick) => Rows.Aggregate(Money.Zero, (s, r) => s + pick(r));
}

/// <summary>
/// The return an option-2 provider sends the council: every part it holds whose budget's period overlaps the return's.
/// A provider's own staff see all its parts; a council's staff see the parts of their council's budgets.
/// </summary>
public static class ProviderReturn
{
    /// <param name="OrganisationCode">The provider's code; a provider's own staff may leave it out.</param>
    public sealed record Query(Actor Actor, LocalDate From, LocalDate To, string? OrganisationCode = null) : ISdsQuery<ProviderReturnView>, IStandbyRead;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Actor).ValidActor();
            RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).WithMessage("The return's period must end on or after the day it starts.");
            RuleFor(q => q.OrganisationCode).NotEmpty().When(q => q.Actor is { OrganisationId: null })
                .WithMessage("Name the provider (its organisation code, like harbour-care).");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        private const string OrganisationSql = "SELECT id FROM sds.organisations WHERE code = @Code";

        public async ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = q.Actor.CouncilId;
            audit.Detail = $"provider return {q.OrganisationCode} {q.From:yyyy-MM-dd} to {q.To:yyyy-MM-dd}";
            if (q.Actor.Role is Role.SocialWorker or Role.CouncilFinance or Role.Auditor && q.Actor.CouncilId is not null) return null;
            if (q.Actor.Role is not (Role.Provider or Role.RecoveryWorker) || q.Actor.OrganisationId is not { } own)
                return Scope.RoleCannot(q.Actor, "read a provider's return (the provider's staff and the council's do)");
            if (q.OrganisationCode is null) return null;
            var named = await session.Connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(OrganisationSql, new { Code = q.OrganisationCode }, cancellationToken: ct));
            return named == own ? null : Scope.NotFound("That provider's return");
        }
    }

    internal sealed class Handler(DbSession session) : IQueryHandler<Query, Result<ProviderReturnView>>
    {
        private const string OrganisationSql = """
            SELECT id AS Id, name AS Name FROM sds.organisations WHERE (@Code::text IS NULL AND id = @OwnId) OR code = @Code;
            SELECT name FROM sds.councils WHERE id = @CouncilId;
            """;

        // Opening and closing come from the held account's balance now less what was posted on or after the day, which
        // reads only the recent postings. The ledger's total sums the same accounts' postings up to the end directly,
        // in the same statement (one snapshot), as a check on the first path.
        internal const string Sql = $$"""
            WITH parts AS MATERIALIZED (
                SELECT p.id, p.position, p.held_account, b.is_test, pe.id AS person_id, pe.name AS person_name, pe.reference,
                       b.council_id, c.name AS council_name
                  FROM sds.budget_parts p
                  JOIN sds.budgets b ON b.id = p.budget_id
                  JOIN sds.people pe ON pe.id = b.person_id
                  JOIN sds.councils c ON c.id = b.council_id
                 WHERE p.holder_organisation_id = @OrganisationId AND p.option = 2 AND b.status <> 'draft'
                   AND b.period_start <= @To AND b.period_end >= @From
                   AND (@CouncilId::uuid IS NULL OR b.council_id = @CouncilId)
                   -- A recovery worker of the provider: only the people whose current consent names them or the provider.
                   AND (@Worker::uuid IS NULL OR EXISTS (
                           SELECT 1 FROM sds.consents c
                            WHERE c.person_id = pe.id AND {{ConsentCover.Current}}
                              AND (c.grantee_worker_id = @Worker::uuid OR c.grantee_organisation_id = @OrganisationId)))),
            moves AS (
                SELECT pt.id AS part_id, x.amount, other.kind AS other_kind, coalesce(reversed.hours, own.hours) AS hours
                  FROM parts pt
                  JOIN ledger.postings x ON x.account_id = pt.held_account AND x.effective_date BETWEEN @From AND @To
                  JOIN ledger.entries e ON e.id = x.entry_id
                  LEFT JOIN LATERAL (
                      SELECT a.kind FROM ledger.postings y JOIN ledger.accounts a ON a.id = y.account_id
                       WHERE y.entry_id = x.entry_id AND y.account_id <> x.account_id
                       ORDER BY abs(y.amount) DESC, a.kind LIMIT 1) other ON true
                  -- The spend, or the one a reversal reverses: two joins by key use its index, one on coalesce(...) cannot.
                  LEFT JOIN sds.spends own ON own.entry_id = e.id
                  LEFT JOIN sds.spends reversed ON reversed.entry_id = e.reverses)
            SELECT pt.person_id AS PersonId, pt.council_id AS CouncilId, pt.person_name AS PersonName, pt.reference AS PersonReference, pt.council_name AS CouncilName, pt.is_test AS IsTest,
                   pt.position AS PartPosition,
                   (bal.posted - (SELECT coalesce(sum(x.amount), 0) FROM ledger.postings x
                                   WHERE x.account_id = pt.held_account AND x.effective_date >= @From))::bigint AS Opening,
                   (bal.posted - (SELECT coalesce(sum(x.amount), 0) FROM ledger.postings x
                                   WHERE x.account_id = pt.held_account AND x.effective_date > @To))::bigint AS Closing,
                   coalesce(m.received, 0)::bigint AS Received, coalesce(m.spent, 0)::bigint AS Spent,
                   coalesce(m.hours, 0) AS Hours, coalesce(m.spent_on_hours, 0)::bigint AS SpentOnHours,
                   coalesce(m.returned, 0)::bigint AS Returned, coalesce(m.adjustments, 0)::bigint AS Adjustments,
                   (SELECT coalesce(sum(x.amount), 0) FROM parts p2
                      JOIN ledger.postings x ON x.account_id = p2.held_account AND x.effective_date <= @To)::bigint AS LedgerClosing
              FROM parts pt
              JOIN ledger.balances bal ON bal.account_id = pt.held_account
              LEFT JOIN (
                  SELECT part_id,
                         sum(amount) FILTER (WHERE other_kind IN ('allocation', 'funding')) AS received,
                         -sum(amount) FILTER (WHERE other_kind LIKE 'spent:%') AS spent,
                         sum(CASE WHEN amount < 0 THEN hours ELSE -hours END) FILTER (WHERE other_kind LIKE 'spent:%') AS hours,
                         -sum(amount) FILTER (WHERE other_kind LIKE 'spent:%' AND hours IS NOT NULL) AS spent_on_hours,
                         -sum(amount) FILTER (WHERE other_kind = 'returned') AS returned,
                         sum(amount) FILTER (WHERE other_kind IS NULL OR NOT (other_kind IN ('allocation', 'funding', 'returned') OR other_kind LIKE 'spent:%')) AS adjustments
                    FROM moves GROUP BY part_id) m ON m.part_id = pt.id
             ORDER BY pt.person_name, pt.reference, pt.position
            """;

        public async ValueTask<Result<ProviderReturnView>> Handle(Query q, CancellationToken ct)
        {
            var conn = session.Connection;
            var councilId = q.Actor.Role is Role.Provider or Role.RecoveryWorker ? null : q.Actor.CouncilId;
            using var names = await conn.QueryMultipleAsync(new CommandDefinition(OrganisationSql,
                new { Code = q.OrganisationCode, OwnId = q.Actor.OrganisationId, CouncilId = councilId }, session.Transaction, cancellationToken: ct));
            var organisation = await names.ReadSingleOrDefaultAsync<(Guid Id, string Name)?>();
            var council = await names.ReadSingleOrDefaultAsync<string>();
            if (organisation is not { } org)
                return Result<ProviderReturnView>.Invalid(nameof(q.OrganisationCode), $"No provider has the code '{q.OrganisationCode}'.");

            var read = (await conn.QueryAsync<Row>(new CommandDefinition(Sql,
                new { OrganisationId = org.Id, CouncilId = councilId, From = q.From.ToDateOnly(), To = q.To.ToDateOnly(),
                      Worker = q.Actor.Role == Role.RecoveryWorker ? q.Actor.Id : (Guid?)null },
                session.Transaction, cancellationToken: ct))).ToList();
            var rows = read.Select(r => new ProviderReturnRow(r.PersonName, r.PersonReference, r.CouncilName, r.IsTest,
                r.PartPosition, Money.FromPence(r.Opening), Money.FromPence(r.Received), Money.FromPence(r.Spent), r.Hours,
                Money.FromPence(r.SpentOnHours), Money.FromPence(r.Returned), Money.FromPence(r.Adjustments), Money.FromPence(r.Closing))).ToList();
            var ledgerClosing = read.Count == 0 ? 0 : read[0].LedgerClosing;
            await PeopleSeen.RecordAsync(session, q, read.Select(r => (r.PersonId, r.CouncilId)), "listed in a provider return", ct);
            return new ProviderReturnView(org.Name, council, q.From, q.To, rows, Money.FromPence(ledgerClosing));
        }

        private sealed class Row
        {
            public Guid PersonId { get; init; }
            public Guid CouncilId { get; init; }
            public string PersonName { get; init; } = "";
            public string PersonReference { get; init; } = "";
            public string CouncilName { get; init; } = "";
            public bool IsTest { get; init; }
            public int PartPosition { get; init; }
            public long Opening { get; init; }
            public long Closing { get; init; }
            public long Received { get; init; }
            public long Spent { get; init; }
            public decimal Hours { get; init; }
            public long SpentOnHours { get; init; }
            public long Returned { get; init; }
            public long Adjustments { get; init; }
            public long LedgerClosing { get; init; }
        }
    }
}
