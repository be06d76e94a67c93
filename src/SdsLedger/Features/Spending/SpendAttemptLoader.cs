using Dapper;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Spending;

/// <summary>Reads what the spending rules need about one spend, in one round trip, inside the command's transaction.</summary>
public sealed class SpendAttemptLoader
{
    private const string Sql = """
        SELECT p.option AS Option, p.holder_kind AS HolderKind, p.holder_organisation_id AS HolderOrganisationId,
               b.id AS BudgetId, b.person_id AS PersonId, b.council_id AS CouncilId, b.period_start AS PeriodStart, b.period_end AS PeriodEnd,
               b.closed AS Closed, b.status AS Status, b.is_test AS IsTest,
               r.approval_threshold AS ApprovalThreshold, r.excluded_purposes AS ExcludedPurposes, r.test_budget_cap AS TestBudgetCap,
               r.test_budget_weeks AS TestBudgetWeeks, r.surplus_weeks AS SurplusWeeks, r.instalment_weeks AS InstalmentWeeks,
               r.duplicate_days AS DuplicateDays,
               bal.posted - bal.pending AS Available
          FROM sds.budget_parts p
          JOIN sds.budgets b ON b.id = p.budget_id
          JOIN sds.council_rules r ON r.council_id = b.council_id
          JOIN ledger.balances bal ON bal.account_id = CASE WHEN p.option = 3 THEN p.allocation_account ELSE p.held_account END
         WHERE p.id = @PartId
           -- A spend and a period close on the same budget go one after the other.
           FOR SHARE OF b;

        SELECT c.description AS Description, h.amount AS Amount
          FROM sds.commitments c JOIN ledger.holds h ON h.id = c.hold_id
         WHERE c.part_id = @PartId AND h.status = 'open'
         ORDER BY h.created_at;

        SELECT pc.category FROM sds.plan_categories pc JOIN sds.budget_parts p ON p.budget_id = pc.budget_id WHERE p.id = @PartId;

        SELECT EXISTS (SELECT 1 FROM sds.family_agreements f JOIN sds.budget_parts p ON p.budget_id = f.budget_id
                        WHERE p.id = @PartId AND lower(trim(f.payee)) = lower(trim(@Payee)));

        SELECT payee AS Payee, amount AS Amount, spent_on AS SpentOn
          FROM sds.spends s
         WHERE s.part_id = @PartId AND lower(trim(s.payee)) = lower(trim(@Payee)) AND s.amount = @Amount
           AND s.spent_on BETWEEN @From AND @To
           AND NOT EXISTS (SELECT 1 FROM ledger.entries r WHERE r.reverses = s.entry_id);

        SELECT amount AS Amount, payee AS Payee, category AS Category, requested_by_id AS RequestedBy, decided_by_id AS DecidedBy
          FROM sds.approvals WHERE id = @ApprovalId AND part_id = @PartId AND status = 'approved';
        """;

    public async Task<SpendAttempt?> LoadAsync(DbSession session, ISpendingCommand c, CancellationToken ct)
    {
        var date = c.Date.ToDateOnly();
        using var grid = await session.Connection.QueryMultipleAsync(new CommandDefinition(Sql, new
        {
            c.PartId,
            c.Payee,
            Amount = c.Amount.Pence,
            From = date.AddDays(-31),
            To = date.AddDays(31),
            ApprovalId = c.ApprovalId ?? Guid.Empty,
        }, session.Transaction, cancellationToken: ct));

        var part = await grid.ReadSingleOrDefaultAsync<PartRow>();
        if (part is null) return null;
        var setAside = (await grid.ReadAsync<(string Description, long Amount)>()).Select(x => new SetAside(x.Description, Money.FromPence(x.Amount))).ToList();
        var categories = (await grid.ReadAsync<string>()).ToList();
        var family = await grid.ReadSingleAsync<bool>();
        var earlier = (await grid.ReadAsync<(string Payee, long Amount, DateOnly SpentOn)>())
            .Select(x => new EarlierSpend(x.Payee, Money.FromPence(x.Amount), LocalDate.FromDateOnly(x.SpentOn))).ToList();
        var approval = (await grid.ReadAsync<(long Amount, string Payee, string Category, Guid RequestedBy, Guid DecidedBy)>())
            .Select(x => new GrantedApproval(Money.FromPence(x.Amount), x.Payee, x.Category, x.RequestedBy, x.DecidedBy)).FirstOrDefault();

        return new SpendAttempt(c.Actor, c.Amount, c.Category, c.Payee, c.Description, c.Date, part.ToFacts(), part.ToRules(),
            Money.FromPence(part.Available), setAside, categories, c.PayeeIsFamily, family, earlier, c.ConfirmDuplicate, approval);
    }

    internal sealed class PartRow
    {
        public short Option { get; init; }
        public string HolderKind { get; init; } = "";
        public Guid? HolderOrganisationId { get; init; }
        public Guid BudgetId { get; init; }
        public Guid PersonId { get; init; }
        public Guid CouncilId { get; init; }
        public DateOnly PeriodStart { get; init; }
        public DateOnly PeriodEnd { get; init; }
        public bool Closed { get; init; }
        public string Status { get; init; } = "";
        public bool IsTest { get; init; }
        public long ApprovalThreshold { get; init; }
        public string[] ExcludedPurposes { get; init; } = [];
        public long TestBudgetCap { get; init; }
        public int TestBudgetWeeks { get; init; }
        public int SurplusWeeks { get; init; }
        public int InstalmentWeeks { get; init; }
        public int DuplicateDays { get; init; }
        public long Available { get; init; }

        public PartFacts ToFacts() => new((SdsOption)Option, Holders.Parse(HolderKind), HolderOrganisationId, PersonId, CouncilId,
            new BudgetPeriod(LocalDate.FromDateOnly(PeriodStart), LocalDate.FromDateOnly(PeriodEnd)), Closed, Status == "active", IsTest);

        public CouncilRules ToRules() => new(Money.FromPence(ApprovalThreshold), ExcludedPurposes, Money.FromPence(TestBudgetCap),
            TestBudgetWeeks, SurplusWeeks, InstalmentWeeks, DuplicateDays);
    }
}
