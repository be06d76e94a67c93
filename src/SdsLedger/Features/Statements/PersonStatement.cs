using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Statements;

/// <summary>
/// A person's statement of one budget for a period (both days included), read from the ledger: each part's balance at
/// the start and end, and every posting between, sorted by the account on its other side.
/// </summary>
public static class PersonStatement
{
    public sealed record Query(Actor Actor, Guid BudgetId, LocalDate From, LocalDate To) : ISdsQuery<StatementView>, IStandbyRead;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Actor).ValidActor();
            RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).WithMessage("The statement period must end on or after the day it starts.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Query>
    {
        public async ValueTask<Refusal?> CheckAsync(Query q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            var scope = await Scope.ForBudgetAsync(session, q.BudgetId, audit, ct);
            if (scope is null || !Scope.CanSee(q.Actor, scope)) return Scope.NotFound("That budget");
            // A recovery worker (or family member, carer, advocate) reads statements only with consent to that.
            if (q.Actor.Role == Role.RecoveryWorker && !(scope.Consents ?? ConsentGrantees.None).Covers(q.Actor, ConsentScope.Statements))
                return Scope.RoleCannot(q.Actor, "see this person's statements: their consent does not include their statements");
            return await LeastAccess.CheckAsync(session, q.Actor, scope.PersonId, ct);
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit) : IQueryHandler<Query, Result<StatementView>>
    {
        // The balance of the account spending comes from: held for options 1 and 2, the allocation for option 3.
        // Balances count entries by effective date, so a back-dated entry lands in the period it is dated in.
        private const string Sql = """
            SELECT pe.name AS PersonName, pe.reference AS PersonReference, pe.statement_format AS StatementFormat,
                   c.name AS CouncilName, c.contact AS CouncilContact, w.name AS SocialWorker,
                   b.is_test AS IsTest, b.period_start AS PeriodStart, b.period_end AS PeriodEnd, b.agreed_total AS AgreedTotal
              FROM sds.budgets b
              JOIN sds.people pe ON pe.id = b.person_id
              JOIN sds.councils c ON c.id = b.council_id
              LEFT JOIN sds.workers w ON w.id = pe.social_worker_id
             WHERE b.id = @BudgetId;

            SELECT p.id AS PartId, p.position AS Position, p.option AS Option, p.holder_kind AS HolderKind, p.holder_name AS HolderName,
                   nullif(o.contact, '') AS HolderContact, p.amount AS Amount,
                   (SELECT coalesce(sum(x.amount), 0) FROM ledger.postings x
                     WHERE x.account_id = src.account AND x.effective_date < @From)::bigint AS Opening,
                   (SELECT coalesce(sum(x.amount), 0) FROM ledger.postings x
                     WHERE x.account_id = src.account AND x.effective_date <= @To)::bigint AS Closing,
                   CASE WHEN p.option = 3 THEN 0
                        ELSE (SELECT coalesce(sum(x.amount), 0) FROM ledger.postings x
                               WHERE x.account_id = p.allocation_account AND x.effective_date <= @To) END::bigint AS StillToCome
              FROM sds.budget_parts p
              CROSS JOIN LATERAL (SELECT CASE WHEN p.option = 3 THEN p.allocation_account ELSE p.held_account END AS account) src
              LEFT JOIN sds.organisations o ON o.id = p.holder_organisation_id
             WHERE p.budget_id = @BudgetId
             ORDER BY p.position;

            SELECT p.id AS PartId, x.effective_date AS Date, x.amount AS Amount, e.kind AS EntryKind, e.description AS Description,
                   other.kind AS OtherKind, coalesce(reversed.category, own.category) AS Category, coalesce(reversed.payee, own.payee) AS Payee,
                   coalesce(reversed.description, own.description) AS What, coalesce(reversed.hours, own.hours) AS Hours
              FROM sds.budget_parts p
              JOIN ledger.postings x ON x.account_id = CASE WHEN p.option = 3 THEN p.allocation_account ELSE p.held_account END
                                    AND x.effective_date BETWEEN @From AND @To
              JOIN ledger.entries e ON e.id = x.entry_id
              LEFT JOIN LATERAL (
                  SELECT a.kind FROM ledger.postings y JOIN ledger.accounts a ON a.id = y.account_id
                   WHERE y.entry_id = x.entry_id AND y.account_id <> x.account_id
                   ORDER BY abs(y.amount) DESC, a.kind LIMIT 1) other ON true
              -- The spend, or for a reversal the spend it reverses: two joins by key, which use the key's index (one join on
              -- coalesce(...) could not, and scanned every spend for each row).
              LEFT JOIN sds.spends own ON own.entry_id = e.id
              LEFT JOIN sds.spends reversed ON reversed.entry_id = e.reverses
             WHERE p.budget_id = @BudgetId
             ORDER BY p.position, x.effective_date, x.account_version;

            SELECT p.id AS PartId, h.amount AS Amount,
                   coalesce(c.planned_on, (h.created_at AT TIME ZONE 'Europe/London')::date) AS PlannedOn,
                   coalesce(c.category, '') AS Category, coalesce(c.payee, '') AS Payee, coalesce(c.description, h.description) AS What
              FROM sds.budget_parts p
              JOIN ledger.holds h ON h.account_id = CASE WHEN p.option = 3 THEN p.allocation_account ELSE p.held_account END
              LEFT JOIN sds.commitments c ON c.hold_id = h.id
             WHERE p.budget_id = @BudgetId
               AND h.created_at < (@To::date + 1)::timestamp AT TIME ZONE 'Europe/London'
               AND (h.closed_at IS NULL OR h.closed_at >= (@To::date + 1)::timestamp AT TIME ZONE 'Europe/London')
             ORDER BY p.position, 3, h.created_at;

            SELECT id AS Id, text AS Text, recovery_phase AS RecoveryPhase, capital_domain AS CapitalDomain
              FROM sds.plan_outcomes WHERE budget_id = @BudgetId ORDER BY position;

            SELECT outcome_id AS OutcomeId, noted_on AS NotedOn, what_changed AS WhatChanged, in_own_words AS InOwnWords, completed AS Completed
              FROM sds.progress_notes WHERE budget_id = @BudgetId AND noted_on <= @To
             ORDER BY noted_on, id;
            """;

        public async ValueTask<Result<StatementView>> Handle(Query q, CancellationToken ct)
        {
            using var grid = await session.Connection.QueryMultipleAsync(new CommandDefinition(Sql,
                new { q.BudgetId, From = q.From.ToDateOnly(), To = q.To.ToDateOnly() }, session.Transaction, cancellationToken: ct));
            var head = await grid.ReadSingleAsync<HeadRow>();
            var parts = (await grid.ReadAsync<PartRow>()).ToList();
            var movements = (await grid.ReadAsync<MovementRow>()).ToLookup(m => m.PartId);
            var setAside = (await grid.ReadAsync<SetAsideRow>()).ToLookup(h => h.PartId);
            var outcomes = (await grid.ReadAsync<OutcomeRow>()).ToList();
            var notes = (await grid.ReadAsync<NoteRow>()).ToList();

            var partViews = parts.Select(p => Part(p, movements[p.PartId], setAside[p.PartId])).ToList();
            var period = new BudgetPeriod(LocalDate.FromDateOnly(head.PeriodStart), LocalDate.FromDateOnly(head.PeriodEnd));
            audit.Detail = $"statement {q.From:yyyy-MM-dd} to {q.To:yyyy-MM-dd}";
            return new StatementView(q.BudgetId, head.PersonName, head.PersonReference,
                StatementFormats.Parse(head.StatementFormat),
                head.CouncilName, head.CouncilContact, head.SocialWorker, q.From, q.To, period, head.IsTest,
                SdsOptions.OfBudget(partViews.Select(p => p.Option)), Money.FromPence(head.AgreedTotal), partViews,
                outcomes.Select(o => new StatementOutcome(o.Text, o.RecoveryPhase, o.CapitalDomain,
                    notes.Where(n => n.OutcomeId == o.Id).Select(Progress).ToList())).ToList(),
                notes.Where(n => n.OutcomeId is null).Select(Progress).ToList());
        }

        private static StatementPart Part(PartRow p, IEnumerable<MovementRow> movements, IEnumerable<SetAsideRow> setAside)
        {
            var moneyIn = new List<MoneyInLine>();
            var purchases = new List<PurchaseLine>();
            var returned = new List<ReturnLine>();
            var otherOut = new List<OtherOutLine>();
            foreach (var m in movements)
            {
                var date = LocalDate.FromDateOnly(m.Date);
                var amount = Money.FromPence(m.Amount);
                var correction = m.EntryKind == "reversal";
                switch (Classify(m.OtherKind))
                {
                    case Side.Council:
                        moneyIn.Add(new MoneyInLine(date, amount, correction ? MoneyInKind.Correction : MoneyInKind.Payment, m.Description));
                        break;
                    case Side.Spending:
                        purchases.Add(new PurchaseLine(date, m.Category ?? m.OtherKind![SpentPrefix.Length..], m.Payee ?? "",
                            m.What ?? m.Description, -amount, m.Hours, correction));
                        break;
                    case Side.Returned:
                        returned.Add(new ReturnLine(date, -amount, m.Description));
                        break;
                    default:
                        if (amount.IsPositive) moneyIn.Add(new MoneyInLine(date, amount, MoneyInKind.Correction, m.Description));
                        else otherOut.Add(new OtherOutLine(date, -amount, m.Description));
                        break;
                }
            }
            return new StatementPart(p.Position, (SdsOption)p.Option, Holders.Parse(p.HolderKind), p.HolderName, p.HolderContact,
                Money.FromPence(p.Amount), Money.FromPence(p.Opening), moneyIn, purchases, returned, otherOut,
                setAside.Select(h => new SetAsideLine(LocalDate.FromDateOnly(h.PlannedOn), h.Category, h.Payee, h.What, Money.FromPence(h.Amount))).ToList(),
                Money.FromPence(p.Closing), Money.FromPence(p.StillToCome));
        }

        private const string SpentPrefix = "spent:";

        private enum Side
        {
            Council,
            Spending,
            Returned,
            Other,
        }

        // Where the money on the other side of an entry went or came from, by that account's kind.
        private static Side Classify(string? otherKind) => otherKind switch
        {
            "allocation" or "funding" => Side.Council,
            "returned" => Side.Returned,
            { } kind when kind.StartsWith(SpentPrefix, StringComparison.Ordinal) => Side.Spending,
            _ => Side.Other,
        };

        private static ProgressEntry Progress(NoteRow n) =>
            new(LocalDate.FromDateOnly(n.NotedOn), n.WhatChanged, n.InOwnWords, n.Completed);

        private sealed class HeadRow
        {
            public string PersonName { get; init; } = "";
            public string PersonReference { get; init; } = "";
            public string StatementFormat { get; init; } = "";
            public string CouncilName { get; init; } = "";
            public string CouncilContact { get; init; } = "";
            public string? SocialWorker { get; init; }
            public bool IsTest { get; init; }
            public DateOnly PeriodStart { get; init; }
            public DateOnly PeriodEnd { get; init; }
            public long AgreedTotal { get; init; }
        }

        private sealed class PartRow
        {
            public Guid PartId { get; init; }
            public int Position { get; init; }
            public short Option { get; init; }
            public string HolderKind { get; init; } = "";
            public string HolderName { get; init; } = "";
            public string? HolderContact { get; init; }
            public long Amount { get; init; }
            public long Opening { get; init; }
            public long Closing { get; init; }
            public long StillToCome { get; init; }
        }

        private sealed class MovementRow
        {
            public Guid PartId { get; init; }
            public DateOnly Date { get; init; }
            public long Amount { get; init; }
            public string EntryKind { get; init; } = "";
            public string Description { get; init; } = "";
            public string? OtherKind { get; init; }
            public string? Category { get; init; }
            public string? Payee { get; init; }
            public string? What { get; init; }
            public decimal? Hours { get; init; }
        }

        private sealed class SetAsideRow
        {
            public Guid PartId { get; init; }
            public long Amount { get; init; }
            public DateOnly PlannedOn { get; init; }
            public string Category { get; init; } = "";
            public string Payee { get; init; } = "";
            public string What { get; init; } = "";
        }

        private sealed class OutcomeRow
        {
            public Guid Id { get; init; }
            public string Text { get; init; } = "";
            public string? RecoveryPhase { get; init; }
            public string? CapitalDomain { get; init; }
        }

        private sealed class NoteRow
        {
            public Guid? OutcomeId { get; init; }
            public DateOnly NotedOn { get; init; }
            public string WhatChanged { get; init; } = "";
            public string? InOwnWords { get; init; }
            public bool Completed { get; init; }
        }
    }
}
