using Dapper;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Ledger;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Spending;

/// <summary>
/// A budget part as a spend sees it: whose it is, the facts the rules read, the council's rules, what is available, its
/// accounts and its budget's agreed total. Read once per command, with its budget locked against a period close going
/// on at the same moment, and shared by the authorisation, the spending rules and the writer (see <see cref="SpendingParts"/>).
/// </summary>
public sealed record SpendingPart(BudgetScope Scope, PartFacts Facts, CouncilRules Rules, Money Available, PartAccounts Accounts, Money BudgetTotal);

/// <summary>The parts one command reads, each read once (scoped to the command).</summary>
public sealed class SpendingParts(DbSession session, AuditContext audit, PersonKeys personKeys)
{
    private const string Sql = $$"""
        SELECT p.id AS PartId, p.option AS Option, p.holder_kind AS HolderKind, p.holder_organisation_id AS HolderOrganisationId,
               p.allocation_account AS Allocation, p.held_account AS Held, p.returned_account AS Returned,
               b.id AS BudgetId, b.person_id AS PersonId, b.council_id AS CouncilId, b.period_start AS PeriodStart, b.period_end AS PeriodEnd,
               b.closed AS Closed, b.status AS Status, b.is_test AS IsTest, b.agreed_total AS BudgetTotal,
               coalesce((SELECT array_agg(q.holder_organisation_id) FROM sds.budget_parts q
                          WHERE q.budget_id = b.id AND q.holder_organisation_id IS NOT NULL), '{}') AS HolderOrganisations,
               ARRAY(SELECT coalesce(c.grantee_worker_id, c.grantee_organisation_id) FROM sds.consents c
                      WHERE c.person_id = b.person_id AND {{ConsentCover.Current}} AND c.act_on_test_budget) AS ActConsents,
               r.approval_threshold AS ApprovalThreshold, r.excluded_purposes AS ExcludedPurposes, r.test_budget_cap AS TestBudgetCap,
               r.test_budget_weeks AS TestBudgetWeeks, r.surplus_weeks AS SurplusWeeks, r.instalment_weeks AS InstalmentWeeks,
               r.duplicate_days AS DuplicateDays, r.payment_run_days_ahead AS PaymentRunDaysAhead, r.approval_window_days AS ApprovalWindowDays,
               bal.posted - bal.pending AS Available,
               -- The person's data key, read here so that sealing what the spend writes costs no round trip of its own.
               k.person_id IS NOT NULL AS KeyRecorded, k.wrapped_key AS WrappedKey
          FROM sds.budget_parts p
          JOIN sds.budgets b ON b.id = p.budget_id
          JOIN sds.council_rules r ON r.council_id = b.council_id
          JOIN ledger.balances bal ON bal.account_id = CASE WHEN p.option = 3 THEN p.allocation_account ELSE p.held_account END
          LEFT JOIN sds.person_keys k ON k.person_id = b.person_id
         WHERE p.id = @PartId
           -- A spend and a period close on the same budget go one after the other.
           FOR SHARE OF b
        """;

    private readonly Dictionary<Guid, SpendingPart?> _read = [];

    /// <summary>The part, read the first time the command asks for it (and noted as whose budget the command touches); null when it is not there or not the caller's to see.</summary>
    public async Task<SpendingPart?> GetAsync(Guid partId, CancellationToken ct)
    {
        if (_read.TryGetValue(partId, out var known)) return known;
        var row = await session.Connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Sql, new { PartId = partId }, session.Transaction, cancellationToken: ct));
        var part = row?.ToPart();
        if (part is not null)
        {
            if (row!.KeyRecorded) personKeys.Know(part.Scope.PersonId, row.WrappedKey);
            audit.BudgetId = part.Scope.BudgetId;
            audit.CouncilId = part.Scope.CouncilId;
            audit.PersonId = part.Scope.PersonId;
        }
        return _read[partId] = part;
    }

    /// <summary>What a spend took from the part, so a later spend of the same command (an imported file's next line) sees what is left.</summary>
    internal void Spent(Guid partId, Money amount)
    {
        if (_read.TryGetValue(partId, out var part) && part is not null) _read[partId] = part with { Available = part.Available - amount };
    }

    private sealed class Row
    {
        public Guid PartId { get; init; }
        public short Option { get; init; }
        public string HolderKind { get; init; } = "";
        public Guid? HolderOrganisationId { get; init; }
        public Guid Allocation { get; init; }
        public Guid Held { get; init; }
        public Guid Returned { get; init; }
        public Guid BudgetId { get; init; }
        public Guid PersonId { get; init; }
        public Guid CouncilId { get; init; }
        public DateOnly PeriodStart { get; init; }
        public DateOnly PeriodEnd { get; init; }
        public bool Closed { get; init; }
        public string Status { get; init; } = "";
        public bool IsTest { get; init; }
        public long BudgetTotal { get; init; }
        public Guid[] HolderOrganisations { get; init; } = [];
        public Guid[] ActConsents { get; init; } = [];
        public long ApprovalThreshold { get; init; }
        public string[] ExcludedPurposes { get; init; } = [];
        public long TestBudgetCap { get; init; }
        public int TestBudgetWeeks { get; init; }
        public int SurplusWeeks { get; init; }
        public int InstalmentWeeks { get; init; }
        public int DuplicateDays { get; init; }
        public int PaymentRunDaysAhead { get; init; }
        public int ApprovalWindowDays { get; init; }
        public long Available { get; init; }
        public bool KeyRecorded { get; init; }
        public byte[]? WrappedKey { get; init; }

        public SpendingPart ToPart()
        {
            var option = (SdsOption)Option;
            return new SpendingPart(
                // A recovery worker spends only where the person's consent lets them act for them.
                new BudgetScope(BudgetId, CouncilId, PersonId, HolderOrganisations, new ConsentGrantees([], [], ActConsents)),
                new PartFacts(option, Holders.Parse(HolderKind), HolderOrganisationId, PersonId, CouncilId,
                    new BudgetPeriod(LocalDate.FromDateOnly(PeriodStart), LocalDate.FromDateOnly(PeriodEnd)), Closed, Status == "active", IsTest),
                new CouncilRules(Money.FromPence(ApprovalThreshold), ExcludedPurposes, Money.FromPence(TestBudgetCap), TestBudgetWeeks, SurplusWeeks,
                    InstalmentWeeks, DuplicateDays, PaymentRunDaysAhead, ApprovalWindowDays),
                Money.FromPence(Available),
                new PartAccounts(PartId, CouncilId, PersonId, option, new AccountId(Allocation), new AccountId(Held), new AccountId(Returned)),
                Money.FromPence(BudgetTotal));
        }
    }
}
