using Dapper;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Family;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Spending;

/// <summary>
/// Reads what the spending rules need about one spend or commitment: its part (read once per command, see
/// <see cref="SpendingParts"/>) and, in one more round trip inside the command's transaction, what is set aside, the
/// plan's categories and their amounts or shares, the person's family and any agreement to pay them, earlier spends to
/// the same payee, the approval named, and the council's own terms for its excluded purposes.
/// </summary>
public sealed class SpendAttemptLoader(SpendingParts parts, CouncilClock clock, PersonKeys personKeys)
{
    private const string Sql = """
        SELECT c.description AS Description, h.amount AS Amount
          FROM sds.commitments c JOIN ledger.holds h ON h.id = c.hold_id
         WHERE c.part_id = @PartId AND h.status = 'open'
         ORDER BY h.created_at;

        SELECT category AS Category, amount AS Amount, share_percent AS SharePercent FROM sds.plan_categories WHERE budget_id = @BudgetId;

        SELECT payee FROM sds.family_agreements WHERE budget_id = @BudgetId;

        SELECT name AS Name, relationship AS Relationship, same_household AS SameHousehold FROM sds.family_members WHERE person_id = @PersonId;

        SELECT s.payee AS Payee, s.amount AS Amount, s.spent_on AS SpentOn, s.approval_id IS NOT NULL AS Approved
          FROM sds.spends s
         WHERE s.part_id = @PartId AND s.spent_on BETWEEN @From AND @To
           AND (s.payee_match = @PayeeMatch OR (s.payee_match IS NULL AND lower(btrim(s.payee)) = lower(btrim(@Payee))))
           AND NOT EXISTS (SELECT 1 FROM ledger.entries r WHERE r.reverses = s.entry_id);

        SELECT amount AS Amount, payee AS Payee, category AS Category, requested_by_id AS RequestedBy, decided_by_id AS DecidedBy,
               wrong_match AS WrongMatch
          FROM sds.approvals WHERE id = @ApprovalId AND part_id = @PartId AND status = 'approved';

        SELECT purpose AS Purpose, kind AS Kind, term AS Term FROM sds.excluded_purpose_terms WHERE council_id = @CouncilId;

        -- What the budget has spent or set aside in the category, read only when the plan limits the category.
        SELECT (SELECT coalesce(sum(s.amount), 0) FROM sds.spends s JOIN sds.budget_parts p ON p.id = s.part_id
                 WHERE p.budget_id = @BudgetId AND s.category = @Category
                   AND NOT EXISTS (SELECT 1 FROM ledger.entries r WHERE r.reverses = s.entry_id))
             + (SELECT coalesce(sum(h.amount), 0) FROM sds.commitments c JOIN sds.budget_parts p ON p.id = c.part_id JOIN ledger.holds h ON h.id = c.hold_id
                 WHERE p.budget_id = @BudgetId AND c.category = @Category AND h.status = 'open')
         WHERE EXISTS (SELECT 1 FROM sds.plan_categories pc WHERE pc.budget_id = @BudgetId AND pc.category = @Category
                         AND (pc.amount IS NOT NULL OR pc.share_percent IS NOT NULL));
        """;

    public async Task<SpendAttempt?> LoadAsync(DbSession session, ISpendingCommand c, CancellationToken ct)
    {
        if (await parts.GetAsync(c.PartId, ct) is not { } part) return null;
        var date = c.Date.ToDateOnly();
        var reach = Math.Max(part.Rules.DuplicateDays, part.Rules.ApprovalWindowDays);
        using var grid = await session.Connection.QueryMultipleAsync(new CommandDefinition(Sql, new
        {
            c.PartId,
            part.Scope.BudgetId,
            part.Scope.PersonId,
            part.Scope.CouncilId,
            c.Payee,
            // Payees are kept sealed; earlier spends to this one are found by their match under the person's key.
            PayeeMatch = await personKeys.PayeeMatchAsync(part.Scope.PersonId, c.Payee, ct),
            c.Category,
            From = date.AddDays(-reach),
            To = date.AddDays(reach),
            ApprovalId = c.ApprovalId ?? Guid.Empty,
        }, session.Transaction, cancellationToken: ct));

        var setAsideRows = (await grid.ReadAsync<(string Description, long Amount)>()).ToList();
        var plan = (await grid.ReadAsync<(string Category, long? Amount, decimal? SharePercent)>()).ToList();
        var agreedPayees = (await grid.ReadAsync<string>()).ToList();
        var familyRows = (await grid.ReadAsync<(string Name, string Relationship, bool SameHousehold)>()).ToList();
        var earlierRows = (await grid.ReadAsync<(string Payee, long Amount, DateOnly SpentOn, bool Approved)>()).ToList();
        var approvalRow = (await grid.ReadAsync<(long Amount, string Payee, string Category, Guid RequestedBy, Guid DecidedBy, string? WrongMatch)>())
            .Cast<(long Amount, string Payee, string Category, Guid RequestedBy, Guid DecidedBy, string? WrongMatch)?>().FirstOrDefault();
        var terms = (await grid.ReadAsync<(string Purpose, string Kind, string Term)>()).ToList();
        var spentInCategory = (await grid.ReadAsync<long>()).Select(Money.FromPence).Cast<Money?>().FirstOrDefault();
        // What money is set aside for is kept sealed with the person's key; the refusal that names it reads it as written.
        // (Opened once every result is read: opening may read the key, and the connection runs one command at a time.)
        var setAside = new List<SetAside>(setAsideRows.Count);
        foreach (var x in setAsideRows) setAside.Add(new SetAside(await personKeys.RevealAsync(x.Description, ct), Money.FromPence(x.Amount)));
        // So are the family's names and whom the council agreed to pay: they are compared with the payee once opened.
        var agreement = false;
        foreach (var agreed in agreedPayees) agreement |= FamilyAgreements.SamePayee(await personKeys.RevealAsync(agreed, ct), c.Payee);
        var family = new List<FamilyMember>(familyRows.Count);
        foreach (var x in familyRows) family.Add(new FamilyMember(await personKeys.RevealAsync(x.Name, ct), x.Relationship, x.SameHousehold));
        var earlier = new List<EarlierSpend>(earlierRows.Count);
        foreach (var x in earlierRows)
            earlier.Add(new EarlierSpend(await personKeys.RevealAsync(x.Payee, ct), Money.FromPence(x.Amount), LocalDate.FromDateOnly(x.SpentOn), x.Approved));
        var approval = approvalRow is { } a
            ? new GrantedApproval(Money.FromPence(a.Amount), await personKeys.RevealAsync(a.Payee, ct), a.Category, a.RequestedBy, a.DecidedBy, a.WrongMatch)
            : null;

        return new SpendAttempt(c.Actor, c.Amount, c.Category, c.Payee, c.Description, c.Date, part.Facts, part.Rules, part.Available, setAside,
            plan.Select(p => p.Category).ToList(), c.PayeeIsFamily, agreement, earlier, c.ConfirmDuplicate, approval)
        {
            Today = clock.Today,
            IsPlanned = c.IsPlanned,
            MerchantCode = c.MerchantCode,
            Family = family,
            Excluded = part.Rules.ExcludedPurposes
                .Select(name => ExcludedPurposes.For(name,
                    terms.Where(t => t.Purpose == name && t.Kind == "words").Select(t => t.Term),
                    terms.Where(t => t.Purpose == name && t.Kind == "merchant-code").Select(t => t.Term)))
                .ToList(),
            Limit = Limit(plan.FirstOrDefault(p => p.Category == c.Category), part.BudgetTotal, spentInCategory),
        };
    }

    /// <summary>The plan's limit on the category: its amount, or its share of the budget's agreed total.</summary>
    private static CategoryLimit? Limit((string Category, long? Amount, decimal? SharePercent) agreed, Money budgetTotal, Money? spent)
    {
        if (spent is not { } soFar) return null;
        if (agreed.Amount is { } amount) return new CategoryLimit(Money.FromPence(amount), Money.FromPence(amount).ToString(), soFar);
        if (agreed.SharePercent is { } share)
        {
            var limit = Money.FromPence((long)Math.Floor(budgetTotal.Pence * share / 100m));
            return new CategoryLimit(limit, $"{share.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}% of {budgetTotal} ({limit})", soFar);
        }
        return null;
    }
}
