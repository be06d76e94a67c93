using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using Npgsql;
using SdsLedger.Banking.Reconciliation;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Banking;

/// <summary>A bank line as a reconciliation shows it, with the draft spend waiting for it, if any.</summary>
public sealed record ReconciledLine(Guid LineId, LocalDate Date, Money Amount, string Text, Guid? DraftSpendId = null);

/// <summary>A ledger record as a reconciliation shows it: a payment sent or received, or a spend (with whether a receipt or invoice is noted).</summary>
public sealed record ReconciledRecord(string Kind, LocalDate Date, Money Amount, string Payee, string Reference, bool HasEvidence = false);

public sealed record ReconciledPair(ReconciledLine Line, ReconciledRecord Record, int DaysApart);

/// <summary>
/// A monitored account's bank lines set against the ledger over a period: matched, money that moved with no record
/// (bank side), and records with no money (ledger side); and the last statement's closing balance beside the ledger's.
/// </summary>
public sealed record ReconciliationView(string Account, string CouncilName, LocalDate From, LocalDate To, int WindowDays, IReadOnlyList<ReconciledPair> Matched,
                                        IReadOnlyList<ReconciledLine> BankOnly, IReadOnlyList<ReconciledRecord> LedgerOnly, bool HasStatement, Money? StatementClosing,
                                        LocalDate? StatementClosingOn, Money? LedgerBalance)
{
    public bool Reconciled => BankOnly.Count == 0 && LedgerOnly.Count == 0 && (StatementClosing is null || StatementClosing == LedgerBalance);
}

/// <summary>
/// Matches a monitored account's bank lines to the ledger: the council's account to the payments its files sent;
/// a direct payment holder's account or prepaid card to the instalments paid to them and the spends recorded from
/// their direct payment; a provider's client account to the payments made to it and the spends recorded on the
/// option 2 parts it holds. Amounts must be equal, dates within the council's window, payees similar.
/// </summary>
public static class Reconcile
{
    public sealed record Query(Actor Actor, StatementAccount Account, LocalDate From, LocalDate To) : ISdsQuery<ReconciliationView>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Actor).ValidActor();
            RuleFor(q => q.Account).NotNull().Must(a => a is null || a.IsWellFormed).WithMessage("Say which account to reconcile.");
            RuleFor(q => q.From).Must(d => d.Year is >= 2000 and <= 2100).WithMessage("The period starts between 2000 and 2100.");
            RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).WithMessage("The period must end on or after the day it starts.")
                .Must((q, to) => Period.Between(q.From, to, PeriodUnits.Days).Days <= 400).WithMessage("Reconcile at most 400 days at once (a quarter or a year).");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public async ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = q.Actor.CouncilId;
            audit.PersonId = q.Account.PersonId;
            audit.Detail = $"reconciliation of {q.Account.Key} {q.From:yyyy-MM-dd} to {q.To:yyyy-MM-dd}";
            if (q.Actor.CouncilId is not { } council || q.Actor.Role is not (Role.CouncilFinance or Role.SocialWorker or Role.Auditor))
                return Scope.RoleCannot(q.Actor, "reconcile bank accounts (the council's finance officers, social workers and auditors do)");
            var conn = session.Connection;
            if (q.Account.PersonId is { } person && !await StatementAccount.PersonOfCouncilAsync(conn, council, person, ct)) return Scope.NotFound("That person");
            if (q.Account.OrganisationId is { } organisation && !await StatementAccount.OrganisationOfCouncilAsync(conn, council, organisation, ct))
                return Scope.NotFound("That provider");
            return null;
        }
    }

    internal sealed class Handler(DbSession session, PersonKeys personKeys) : IQueryHandler<Query, Result<ReconciliationView>>
    {
        public async ValueTask<Result<ReconciliationView>> Handle(Query q, CancellationToken ct)
        {
            var conn = session.Connection;
            var councilId = q.Actor.CouncilId!.Value;
            var view = await ReconcileAsync(conn, personKeys, councilId, q.Account, q.From, q.To, ct);
            return view;
        }
    }

    private const string CouncilSql = """
        SELECT r.match_days AS MatchDays, c.name AS Name FROM sds.councils c LEFT JOIN sds.council_rules r ON r.council_id = c.id WHERE c.id = @CouncilId
        """;

    private const string LinesSql = """
        SELECT l.id AS Id, l.booked_on AS Date, l.amount AS Amount, l.description AS Description, l.counterparty AS Counterparty, l.merchant AS Merchant,
               d.id AS DraftId
          FROM sds.bank_lines l LEFT JOIN sds.draft_spends d ON d.bank_line_id = l.id AND d.status = 'draft'
         WHERE l.council_id = @CouncilId AND l.account_key = @AccountKey AND l.booked_on BETWEEN @From AND @To
        """;

    // Payments sent by the council's files: out of the council's account, into the payee's.
    private const string PaymentsSql = """
        SELECT b.run_date AS Date, p.amount AS Amount, d.account_name AS Payee, p.reference AS Reference, p.end_to_end_id AS EndToEndId, c.name AS CouncilName
          FROM sds.payment_batch_payments p
          JOIN sds.payment_batches b ON b.id = p.batch_id
          JOIN sds.bank_details d ON d.id = p.bank_details_id
          JOIN sds.councils c ON c.id = b.council_id
         WHERE p.council_id = @CouncilId AND b.run_date BETWEEN @From AND @To
           AND (@Kind = 'council' OR (@Kind = 'person' AND p.holder_kind = 'person' AND p.person_id = @PersonId)
                OR (@Kind = 'organisation' AND p.organisation_id = @OrganisationId))
        """;

    // Spends recorded from the account: a person's direct payment parts, or the option 2 parts a provider holds.
    private const string SpendsSql = """
        SELECT s.spent_on AS Date, s.amount AS Amount, s.payee AS Payee, coalesce(s.evidence, s.description) AS Reference, s.evidence IS NOT NULL AS HasEvidence
          FROM sds.spends s JOIN sds.budget_parts p ON p.id = s.part_id
         WHERE p.council_id = @CouncilId AND s.spent_on BETWEEN @From AND @To
           AND ((@Kind = 'person' AND p.person_id = @PersonId AND p.option = 1)
                OR (@Kind = 'organisation' AND p.holder_organisation_id = @OrganisationId AND p.option = 2))
           AND NOT EXISTS (SELECT 1 FROM ledger.entries r WHERE r.reverses = s.entry_id)
        """;

    private const string StatementSql = """
        SELECT EXISTS (SELECT 1 FROM sds.bank_statements s WHERE s.council_id = @CouncilId AND s.account_key = @AccountKey
                          AND coalesce(s.period_to, @To) >= @From AND coalesce(s.period_from, @From) <= @To)
        """;

    private const string ClosingSql = """
        SELECT s.closing AS Closing, s.period_to AS On
          FROM sds.bank_statements s
         WHERE s.council_id = @CouncilId AND s.account_key = @AccountKey AND s.closing IS NOT NULL AND s.period_to <= @To
         ORDER BY s.period_to DESC, s.imported_at DESC LIMIT 1
        """;

    // What the ledger says the account held on a day: a person's direct payment parts, or a provider's option 2 parts.
    private const string LedgerBalanceSql = """
        SELECT coalesce(sum(x.amount), 0)::bigint
          FROM sds.budget_parts p JOIN ledger.postings x ON x.account_id = p.held_account AND x.effective_date <= @On
         WHERE p.council_id = @CouncilId
           AND ((@Kind = 'person' AND p.person_id = @PersonId AND p.option = 1)
                OR (@Kind = 'organisation' AND p.holder_organisation_id = @OrganisationId AND p.option = 2))
        """;

    /// <summary>The reconciliation of one account over a period; the monitoring return uses it person by person.</summary>
    internal static async Task<ReconciliationView> ReconcileAsync(NpgsqlConnection conn, PersonKeys personKeys, Guid councilId, StatementAccount account,
                                                                 LocalDate from, LocalDate to,
                                                                 CancellationToken ct)
    {
        var council = await conn.QuerySingleAsync<(int? MatchDays, string Name)>(new CommandDefinition(CouncilSql, new { CouncilId = councilId }, cancellationToken: ct));
        var days = council.MatchDays ?? MatchRules.Default.WindowDays;
        var kind = account.Kind switch { StatementAccountKind.Council => "council", StatementAccountKind.Person => "person", _ => "organisation" };
        var wide = new
        {
            CouncilId = councilId, Kind = kind, account.PersonId, account.OrganisationId, AccountKey = account.Key,
            From = from.PlusDays(-days).ToDateOnly(), To = to.PlusDays(days).ToDateOnly(),
        };
        var lines = (await conn.QueryAsync<LineRow>(new CommandDefinition(LinesSql, wide with { From = from.ToDateOnly(), To = to.ToDateOnly() }, cancellationToken: ct)))
            .Select(l => new ReconciledLine(l.Id, LocalDate.FromDateOnly(l.Date), Money.FromPence(l.Amount),
                string.Join(" ", new[] { l.Description, l.Counterparty, l.Merchant }.Where(t => !string.IsNullOrEmpty(t)).Distinct()), l.DraftId))
            .ToList();

        var records = new List<ReconciledRecord>();
        foreach (var p in await conn.QueryAsync<PaymentRow>(new CommandDefinition(PaymentsSql, wide, cancellationToken: ct)))
        {
            // Out of the council's account to the payee; into a holder's account from the council.
            records.Add(kind == "council"
                ? new ReconciledRecord("payment", LocalDate.FromDateOnly(p.Date), -Money.FromPence(p.Amount), p.Payee, $"{p.Reference} {p.EndToEndId}")
                : new ReconciledRecord("instalment", LocalDate.FromDateOnly(p.Date), Money.FromPence(p.Amount), p.CouncilName, p.Reference));
        }
        if (kind != "council")
        {
            foreach (var s in await conn.QueryAsync<SpendRow>(new CommandDefinition(SpendsSql, wide, cancellationToken: ct)))
                // A spend's payee and description are kept sealed with the person's key (its evidence reference is not).
                records.Add(new ReconciledRecord("spend", LocalDate.FromDateOnly(s.Date), -Money.FromPence(s.Amount), await personKeys.RevealAsync(s.Payee, ct),
                    await personKeys.RevealAsync(s.Reference ?? "", ct), s.HasEvidence));
        }

        var ledger = records.Select((r, i) => new LedgerItem(i.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Date, r.Amount,
            r.Kind == "payment" ? $"{r.Payee} {r.Reference}" : r.Kind == "instalment" ? r.Reference : r.Payee)).ToList();
        var bank = lines.Select((l, i) => new BankItem(i.ToString(System.Globalization.CultureInfo.InvariantCulture), l.Date, l.Amount, l.Text)).ToList();
        var result = Reconciler.Reconcile(bank, ledger, new MatchRules(days));
        static int Index(string id) => int.Parse(id, System.Globalization.CultureInfo.InvariantCulture);

        var hasStatement = await conn.ExecuteScalarAsync<bool>(new CommandDefinition(StatementSql, wide with { From = from.ToDateOnly(), To = to.ToDateOnly() }, cancellationToken: ct));
        var closing = await conn.QuerySingleOrDefaultAsync<ClosingRow>(new CommandDefinition(ClosingSql, wide with { To = to.ToDateOnly() }, cancellationToken: ct));
        long? ledgerBalance = closing is null || kind == "council"
            ? null
            : await conn.ExecuteScalarAsync<long>(new CommandDefinition(LedgerBalanceSql, new { CouncilId = councilId, Kind = kind, account.PersonId, account.OrganisationId, closing.On }, cancellationToken: ct));
        return new ReconciliationView(account.Key, council.Name, from, to, days,
            result.Matched.Select(m => new ReconciledPair(lines[Index(m.Bank.Id)], records[Index(m.Ledger.Id)], m.DaysApart))
                .OrderBy(m => m.Line.Date).ThenBy(m => m.Record.Payee, StringComparer.Ordinal).ToList(),
            result.BankOnly.Select(b => lines[Index(b.Id)]).ToList(),
            result.LedgerOnly.Select(l => records[Index(l.Id)]).Where(r => r.Date >= from && r.Date <= to).ToList(), hasStatement,
            closing is null ? null : Money.FromPence(closing.Closing), closing is null ? null : LocalDate.FromDateOnly(closing.On),
            ledgerBalance is { } b ? Money.FromPence(b) : null);
    }

    private sealed class LineRow
    {
        public Guid Id { get; init; }
        public DateOnly Date { get; init; }
        public long Amount { get; init; }
        public string Description { get; init; } = "";
        public string? Counterparty { get; init; }
        public string? Merchant { get; init; }
        public Guid? DraftId { get; init; }
    }

    private sealed class PaymentRow
    {
        public DateOnly Date { get; init; }
        public long Amount { get; init; }
        public string Payee { get; init; } = "";
        public string Reference { get; init; } = "";
        public string EndToEndId { get; init; } = "";
        public string CouncilName { get; init; } = "";
    }

    private sealed class SpendRow
    {
        public DateOnly Date { get; init; }
        public long Amount { get; init; }
        public string Payee { get; init; } = "";
        public string? Reference { get; init; }
        public bool HasEvidence { get; init; }
    }

    private sealed class ClosingRow
    {
        public long Closing { get; init; }
        public DateOnly On { get; init; }
    }
}
