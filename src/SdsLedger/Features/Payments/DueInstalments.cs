using Dapper;
using NodaTime;
using Npgsql;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Ledger;

namespace SdsLedger.Features.Payments;

/// <summary>An instalment due and not yet paid: whose, to whom, when, how much, and the ledger entry that will pay it.</summary>
public sealed record DueInstalment(Guid PartId, string PersonReference, string PersonName, string Holder, LocalDate Due, Money Amount,
                                   PostingRequest Payment);

/// <summary>What a payment run on a day would pay: every unpaid instalment due by then, and how many were paid before.</summary>
public sealed record DueInstalments(IReadOnlyList<DueInstalment> Unpaid, int AlreadyPaid, int Parts)
{
    public Money Total => Unpaid.Aggregate(Money.Zero, (sum, i) => sum + i.Amount);

    /// <summary>Parts that would be paid more than one instalment at once: a run catching up, which a finance officer confirms.</summary>
    public int PartsCatchingUp => Unpaid.GroupBy(i => i.PartId).Count(g => g.Count() > 1);

    /// <summary>The ledger's actor of every instalment: the council's payment run, whoever started it (the audit trail names them).</summary>
    public const string PaidBy = "payment run";

    /// <summary>
    /// Instalments fall due in advance, every N weeks from the start of each part's period (options 1 and 2 of active, open
    /// budgets). Each one is the same request whichever run pays it (its key is its part and due date), so it is paid once.
    /// What was paid before is read from ledger.instalments_paid, one row per part kept by the ledger as it posts: when its
    /// count and sum of days match the part's schedule up to its paid-through date, the instalments after that date are
    /// the unpaid ones; a part without a row, or whose row does not match (its schedule changed), is checked key by key.
    /// </summary>
    public static async Task<DueInstalments> LoadAsync(NpgsqlConnection conn, Guid councilId, LocalDate runDate, CancellationToken ct)
    {
        const string DueParts = """
            SELECT p.id AS PartId, pe.reference AS PersonReference, pe.name AS PersonName, p.holder_name AS Holder, p.amount AS Amount,
                   p.instalment_weeks AS Weeks, p.allocation_account AS Allocation, p.held_account AS Held,
                   b.period_start AS PeriodStart, b.period_end AS PeriodEnd,
                   ip.paid_through AS PaidThrough, coalesce(ip.paid, 0) AS Paid, coalesce(ip.paid_days, 0) AS PaidDays
              FROM sds.budget_parts p JOIN sds.budgets b ON b.id = p.budget_id JOIN sds.people pe ON pe.id = b.person_id
              LEFT JOIN ledger.instalments_paid ip ON ip.part_id = p.id
             WHERE b.council_id = @CouncilId AND b.status = 'active' AND NOT b.closed AND p.option IN (1, 2)
               AND b.period_start <= @RunDate
             ORDER BY pe.reference, p.position
            """;
        const string AlreadyPosted = "SELECT idempotency_key FROM ledger.entries WHERE idempotency_key = ANY (@Keys)";

        var parts = (await conn.QueryAsync<DuePart>(new CommandDefinition(DueParts, new { CouncilId = councilId, RunDate = runDate.ToDateOnly() }, cancellationToken: ct))).ToList();
        var candidates = new List<(DueInstalment Instalment, bool Unsure)>();
        var alreadyPaid = 0;
        foreach (var part in parts)
        {
            var period = new BudgetPeriod(LocalDate.FromDateOnly(part.PeriodStart), LocalDate.FromDateOnly(part.PeriodEnd));
            var schedule = InstalmentSchedule.For(period, Money.FromPence(part.Amount), part.Weeks);
            var paidThrough = part.PaidThrough is { } through ? LocalDate.FromDateOnly(through) : (LocalDate?)null;
            var known = paidThrough is { } last && Matches(schedule.Where(i => i.Due <= last).ToList(), part.Paid, part.PaidDays);
            foreach (var (day, amount) in schedule.Where(i => i.Due <= runDate))
            {
                if (known && day <= paidThrough!.Value)
                {
                    alreadyPaid++;
                    continue;
                }
                var payment = new PostingRequest(EntryKind.Instalment, day, PaidBy, $"Instalment due {day:yyyy-MM-dd}", $"instalment:{part.PartId}:{day:yyyy-MM-dd}",
                    [new Posting(new AccountId(part.Allocation), -amount), new Posting(new AccountId(part.Held), amount)]);
                candidates.Add((new DueInstalment(part.PartId, part.PersonReference, part.PersonName, part.Holder, day, amount, payment), !known));
            }
        }
        var keys = candidates.Where(c => c.Unsure).Select(c => c.Instalment.Payment.IdempotencyKey).ToArray();
        var posted = keys.Length == 0
            ? []
            : (await conn.QueryAsync<string>(new CommandDefinition(AlreadyPosted, new { Keys = keys }, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
        alreadyPaid += posted.Count;
        var unpaid = candidates.Where(c => !c.Unsure || !posted.Contains(c.Instalment.Payment.IdempotencyKey)).Select(c => c.Instalment).ToList();
        return new DueInstalments(unpaid, alreadyPaid, parts.Count);
    }

    /// <summary>Whether the paid count and sum of days are those of exactly these scheduled instalments.</summary>
    private static bool Matches(IReadOnlyList<(LocalDate Due, Money Amount)> scheduledUpToPaid, int paid, long paidDays) =>
        scheduledUpToPaid.Count == paid && scheduledUpToPaid.Sum(i => (long)Period.Between(DaysFrom, i.Due, PeriodUnits.Days).Days) == paidDays;

    private static readonly LocalDate DaysFrom = new(2000, 1, 1);

    private sealed record DuePart(Guid PartId, string PersonReference, string PersonName, string Holder, long Amount, int Weeks, Guid Allocation, Guid Held,
                                  DateOnly PeriodStart, DateOnly PeriodEnd, DateOnly? PaidThrough, int Paid, long PaidDays);
}
