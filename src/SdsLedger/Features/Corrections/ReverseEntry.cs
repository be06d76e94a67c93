using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Ledger;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Corrections;

/// <summary>
/// Corrects a mistake on a budget: a new entry that undoes one of its ledger entries, with the reason. Nothing is
/// edited or deleted; both entries stay in the history. Only the council's finance officers correct the ledger.
/// </summary>
public static class ReverseEntry
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid BudgetId, Guid EntryId, LocalDate Date, string Reason) : ISdsCommand<Guid>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.EntryId).NotEmpty().WithMessage("Give the id of the ledger entry to reverse, as shown on the budget's statement.");
            RuleFor(c => c.Reason).Text("reason for the correction (for example 'recorded twice')", 300);
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct) =>
            Scope.CouncilStaff(c.Actor, await Scope.ForBudgetAsync(session, c.BudgetId, audit, ct), "That budget",
                "reverse ledger entries (a finance officer of the council does)", Role.CouncilFinance);
    }

    internal sealed class Handler(DbSession session, AuditContext audit, PersonKeys personKeys) : ICommandHandler<Command, Result<Guid>>
    {
        // Whether the entry touches this budget's accounts, any other budget's, and who reversed it if anyone has.
        private const string Load = """
            SELECT e.description AS Description, e.effective_date AS EffectiveDate,
                   coalesce(bool_or(p.budget_id = @BudgetId), false) AS Ours,
                   bool_or(a.owner_kind = 'budget_part' AND p.budget_id IS DISTINCT FROM @BudgetId) AS Others,
                   (SELECT coalesce(a.name, r.actor) || ' on ' || to_char(r.effective_date, 'FMDD FMMonth YYYY')
                      FROM ledger.entries r LEFT JOIN sds.actors a ON a.id::text = r.actor WHERE r.reverses = e.id) AS ReversedBy
              FROM ledger.entries e
              JOIN ledger.postings po ON po.entry_id = e.id
              JOIN ledger.accounts a ON a.id = po.account_id
              LEFT JOIN sds.budget_parts p ON a.owner_kind = 'budget_part' AND p.id = a.owner_id
             WHERE e.id = @EntryId
             GROUP BY e.id
            """;

        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            var entry = await conn.QuerySingleOrDefaultAsync<EntryRow>(new CommandDefinition(Load, new { c.BudgetId, c.EntryId }, cancellationToken: ct));
            if (entry is null || !entry.Ours || entry.Others) return Scope.NotFound("That ledger entry on this budget");
            entry.Description = await personKeys.RevealAsync(entry.Description, ct);
            if (entry.ReversedBy is { } by) return AlreadyReversed(entry.Description, by);

            // The reason and what is corrected are about the person: sealed with their key, as the spend's own text is.
            var key = $"reversal:{c.IdempotencyKey}";
            var description = await personKeys.SealAsync(audit.PersonId!.Value, key, $"Correction of \"{entry.Description}\": {c.Reason}", ct);
            var reversed = await LedgerWriter.ReverseAsync(conn, new EntryId(c.EntryId), c.Date, c.Actor.Id.ToString(), description, key, ct);
            switch (reversed.Status)
            {
                case PostStatus.InsufficientFunds:
                    return new Refusal(RefusalCodes.InsufficientFunds,
                        $"Undoing \"{entry.Description}\" needs money that is no longer there: only {reversed.Available} is available where it would come from. Correct the later spending first.");
                case PostStatus.AlreadyReversed:
                    return AlreadyReversed(entry.Description, "someone else just now");
                case not (PostStatus.Posted or PostStatus.Duplicate):
                    throw new InvalidOperationException($"The ledger refused a checked reversal: {reversed.Status}.");
            }
            audit.Detail = $"reversed \"{entry.Description}\" of {entry.EffectiveDate:yyyy-MM-dd}: {c.Reason}";
            return reversed.EntryId!.Value.Value;
        }

        private static Refusal AlreadyReversed(string description, string by) =>
            new(RefusalCodes.InvalidState, $"\"{description}\" was already reversed by {by}; an entry is reversed only once.");

        private sealed record EntryRow
        {
            public string Description { get; set; } = "";
            public DateOnly EffectiveDate { get; init; }
            public bool Ours { get; init; }
            public bool Others { get; init; }
            public string? ReversedBy { get; init; }
        }
    }
}
