using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using NodaTime;
using Npgsql;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;

namespace SdsLedger.Features.Shared;

/// <summary>A budget as someone picking it by a readable handle sees it: whose, when, and its parts.</summary>
public sealed record BudgetChoice(Guid BudgetId, Guid PersonId, string PersonReference, string PersonName, LocalDate Start, LocalDate End,
                                  bool IsTest, string Status, bool Closed, IReadOnlyList<PartChoice> Parts)
{
    public bool Covers(LocalDate date) => date >= Start && date <= End;

    /// <summary>"1 April 2026 to 31 March 2027, active (0192f0c4-…)", for lists of budgets to choose from.</summary>
    public string Describe() =>
        $"{(IsTest ? "test budget" : "budget")} {Handles.Day(Start)} to {Handles.Day(End)}, {(Closed ? "closed" : Status)} ({BudgetId})";
}

/// <summary>One part of a budget: its number within the budget (1, 2 …), option, holder and amount.</summary>
public sealed record PartChoice(Guid PartId, int Position, SdsOption Option, string Holder, Money Amount);

/// <summary>
/// Finds people, budgets, parts, organisations and workers from what people type: a person's reference
/// (e.g. "NT-10201"), a budget's id or the start of it, a part number, an organisation's or worker's code.
/// Only what the actor may see is found; anything else reads as "not found".
/// </summary>
public static partial class Handles
{
    private const string BudgetsSql = $$"""
        SELECT b.id AS BudgetId, b.council_id AS CouncilId, b.person_id AS PersonId, pe.reference AS PersonReference, pe.name AS PersonName,
               b.period_start AS PeriodStart, b.period_end AS PeriodEnd, b.is_test AS IsTest, b.status AS Status, b.closed AS Closed,
               p.id AS PartId, p.position AS Position, p.option AS Option, p.holder_name AS Holder, p.amount AS Amount,
               p.holder_organisation_id AS HolderOrganisationId,
               ARRAY(SELECT coalesce(c.grantee_worker_id, c.grantee_organisation_id) FROM sds.consents c
                      WHERE c.person_id = b.person_id AND {{ConsentCover.Current}}) AS Consented
          FROM sds.budgets b
          JOIN sds.people pe ON pe.id = b.person_id
          JOIN sds.budget_parts p ON p.budget_id = b.id
         WHERE (@Id IS NOT NULL AND b.id = @Id)
            OR (@Prefix IS NOT NULL AND b.id::text LIKE @Prefix || '%')
            OR (@Reference IS NOT NULL AND upper(pe.reference) = upper(@Reference))
            OR (@PartId IS NOT NULL AND b.id = (SELECT budget_id FROM sds.budget_parts WHERE id = @PartId))
         ORDER BY b.period_start, b.id, p.position
        """;

    private const string PersonSql = """
        SELECT id AS Id, name AS Name, council_id AS CouncilId FROM sds.people WHERE upper(reference) = upper(@Reference)
        """;

    private const string OrganisationSql = "SELECT id FROM sds.organisations WHERE code = lower(@Code) AND council_id = @CouncilId";

    private const string WorkerSql = """
        SELECT w.id AS Id, w.name AS Name, w.role AS Role, w.council_id AS CouncilId
          FROM sds.workers w LEFT JOIN sds.organisations o ON o.id = w.organisation_id
         WHERE w.code = lower(@Code) AND coalesce(w.council_id, o.council_id) = @CouncilId
        """;

    private const string WorkerCodeSql = "SELECT EXISTS (SELECT 1 FROM sds.workers WHERE code = lower(@Code))";

    private const string CouncilSql = "SELECT id FROM sds.councils WHERE code = lower(@Code)";

    private const string OutcomesSql = "SELECT id AS Id, position AS Position FROM sds.plan_outcomes WHERE budget_id = @BudgetId ORDER BY position";

    private const string EntryBudgetsSql = """
        SELECT DISTINCT p.budget_id
          FROM ledger.postings pp
          JOIN ledger.accounts a ON a.id = pp.account_id AND a.owner_kind = 'budget_part'
          JOIN sds.budget_parts p ON p.id = a.owner_id
         WHERE pp.entry_id = @EntryId
        """;

    /// <summary>The person with this reference in the actor's council (or, for someone outside a council, the only one anywhere).</summary>
    public static async Task<(Guid Id, string Name)?> PersonAsync(NpgsqlConnection conn, Actor actor, string reference, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var people = (await conn.QueryAsync<(Guid Id, string Name, Guid CouncilId)>(new CommandDefinition(PersonSql, new { Reference = reference.Trim() }, cancellationToken: ct)))
            .Where(p => actor.CouncilId is null || p.CouncilId == actor.CouncilId).ToList();
        if (actor.Role == Role.ServiceUser) people = people.Where(p => p.Id == actor.PersonId).ToList();
        return people.Count == 1 ? (people[0].Id, people[0].Name) : null;
    }

    /// <summary>The organisation with this code that the actor's council registered.</summary>
    public static Task<Guid?> OrganisationAsync(NpgsqlConnection conn, Actor actor, string code, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(OrganisationSql, new { Code = code.Trim(), actor.CouncilId }, cancellationToken: ct));

    public static Task<Guid?> CouncilAsync(NpgsqlConnection conn, string code, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(CouncilSql, new { Code = code.Trim() }, cancellationToken: ct));

    /// <summary>The worker with this code in the actor's council (its staff, and the staff of the organisations it registered).</summary>
    public static async Task<(Guid Id, string Name, string Role, Guid? CouncilId)?> WorkerAsync(NpgsqlConnection conn, Actor actor, string code, CancellationToken ct) =>
        await conn.QuerySingleOrDefaultAsync<(Guid Id, string Name, string Role, Guid? CouncilId)?>(
            new CommandDefinition(WorkerSql, new { Code = code.Trim(), actor.CouncilId }, cancellationToken: ct));

    /// <summary>Whether any worker anywhere has this code (codes are unique across the installation).</summary>
    public static Task<bool> WorkerCodeTakenAsync(NpgsqlConnection conn, string code, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition(WorkerCodeSql, new { Code = code.Trim() }, cancellationToken: ct));

    /// <summary>
    /// The budgets a handle names, among those the actor may see: a budget's id, the first 8 or more characters
    /// of it (all budgets starting so, when several do), or a person's reference (all their budgets, oldest first).
    /// </summary>
    public static async Task<IReadOnlyList<BudgetChoice>> BudgetsAsync(NpgsqlConnection conn, Actor actor, string handle, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var text = handle.Trim();
        if (Guid.TryParse(text, out var id)) return await LoadAsync(conn, actor, new { Id = (Guid?)id, Prefix = (string?)null, Reference = (string?)null, PartId = (Guid?)null }, ct);
        var byReference = await LoadAsync(conn, actor, new { Id = (Guid?)null, Prefix = (string?)null, Reference = (string?)text, PartId = (Guid?)null }, ct);
        if (byReference.Count > 0 || !IdPrefix().IsMatch(text)) return byReference;
        return await LoadAsync(conn, actor, new { Id = (Guid?)null, Prefix = (string?)text.ToLowerInvariant(), Reference = (string?)null, PartId = (Guid?)null }, ct);
    }

    /// <summary>The budget a part belongs to, if the actor may see it.</summary>
    public static async Task<BudgetChoice?> BudgetOfPartAsync(NpgsqlConnection conn, Actor actor, Guid partId, CancellationToken ct) =>
        (await LoadAsync(conn, actor, new { Id = (Guid?)null, Prefix = (string?)null, Reference = (string?)null, PartId = (Guid?)partId }, ct)).FirstOrDefault();

    /// <summary>The budget a ledger entry moved money on, if the actor may see it.</summary>
    public static async Task<BudgetChoice?> BudgetOfEntryAsync(NpgsqlConnection conn, Actor actor, Guid entryId, CancellationToken ct)
    {
        var budgets = (await conn.QueryAsync<Guid>(new CommandDefinition(EntryBudgetsSql, new { EntryId = entryId }, cancellationToken: ct))).ToList();
        return budgets.Count == 1
            ? (await LoadAsync(conn, actor, new { Id = (Guid?)budgets[0], Prefix = (string?)null, Reference = (string?)null, PartId = (Guid?)null }, ct)).FirstOrDefault()
            : null;
    }

    /// <summary>One of a budget's outcomes by its number (1, 2 …, as listed) or its id; or why it cannot be found.</summary>
    public static async Task<(Guid? OutcomeId, string? Problem)> OutcomeAsync(NpgsqlConnection conn, Guid budgetId, string handle, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var outcomes = (await conn.QueryAsync<(Guid Id, int Position)>(new CommandDefinition(OutcomesSql, new { BudgetId = budgetId }, cancellationToken: ct))).ToList();
        var text = handle.Trim();
        var found = Guid.TryParse(text, out var id)
            ? outcomes.FirstOrDefault(o => o.Id == id)
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? outcomes.FirstOrDefault(o => o.Position == n) : default;
        if (found.Id != Guid.Empty) return (found.Id, null);
        return (null, outcomes.Count == 0
            ? "This budget has no outcomes recorded yet."
            // The outcomes' words are sealed with the person's key, so the message gives their numbers and where to read them.
            : $"This budget has no outcome '{text}': give its number, 1 to {outcomes.Count} ('sdsledger budget show' lists them by number).");
    }

    /// <summary>
    /// Picks one budget from a handle's matches: the only one; or, given a date, the only one whose period covers it
    /// (preferring an ordinary budget to a test budget); or the only one still open. Otherwise says what to type instead.
    /// </summary>
    public static (BudgetChoice? Budget, string? Problem) Pick(IReadOnlyList<BudgetChoice> found, string handle, LocalDate? date = null, bool testBudget = false)
    {
        ArgumentNullException.ThrowIfNull(found);
        if (found.Count == 0)
            return (null, $"No budget was found for '{handle}', or it is not yours to see. Give a person's reference (like NT-10201) or a budget id from 'sdsledger budget list'.");
        if (found.Count == 1) return (found[0], null);

        IReadOnlyList<BudgetChoice> candidates = found;
        if (date is { } d)
        {
            var covering = found.Where(b => b.Covers(d)).ToList();
            if (covering.Count > 1) covering = covering.Where(b => b.IsTest == testBudget).ToList() is { Count: > 0 } same ? same : covering;
            if (covering.Count == 1) return (covering[0], null);
            if (covering.Count > 1) candidates = covering;
        }
        else
        {
            var open = found.Where(b => b.Status != "ended" && !b.Closed).ToList();
            if (open.Count > 1) open = open.Where(b => b.IsTest == testBudget).ToList() is { Count: > 0 } same ? same : open;
            if (open.Count == 1) return (open[0], null);
            if (open.Count > 1) candidates = open;
        }
        var person = found[0].PersonReference;
        var list = string.Join("; ", candidates.Select(b => b.Describe()));
        return (null, $"'{handle}' matches more than one budget{(found.All(b => b.PersonReference == person) ? $" of {person}" : "")}: {list}. Give the budget's id instead.");
    }

    /// <summary>A part of the budget by its number; with no number, the only part.</summary>
    public static (PartChoice? Part, string? Problem) PickPart(BudgetChoice budget, int? number)
    {
        ArgumentNullException.ThrowIfNull(budget);
        if (number is null)
        {
            return budget.Parts.Count == 1
                ? (budget.Parts[0], null)
                : (null, $"This budget has {budget.Parts.Count} parts ({Parts(budget)}); say which one.");
        }
        var part = budget.Parts.FirstOrDefault(p => p.Position == number);
        return part is null
            ? (null, $"This budget has no part {number}; its parts are {Parts(budget)}.")
            : (part, null);
    }

    private static string Parts(BudgetChoice budget) =>
        string.Join("; ", budget.Parts.Select(p => $"part {p.Position}: option {(int)p.Option} held by {p.Holder}, {p.Amount}"));

    internal static string Day(LocalDate date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    private static async Task<IReadOnlyList<BudgetChoice>> LoadAsync(NpgsqlConnection conn, Actor actor, object args, CancellationToken ct)
    {
        var rows = await conn.QueryAsync<Row>(new CommandDefinition(BudgetsSql, args, cancellationToken: ct));
        return rows.GroupBy(r => r.BudgetId)
            .Where(g => Scope.CanSee(actor, new BudgetScope(g.Key, g.First().CouncilId, g.First().PersonId,
                g.Where(r => r.HolderOrganisationId is not null).Select(r => r.HolderOrganisationId!.Value).ToList(),
                new ConsentGrantees(g.First().Consented, [], []))))
            .Select(g =>
            {
                var b = g.First();
                return new BudgetChoice(b.BudgetId, b.PersonId, b.PersonReference, b.PersonName, LocalDate.FromDateOnly(b.PeriodStart),
                    LocalDate.FromDateOnly(b.PeriodEnd), b.IsTest, b.Status, b.Closed,
                    g.Select(r => new PartChoice(r.PartId, r.Position, (SdsOption)r.Option, r.Holder, Money.FromPence(r.Amount))).ToList());
            })
            .ToList();
    }

    [GeneratedRegex("^[0-9a-fA-F-]{8,36}$")]
    private static partial Regex IdPrefix();

    private sealed class Row
    {
        public Guid BudgetId { get; init; }
        public Guid CouncilId { get; init; }
        public Guid PersonId { get; init; }
        public Guid[] Consented { get; init; } = [];
        public string PersonReference { get; init; } = "";
        public string PersonName { get; init; } = "";
        public DateOnly PeriodStart { get; init; }
        public DateOnly PeriodEnd { get; init; }
        public bool IsTest { get; init; }
        public string Status { get; init; } = "";
        public bool Closed { get; init; }
        public Guid PartId { get; init; }
        public int Position { get; init; }
        public short Option { get; init; }
        public string Holder { get; init; } = "";
        public long Amount { get; init; }
        public Guid? HolderOrganisationId { get; init; }
    }
}
