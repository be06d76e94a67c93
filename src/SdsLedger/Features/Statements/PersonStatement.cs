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
            return Decide(q.Actor, scope, recordOpen: true) ?? await LeastAccess.CheckAsync(session, q.Actor, scope!.PersonId, ct);
        }
    }

    /// <summary>
    /// Whether the actor may read this budget's statement, for the single read and the batch alike; <paramref name="recordOpen"/>
    /// says whether least access lets them read the person's record (checked apart, as it needs the database).
    /// </summary>
    internal static Refusal? Decide(Actor actor, BudgetScope? scope, bool recordOpen)
    {
        if (scope is null || !Scope.CanSee(actor, scope)) return Scope.NotFound("That budget");
        // A recovery worker (or family member, carer, advocate) reads statements only with consent to that.
        if (actor.Role == Role.RecoveryWorker && !(scope.Consents ?? ConsentGrantees.None).Covers(actor, ConsentScope.Statements))
            return Scope.RoleCannot(actor, "see this person's statements: their consent does not include their statements");
        return recordOpen ? null : LeastAccess.ReasonNeeded;
    }

    /// <summary>The largest batch <see cref="Batch"/> reads in one go.</summary>
    public const int MostInABatch = 500;

    /// <summary>One budget's statement read in a batch, or why it could not be (the refusal the single read would give).</summary>
    public sealed record BatchRead(Guid BudgetId, StatementView? Statement, Refusal? Refusal);

    /// <summary>
    /// Many budgets' statements in one transaction and one read, for a statement run (council staff): each budget is checked
    /// as the single read checks it, and each read (or refusal) is audited as its own record for that person.
    /// </summary>
    public sealed record Batch(Actor Actor, IReadOnlyList<Guid> BudgetIds, LocalDate From, LocalDate To) : ISdsQuery<IReadOnlyList<BatchRead>>, IStandbyRead;

    public sealed class BatchValidator : AbstractValidator<Batch>
    {
        public BatchValidator()
        {
            RuleFor(q => q.Actor).ValidActor();
            RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).WithMessage("The statement period must end on or after the day it starts.");
            RuleFor(q => q.BudgetIds).NotEmpty().WithMessage("Give at least one budget.")
                .Must(ids => ids.Count <= MostInABatch).WithMessage($"Give at most {MostInABatch} budgets at once.")
                .Must(ids => ids.Distinct().Count() == ids.Count).WithMessage("Give each budget once.");
        }
    }

    internal sealed class BatchAuthorisation : IAuthorisation<Batch>
    {
        public ValueTask<Refusal?> CheckAsync(Batch q, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = q.Actor.CouncilId;
            return ValueTask.FromResult(Roles.IsCouncilStaff(q.Actor.Role) && q.Actor.CouncilId is not null
                ? null
                : Scope.RoleCannot(q.Actor, "send a council's statements (a social worker or finance officer does)"));
        }
    }

    internal sealed class BatchHandler(DbSession session, AuditContext audit, PersonKeys personKeys) : IQueryHandler<Batch, Result<IReadOnlyList<BatchRead>>>
    {
        public async ValueTask<Result<IReadOnlyList<BatchRead>>> Handle(Batch q, CancellationToken ct)
        {
            var ids = q.BudgetIds.ToArray();
            var scopes = await Scope.ForBudgetsAsync(session, ids, ct);
            var open = await LeastAccess.OpenAsync(session, q.Actor, scopes.Values.Select(s => s.PersonId).Distinct().ToArray(), ct);
            var refusals = ids.ToDictionary(id => id, id =>
                Decide(q.Actor, scopes.GetValueOrDefault(id), scopes.TryGetValue(id, out var s) && open.Contains(s.PersonId)));
            var statements = await Reader.ReadAsync(session, personKeys, ids.Where(id => refusals[id] is null).ToArray(), q.From, q.To, ct);
            var detail = Reader.Detail(q.From, q.To);
            await AuditTrail.RecordEachAsync(session, q, audit, ids.Select(id => new AuditSubject(
                scopes.GetValueOrDefault(id)?.CouncilId ?? q.Actor.CouncilId, scopes.GetValueOrDefault(id)?.PersonId, scopes.ContainsKey(id) ? id : null,
                refusals[id] is null ? "done" : "refused", refusals[id]?.Code, refusals[id]?.Reason ?? detail)).ToList(), ct);
            return ids.Select(id => new BatchRead(id, statements.GetValueOrDefault(id), refusals[id])).ToList();
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit, PersonKeys personKeys) : IQueryHandler<Query, Result<StatementView>>
    {
        public async ValueTask<Result<StatementView>> Handle(Query q, CancellationToken ct)
        {
            var read = await Reader.ReadAsync(session, personKeys, [q.BudgetId], q.From, q.To, ct);
            audit.Detail = Reader.Detail(q.From, q.To);
            return read[q.BudgetId];
        }
    }

    /// <summary>
    /// Reads statements of many budgets in one round trip, the same SQL and code as the single read (which is this with one
    /// budget), so the two cannot disagree.
    /// </summary>
    internal static class Reader
    {
        public static string Detail(LocalDate from, LocalDate to) => $"statement {from:yyyy-MM-dd} to {to:yyyy-MM-dd}";

        // The balance of the account spending comes from: held for options 1 and 2, the allocation for option 3.
        // Balances count entries by effective date, so a back-dated entry lands in the period it is dated in. Every result
        // set names its budget, so one read serves one budget or a batch of them (= ANY(@BudgetIds)).
        private const string Sql = """
            SELECT b.id AS BudgetId, pe.name AS PersonName, pe.reference AS PersonReference, pe.statement_format AS StatementFormat,
                   pe.names_recovery AND c.recovery_wording_offered AS NamesRecovery, c.name AS CouncilName, c.contact AS CouncilContact, w.name AS SocialWorker,
                   b.is_test AS IsTest, b.period_start AS PeriodStart, b.period_end AS PeriodEnd, b.agreed_total AS AgreedTotal
              FROM sds.budgets b
              JOIN sds.people pe ON pe.id = b.person_id
              JOIN sds.councils c ON c.id = b.council_id
              LEFT JOIN sds.workers w ON w.id = pe.social_worker_id
             WHERE b.id = ANY(@BudgetIds);

            SELECT p.budget_id AS BudgetId, p.id AS PartId, p.position AS Position, p.option AS Option, p.holder_kind AS HolderKind,
                   p.holder_name AS HolderName, nullif(o.contact, '') AS HolderContact, p.amount AS Amount,
                   bal.opening AS Opening, bal.closing AS Closing,
                   CASE WHEN p.option = 3 THEN 0
                        ELSE (SELECT coalesce(sum(x.amount), 0) FROM ledger.postings x
                               WHERE x.account_id = p.allocation_account AND x.effective_date <= @To) END::bigint AS StillToCome
              FROM sds.budget_parts p
              CROSS JOIN LATERAL (SELECT CASE WHEN p.option = 3 THEN p.allocation_account ELSE p.held_account END AS account) src
              CROSS JOIN LATERAL (SELECT coalesce(sum(x.amount) FILTER (WHERE x.effective_date < @From), 0)::bigint AS opening,
                                         coalesce(sum(x.amount), 0)::bigint AS closing
                                    FROM ledger.postings x
                                   WHERE x.account_id = src.account AND x.effective_date <= @To) bal
              LEFT JOIN sds.organisations o ON o.id = p.holder_organisation_id
             WHERE p.budget_id = ANY(@BudgetIds)
             ORDER BY p.budget_id, p.position;

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
             WHERE p.budget_id = ANY(@BudgetIds)
             ORDER BY p.budget_id, p.position, x.effective_date, x.account_version;

            SELECT p.id AS PartId, h.amount AS Amount,
                   coalesce(c.planned_on, (h.created_at AT TIME ZONE 'Europe/London')::date) AS PlannedOn,
                   coalesce(c.category, '') AS Category, coalesce(c.payee, '') AS Payee, coalesce(c.description, h.description) AS What
              FROM sds.budget_parts p
              JOIN ledger.holds h ON h.account_id = CASE WHEN p.option = 3 THEN p.allocation_account ELSE p.held_account END
              LEFT JOIN sds.commitments c ON c.hold_id = h.id
             WHERE p.budget_id = ANY(@BudgetIds)
               AND h.created_at < (@To::date + 1)::timestamp AT TIME ZONE 'Europe/London'
               AND (h.closed_at IS NULL OR h.closed_at >= (@To::date + 1)::timestamp AT TIME ZONE 'Europe/London')
             ORDER BY p.budget_id, p.position, 3, h.created_at;

            SELECT budget_id AS BudgetId, id AS Id, text AS Text, recovery_phase AS RecoveryPhase, capital_domain AS CapitalDomain
              FROM sds.plan_outcomes WHERE budget_id = ANY(@BudgetIds) ORDER BY budget_id, position;

            SELECT budget_id AS BudgetId, outcome_id AS OutcomeId, noted_on AS NotedOn, what_changed AS WhatChanged,
                   in_own_words AS InOwnWords, completed AS Completed
              FROM sds.progress_notes WHERE budget_id = ANY(@BudgetIds) AND noted_on <= @To
             ORDER BY budget_id, noted_on, id;
            """;

        /// <summary>The statement of each budget asked for, by budget id; a budget that does not exist has none.</summary>
        public static async Task<Dictionary<Guid, StatementView>> ReadAsync(DbSession session, PersonKeys personKeys, Guid[] budgetIds,
                                                                            LocalDate from, LocalDate to, CancellationToken ct)
        {
            using var grid = await session.Connection.QueryMultipleAsync(new CommandDefinition(Sql,
                new { BudgetIds = budgetIds, From = from.ToDateOnly(), To = to.ToDateOnly() }, session.Transaction, cancellationToken: ct));
            var heads = (await grid.ReadAsync<HeadRow>()).ToList();
            var parts = (await grid.ReadAsync<PartRow>()).ToLookup(p => p.BudgetId);
            var movementRows = (await grid.ReadAsync<MovementRow>()).ToList();
            var setAsideRows = (await grid.ReadAsync<SetAsideRow>()).ToList();
            var outcomeRows = (await grid.ReadAsync<OutcomeRow>()).ToList();
            var noteRows = (await grid.ReadAsync<NoteRow>()).ToList();
            // The ledger keeps what was bought sealed with the person's key, as are the plan's outcomes and progress notes; an
            // erased person's read as erased. The keys of everyone in the batch are fetched at once.
            await personKeys.LoadKeysForAsync(movementRows.Select(m => m.Description).Concat(setAsideRows.Select(h => h.What))
                                                  .Concat(noteRows.Select(n => n.WhatChanged)).Concat(outcomeRows.Select(o => o.Text)), ct);
            foreach (var m in movementRows)
            {
                m.Description = await personKeys.RevealAsync(m.Description, ct);
                m.What = await personKeys.RevealIfGivenAsync(m.What, ct);
                m.Payee = await personKeys.RevealIfGivenAsync(m.Payee, ct);
            }
            foreach (var h in setAsideRows)
            {
                h.What = await personKeys.RevealAsync(h.What, ct);
                h.Payee = await personKeys.RevealAsync(h.Payee, ct);
            }
            foreach (var o in outcomeRows) o.Text = await personKeys.RevealAsync(o.Text, ct);
            foreach (var n in noteRows)
            {
                n.WhatChanged = await personKeys.RevealAsync(n.WhatChanged, ct);
                n.InOwnWords = await personKeys.RevealIfGivenAsync(n.InOwnWords, ct);
            }
            var notes = noteRows.ToLookup(n => n.BudgetId);
            var outcomes = outcomeRows.ToLookup(o => o.BudgetId);
            var movements = movementRows.ToLookup(m => m.PartId);
            var setAside = setAsideRows.ToLookup(h => h.PartId);
            return heads.ToDictionary(head => head.BudgetId, head =>
                Statement(head, parts[head.BudgetId], movements, setAside, outcomes[head.BudgetId], notes[head.BudgetId].ToList(), from, to));
        }

        private static StatementView Statement(HeadRow head, IEnumerable<PartRow> parts, ILookup<Guid, MovementRow> movements,
                                               ILookup<Guid, SetAsideRow> setAside, IEnumerable<OutcomeRow> outcomes, List<NoteRow> notes,
                                               LocalDate from, LocalDate to)
        {
            var partViews = parts.Select(p => Part(p, movements[p.PartId], setAside[p.PartId])).ToList();
            var period = new BudgetPeriod(LocalDate.FromDateOnly(head.PeriodStart), LocalDate.FromDateOnly(head.PeriodEnd));
            return new StatementView(head.BudgetId, head.PersonName, head.PersonReference,
                StatementFormats.Parse(head.StatementFormat),
                head.CouncilName, head.CouncilContact, head.SocialWorker, from, to, period, head.IsTest,
                SdsOptions.OfBudget(partViews.Select(p => p.Option)), Money.FromPence(head.AgreedTotal), partViews,
                outcomes.Select(o => new StatementOutcome(o.Text, o.RecoveryPhase, o.CapitalDomain,
                    notes.Where(n => n.OutcomeId == o.Id).Select(Progress).ToList())).ToList(),
                notes.Where(n => n.OutcomeId is null).Select(Progress).ToList(), head.NamesRecovery);
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
            public Guid BudgetId { get; init; }
            public string PersonName { get; init; } = "";
            public string PersonReference { get; init; } = "";
            public string StatementFormat { get; init; } = "";
            public bool NamesRecovery { get; init; }
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
            public Guid BudgetId { get; init; }
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
            public string Description { get; set; } = "";
            public string? OtherKind { get; init; }
            public string? Category { get; init; }
            public string? Payee { get; set; }
            public string? What { get; set; }
            public decimal? Hours { get; init; }
        }

        private sealed class SetAsideRow
        {
            public Guid PartId { get; init; }
            public long Amount { get; init; }
            public DateOnly PlannedOn { get; init; }
            public string Category { get; init; } = "";
            public string Payee { get; set; } = "";
            public string What { get; set; } = "";
        }

        private sealed class OutcomeRow
        {
            public Guid BudgetId { get; init; }
            public Guid Id { get; init; }
            public string Text { get; set; } = "";
            public string? RecoveryPhase { get; init; }
            public string? CapitalDomain { get; init; }
        }

        private sealed class NoteRow
        {
            public Guid BudgetId { get; init; }
            public Guid? OutcomeId { get; init; }
            public DateOnly NotedOn { get; init; }
            public string WhatChanged { get; set; } = "";
            public string? InOwnWords { get; set; }
            public bool Completed { get; init; }
        }
    }
}
