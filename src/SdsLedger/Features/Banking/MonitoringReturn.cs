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
/// One direct payment holder's quarter: the money held at the start, received from the council, spent with evidence (a
/// bank or card line matched to the spend, or a receipt noted) and without, other movements (money paid back, corrections),
/// held at the end; money that left the bank account with no spend recorded (unexplained); and the bank's closing
/// balance beside the ledger's, with a flag where they differ or there is no statement.
/// </summary>
public sealed record MonitoringRow(string PersonReference, string PersonName, Money Opening, Money Received, Money SpentWithEvidence, Money SpentWithoutEvidence,
                                   Money Other, Money Closing, Money Unexplained, int UnexplainedLines, Money? BankBalance, LocalDate? BankBalanceOn, string? Flag)
{
    public bool Balances => Opening + Received - SpentWithEvidence - SpentWithoutEvidence + Other == Closing;
}

public sealed record MonitoringReturnView(string CouncilName, LocalDate From, LocalDate To, IReadOnlyList<MonitoringRow> Rows)
{
    public int Flagged => Rows.Count(r => r.Flag is not null);
}

/// <summary>
/// The direct payment monitoring return for a quarter (or any period up to a year), per person, from the ledger and the
/// statements imported for each person's account, for the council's monitoring officer.
/// </summary>
public static class MonitoringReturn
{
    public sealed record Query(Actor Actor, LocalDate From, LocalDate To) : ISdsQuery<MonitoringReturnView>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Actor).ValidActor();
            RuleFor(q => q.From).Must(d => d.Year is >= 2000 and <= 2100).WithMessage("The period starts between 2000 and 2100.");
            RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).WithMessage("The period must end on or after the day it starts.")
                .Must((q, to) => Period.Between(q.From, to, PeriodUnits.Days).Days <= 400).WithMessage("A monitoring return covers at most a year; a quarter is usual.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = q.Actor.CouncilId;
            audit.Detail = $"direct payment monitoring return {q.From:yyyy-MM-dd} to {q.To:yyyy-MM-dd}";
            var allowed = q.Actor.CouncilId is not null && q.Actor.Role is Role.CouncilFinance or Role.SocialWorker or Role.Auditor;
            return ValueTask.FromResult(allowed ? null : Scope.RoleCannot(q.Actor, "read the direct payment monitoring return (the council's staff do)"));
        }
    }

    internal sealed class Handler(DbSession session, PersonKeys personKeys) : IQueryHandler<Query, Result<MonitoringReturnView>>
    {
        private const string PeopleSql = """
            SELECT pe.id AS PersonId, pe.reference AS Reference, pe.name AS Name,
                   coalesce(sum(x.amount) FILTER (WHERE x.effective_date < @From), 0)::bigint AS Opening,
                   coalesce(sum(x.amount) FILTER (WHERE x.effective_date <= @To), 0)::bigint AS Closing,
                   coalesce(sum(x.amount) FILTER (WHERE x.effective_date BETWEEN @From AND @To AND e.kind = 'instalment' AND x.amount > 0), 0)::bigint AS Received
              FROM sds.people pe
              JOIN sds.budget_parts p ON p.person_id = pe.id AND p.option = 1
              JOIN sds.budgets b ON b.id = p.budget_id AND b.status <> 'draft' AND b.period_start <= @To AND b.period_end >= @From
              LEFT JOIN ledger.postings x ON x.account_id = p.held_account AND x.effective_date <= @To
              LEFT JOIN ledger.entries e ON e.id = x.entry_id
             WHERE pe.council_id = @CouncilId
             GROUP BY pe.id, pe.reference, pe.name
             ORDER BY pe.name, pe.reference
            """;

        private const string CouncilSql = "SELECT name FROM sds.councils WHERE id = @CouncilId";

        public async ValueTask<Result<MonitoringReturnView>> Handle(Query q, CancellationToken ct)
        {
            var conn = session.Connection;
            var councilId = q.Actor.CouncilId!.Value;
            var args = new { CouncilId = councilId, From = q.From.ToDateOnly(), To = q.To.ToDateOnly() };
            var council = await conn.QuerySingleAsync<string>(new CommandDefinition(CouncilSql, args, cancellationToken: ct));
            var people = (await conn.QueryAsync<PersonRow>(new CommandDefinition(PeopleSql, args, cancellationToken: ct))).ToList();
            var rows = new List<MonitoringRow>();
            foreach (var p in people)
            {
                var r = await Reconcile.ReconcileAsync(conn, personKeys, councilId, new StatementAccount(StatementAccountKind.Person, p.PersonId), q.From, q.To, ct);
                var matchedSpends = r.Matched.Where(m => m.Record.Kind == "spend").Select(m => m.Record).ToList();
                var unmatchedSpends = r.LedgerOnly.Where(l => l.Kind == "spend").ToList();
                var withEvidence = Sum(matchedSpends) + Sum(unmatchedSpends.Where(s => s.HasEvidence));
                var withoutEvidence = Sum(unmatchedSpends.Where(s => !s.HasEvidence));
                var unexplained = r.BankOnly.Where(l => l.Amount.IsNegative).ToList();
                var opening = Money.FromPence(p.Opening);
                var closing = Money.FromPence(p.Closing);
                var received = Money.FromPence(p.Received);
                var other = closing - opening - received + withEvidence + withoutEvidence;
                string? flag = !r.HasStatement
                    ? "no bank statement imported for the period"
                    : r.StatementClosing is not null && r.StatementClosing != r.LedgerBalance
                        ? $"the bank held {r.StatementClosing} on {r.StatementClosingOn:d MMM yyyy} but the ledger {r.LedgerBalance}"
                        : unexplained.Count > 0 ? $"{unexplained.Count} payment(s) out of the account with no spend recorded" : null;
                rows.Add(new MonitoringRow(p.Reference, p.Name, opening, received, withEvidence, withoutEvidence, other, closing,
                    -unexplained.Aggregate(Money.Zero, (s, l) => s + l.Amount), unexplained.Count, r.StatementClosing, r.StatementClosingOn, flag));
            }
            await PeopleSeen.RecordAsync(session, q, people.Select(p => (p.PersonId, councilId)), "listed in a direct payment monitoring return", ct);
            return new MonitoringReturnView(council, q.From, q.To, rows);
        }

        private static Money Sum(IEnumerable<ReconciledRecord> records) => records.Aggregate(Money.Zero, (s, r) => s - r.Amount);

        private sealed class PersonRow
        {
            public Guid PersonId { get; init; }
            public string Reference { get; init; } = "";
            public string Name { get; init; } = "";
            public long Opening { get; init; }
            public long Closing { get; init; }
            public long Received { get; init; }
        }
    }
}
