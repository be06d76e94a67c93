using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Ledger;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Payments;

public sealed record PaymentRunResult(LocalDate RunDate, int InstalmentsPaid, int AlreadyPaid, Money TotalPaid, int Parts);

/// <summary>
/// Pays every instalment due on or before the run date for the council's active budgets (options 1 and 2),
/// from each part's allocation to its holder. Each instalment's key is its part and due date, so a re-run pays nobody twice.
/// </summary>
public static class PaymentRun
{
    public const int BatchSize = 2_000;

    public sealed record Command(Actor Actor, string IdempotencyKey, Guid CouncilId, LocalDate RunDate) : ISdsCommand<PaymentRunResult>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = c.CouncilId;
            if (c.Actor.CouncilId != c.CouncilId) return ValueTask.FromResult<Refusal?>(Scope.NotFound("That council"));
            return ValueTask.FromResult(c.Actor.Role == Role.CouncilFinance ? null : Scope.RoleCannot(c.Actor, "run payments (a finance officer does)"));
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit) : ICommandHandler<Command, Result<PaymentRunResult>>
    {
        private const string DueParts = """
            SELECT p.id AS PartId, p.amount AS Amount, p.instalment_weeks AS Weeks, p.allocation_account AS Allocation, p.held_account AS Held,
                   b.period_start AS PeriodStart, b.period_end AS PeriodEnd
              FROM sds.budget_parts p JOIN sds.budgets b ON b.id = p.budget_id
             WHERE b.council_id = @CouncilId AND b.status = 'active' AND NOT b.closed AND p.option IN (1, 2)
               AND b.period_start <= @RunDate
             ORDER BY p.id
            """;

        private const string AlreadyPosted = "SELECT idempotency_key FROM ledger.entries WHERE idempotency_key = ANY (@Keys)";

        public async ValueTask<Result<PaymentRunResult>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            var parts = (await conn.QueryAsync<DuePart>(new CommandDefinition(DueParts, new { c.CouncilId, RunDate = c.RunDate.ToDateOnly() }, cancellationToken: ct))).ToList();
            var requests = new List<PostingRequest>();
            foreach (var part in parts)
            {
                var period = new BudgetPeriod(LocalDate.FromDateOnly(part.PeriodStart), LocalDate.FromDateOnly(part.PeriodEnd));
                foreach (var (due, amount) in InstalmentSchedule.For(period, Money.FromPence(part.Amount), part.Weeks).Where(i => i.Due <= c.RunDate))
                {
                    requests.Add(new PostingRequest(EntryKind.Instalment, due, c.Actor.Name, $"Instalment due {due:yyyy-MM-dd}",
                        $"instalment:{part.PartId}:{due:yyyy-MM-dd}",
                        [new Posting(new AccountId(part.Allocation), -amount), new Posting(new AccountId(part.Held), amount)]));
                }
            }

            var keys = requests.Select(r => r.IdempotencyKey).ToArray();
            var posted = (await conn.QueryAsync<string>(new CommandDefinition(AlreadyPosted, new { Keys = keys }, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
            var unpaid = requests.Where(r => !posted.Contains(r.IdempotencyKey)).ToList();
            var paid = 0;
            foreach (var batch in unpaid.Chunk(BatchSize))
            {
                var result = await LedgerBatch.PostAsync(conn, batch, ct);
                if (!result.Succeeded)
                    return Result<PaymentRunResult>.Refused(RefusalCodes.InsufficientFunds, $"The payment run stopped and paid nobody: {result.Problem}.");
                paid += result.Posted;
            }
            var already = requests.Count - paid;
            var total = unpaid.Aggregate(Money.Zero, (sum, r) => sum + r.Postings[1].Amount);
            audit.Detail = $"{paid} instalment(s) paid, {already} already paid, run date {c.RunDate:yyyy-MM-dd}";
            return new PaymentRunResult(c.RunDate, paid, already, total, parts.Count);
        }

        private sealed record DuePart(Guid PartId, long Amount, int Weeks, Guid Allocation, Guid Held, DateOnly PeriodStart, DateOnly PeriodEnd);
    }
}
