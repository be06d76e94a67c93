using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using Npgsql;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Approvals;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.Consent;
using SdsLedger.Features.Commitments;
using SdsLedger.Features.Councils;
using SdsLedger.Features.Family;
using SdsLedger.Features.People;
using SdsLedger.Features.Plans;
using SdsLedger.Features.Payments;
using SdsLedger.Features.Shared;
using SdsLedger.Features.Spending;
using SdsLedger.Features.TestBudgets;
using SdsLedger.Pipeline;

namespace SdsLedger.Cli.Demo;

/// <summary>One line of samples/spending.csv: what someone bought, as they would record it.</summary>
internal sealed class SpendingRow
{
    public string Date { get; set; } = "";
    public string Person { get; set; } = "";
    public int Part { get; set; }
    public string Actor { get; set; } = "";
    public string Category { get; set; } = "";
    public string Payee { get; set; } = "";
    public string Amount { get; set; } = "";
    public string Description { get; set; } = "";
    public string Hours { get; set; } = "";
    public string Family { get; set; } = "";
    public string ConfirmDuplicate { get; set; } = "";
    public string Approval { get; set; } = "";

    /// <summary>Names the row by its content, so editing the samples never replays an old answer for a different row.</summary>
    public string Key => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
        string.Join('|', Date, Person, Part, Actor, Category, Payee, Amount, Description, Hours, Family, ConfirmDuplicate, Approval))))[..24];
}

/// <summary>
/// What loading the sample council did: money paid, spends recorded, and each refusal with its reason; and the
/// council's finance officer, who reads its statements and reports.
/// </summary>
internal sealed record DemoOutcome(int People, int Budgets, int TestBudgets, int PaymentRuns, Money Paid, int Spends, Money Spent,
                                   IReadOnlyList<(int Line, string Person, Refusal Refusal)> Refused, Actor Finance);

/// <summary>
/// Loads samples/ through the same commands every user sends, with fixed idempotency keys,
/// so running the demo again writes nothing twice and gives the same answers.
/// </summary>
internal sealed class SampleCouncilLoader(SdsLedgerApp app, Action<string> progress)
{
    private static readonly LocalDatePattern Iso = LocalDatePattern.Iso;
    private readonly Dictionary<string, Guid> _organisations = [];
    private readonly Dictionary<string, Guid> _workers = [];
    private readonly Dictionary<string, Guid> _people = [];
    private readonly Dictionary<string, Guid> _budgets = [];
    private readonly Dictionary<string, IReadOnlyList<Guid>> _outcomes = [];
    private readonly Dictionary<string, Actor> _actors = [];
    private readonly Dictionary<string, Guid> _approvals = [];

    public async Task<DemoOutcome> LoadAsync(string samples, CancellationToken ct)
    {
        var file = SampleCouncilFile.Read(Path.Combine(samples, "council.json"));
        var setupWorker = file.Workers.First(w => w.Role == "council-finance");

        progress($"Setting up {file.Council.Name}");
        var setup = new Actor(Verbs.ActingOptions.IdFromKey("demo:council"), setupWorker.Name, Role.CouncilFinance, null);
        var councilId = Value(await app.SendAsync(new SetUpCouncil.Command(setup, "demo:council", file.Council.Code, file.Council.Name,
            file.Council.Contact, setupWorker.Code), ct));
        var finance = setup with { CouncilId = councilId };
        (_workers[setupWorker.Code], _actors[setupWorker.Code]) = (finance.Id, finance);

        foreach (var o in file.Organisations)
            _organisations[o.Code] = Value(await app.SendAsync(new RegisterOrganisation.Command(finance, $"demo:org:{o.Code}", o.Code, o.Name, o.Contact), ct));
        foreach (var w in file.Workers.Where(w => w != setupWorker))
        {
            Roles.TryParse(w.Role, out var role);
            var org = w.Organisation is null ? (Guid?)null : _organisations[w.Organisation];
            var council = role is Role.Provider or Role.RecoveryWorker ? (Guid?)null : councilId;
            _workers[w.Code] = Value(await app.SendAsync(new RegisterWorker.Command(finance, $"demo:worker:{w.Code}", w.Code, w.Name, role, council, org), ct));
            // Everyone acts within the council: a provider's or recovery service's staff within the council that registered it.
            _actors[w.Code] = new Actor(_workers[w.Code], w.Name, role, councilId, org);
        }

        progress($"Registering {file.People.Count} people");
        foreach (var p in file.People)
        {
            _people[p.Reference] = Value(await app.SendAsync(new RegisterPerson.Command(_actors[p.SocialWorker], $"demo:person:{p.Reference}", p.Reference, p.Name,
                Iso.Parse(p.DateOfBirth).Value, p.Contact,
                StatementFormats.Parse(p.Format),
                _workers[p.SocialWorker]), ct));
        }

        progress($"Agreeing {file.Budgets.Count} budgets and their support plans, and {file.TestBudgets.Count} recovery test budgets");
        foreach (var b in file.Budgets)
        {
            var worker = SocialWorkerOf(file, b.Person);
            var created = Value(await app.SendAsync(new CreateBudget.Command(worker, $"demo:budget:{b.Person}", _people[b.Person],
                Iso.Parse(b.Start).Value, Iso.Parse(b.End).Value, b.Parts.Select(ToPart).ToList()), ct));
            _budgets[b.Person] = created.BudgetId;
            Value(await app.SendAsync(new AgreeSupportPlan.Command(worker, $"demo:plan:{b.Person}", created.BudgetId, Iso.Parse(b.Start).Value,
                b.Plan.Outcomes.Select(o => new Outcome(o.Text, o.RecoveryPhase, o.CapitalDomain)).ToList(),
                b.Plan.Categories.Select(c => new PlanCategory(c.Category)).ToList()), ct));
            Value(await app.SendAsync(new ActivateBudget.Command(finance, $"demo:activate:{b.Person}", created.BudgetId), ct));
        }
        foreach (var t in file.TestBudgets)
        {
            var holder = t.Holder == "organisation" ? HolderKind.Organisation : HolderKind.Council;
            var actor = holder == HolderKind.Organisation ? _actors.Values.First(a => a.Role == Role.RecoveryWorker) : SocialWorkerOf(file, t.Person);
            // A recovery worker acts for a person only with their consent, recorded here by their social worker with them.
            if (actor.Role == Role.RecoveryWorker)
                Value(await app.SendAsync(new GiveConsent.Command(SocialWorkerOf(file, t.Person), $"demo:consent:{t.Person}", _people[t.Person],
                    ConsentKind.PeerWorker, actor.Id, null, SeeSummary: true, SeeStatements: true, ActOnTestBudget: true, Iso.Parse(t.Start).Value), ct));
            var created = Value(await app.SendAsync(new CreateTestBudget.Command(actor, $"demo:test-budget:{t.Person}", _people[t.Person],
                Iso.Parse(t.Start).Value, Money.FromPounds(t.Amount), holder, t.Organisation is null ? null : _organisations[t.Organisation],
                t.Outcomes.Select(o => new Outcome(o.Text, o.RecoveryPhase, o.CapitalDomain)).ToList(),
                t.Categories.Select(c => new PlanCategory(c)).ToList()), ct));
            _budgets[t.Person] = created.BudgetId;
            _outcomes[t.Person] = created.OutcomeIds;
            Value(await app.SendAsync(new PlanPurchase.Command(actor, $"demo:purchase:{t.Person}", created.BudgetId, created.OutcomeIds[0],
                $"First step towards: {t.Outcomes[0].Text}", Money.FromPounds(Math.Min(60, t.Amount)), t.Categories[0], Iso.Parse(t.Start).Value), ct));
        }

        var rows = ReadSpending(Path.Combine(samples, "spending.csv"));
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        var outcome = new Tally();
        var steps = new List<(LocalDate Date, int Order, Func<Task> Run)>();
        foreach (var run in file.PaymentRuns)
        {
            var date = Iso.Parse(run).Value;
            steps.Add((date, 0, async () =>
                outcome.Paid += Value(await app.SendAsync(new PaymentRun.Command(finance, $"demo:run:{run}", councilId, date), ct)).TotalPaid));
        }
        foreach (var a in file.Approvals)
        {
            steps.Add((Iso.Parse(a.RequestedOn).Value, 1, async () =>
            {
                await using var conn = await dataSource.OpenConnectionAsync(ct);
                var requester = await Who(conn, a.RequestedBy, ct);
                var id = Value(await app.SendAsync(new RequestApproval.Command(requester, $"demo:approval:{a.Name}", (await PartOf(conn, a.Person, a.Part, ct))!.Value,
                    Money.FromPounds(a.Amount), a.Category, a.Payee, a.Description), ct));
                Value(await app.SendAsync(new ApproveSpend.Command(_actors[a.ApprovedBy], $"demo:approve:{a.Name}", id, "Agreed at review"), ct));
                _approvals[a.Name] = id;
            }));
        }
        foreach (var f in file.FamilyAgreements)
            steps.Add((Iso.Parse(f.AgreedOn).Value, 1, async () => Value(await app.SendAsync(new RecordFamilyAgreement.Command(_actors[f.AgreedBy],
                $"demo:family:{f.Person}:{f.Payee}", _budgets[f.Person], f.Payee, f.Reason, Iso.Parse(f.AgreedOn).Value), ct))));
        foreach (var c in file.Commitments)
        {
            steps.Add((Iso.Parse(c.On).Value, 1, async () =>
            {
                await using var conn = await dataSource.OpenConnectionAsync(ct);
                Value(await app.SendAsync(new CommitFunds.Command(await Who(conn, c.Actor, ct), $"demo:commit:{c.Person}:{c.On}",
                    (await PartOf(conn, c.Person, c.Part, ct))!.Value, Money.FromPounds(c.Amount), c.Category, c.Payee, Iso.Parse(c.On).Value, c.Description), ct));
            }));
        }
        foreach (var note in file.Progress)
            steps.Add((Iso.Parse(note.On).Value, 3, async () => Value(await app.SendAsync(new RecordProgress.Command(_actors[note.By],
                $"demo:progress:{note.Person}:{note.On}", _budgets[note.Person], Iso.Parse(note.On).Value, note.WhatChanged, note.InOwnWords,
                note.Completed, note.Outcome is { } n ? _outcomes[note.Person][n - 1] : null), ct))));
        foreach (var (line, row) in rows)
            steps.Add((Iso.Parse(row.Date).Value, 2, () => SpendAsync(dataSource, line, row, outcome, ct)));

        progress($"Replaying three months: {file.PaymentRuns.Count} payment runs, {rows.Count} lines of spending, approvals, agreements and progress notes");
        foreach (var step in steps.OrderBy(s => s.Date).ThenBy(s => s.Order)) await step.Run();

        return new DemoOutcome(file.People.Count, file.Budgets.Count, file.TestBudgets.Count, file.PaymentRuns.Count,
            outcome.Paid, outcome.Spends, outcome.Spent, outcome.Refused, finance);
    }

    private async Task SpendAsync(NpgsqlDataSource dataSource, int line, SpendingRow row, Tally tally, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var actor = await Who(conn, row.Actor, ct);
        if (await PartOf(conn, row.Person, row.Part, ct) is not { } partId)
            throw new InvalidDataException($"spending.csv line {line}: {row.Person} has no budget with a part {row.Part}.");
        var amount = Money.FromPounds(decimal.Parse(row.Amount, CultureInfo.InvariantCulture));
        var result = await app.SendAsync(new RecordSpend.Command(actor, $"demo:spend:{row.Key}", partId, amount,
            row.Category, row.Payee, Iso.Parse(row.Date).Value, row.Description,
            Hours: string.IsNullOrEmpty(row.Hours) ? null : decimal.Parse(row.Hours, CultureInfo.InvariantCulture),
            PayeeIsFamily: row.Family == "yes", ConfirmDuplicate: row.ConfirmDuplicate == "yes",
            ApprovalId: string.IsNullOrEmpty(row.Approval) ? null : _approvals[row.Approval]), ct);
        if (result.Succeeded)
        {
            tally.Spends++;
            tally.Spent += amount;
        }
        else if (result.Refusal is { Code: RefusalCodes.IdempotencyConflict }) throw new SampleCouncilChangedException();
        else if (result.Refusal is { } r) tally.Refused.Add((line, row.Person, r));
        else throw new InvalidDataException($"spending.csv line {line}: {result}");
    }

    private Actor SocialWorkerOf(SampleCouncilFile file, string person) =>
        _actors[file.People.Single(p => p.Reference == person).SocialWorker];

    private static async Task<Actor> Who(NpgsqlConnection conn, string who, CancellationToken ct) =>
        (await ActorDirectory.FindAsync(conn, who, ct)).Actor ?? throw new InvalidDataException($"The samples name '{who}', who is not known.");

    private PartSpec ToPart(SamplePart p) => new((SdsOption)p.Option, Holders.Parse(p.Holder), Money.FromPounds(p.Amount),
        p.Organisation is null ? null : _organisations[p.Organisation]);

    private static async Task<Guid?> PartOf(NpgsqlConnection conn, string person, int position, CancellationToken ct) =>
        await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition("""
            SELECT p.id FROM sds.budget_parts p
              JOIN sds.budgets b ON b.id = p.budget_id JOIN sds.people pe ON pe.id = b.person_id
             WHERE pe.reference = @Person AND p.position = @Position
             ORDER BY b.created_at DESC LIMIT 1
            """, new { Person = person, Position = position }, cancellationToken: ct));

    private static List<(int Line, SpendingRow Row)> ReadSpending(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { PrepareHeaderForMatch = a => a.Header.ToLowerInvariant() });
        var rows = new List<(int, SpendingRow)>();
        while (csv.Read()) rows.Add((csv.Parser.RawRow, csv.GetRecord<SpendingRow>()));
        return rows;
    }

    private static T Value<T>(Result<T> result) =>
        result.Succeeded ? result.Value!
        : result.Refusal is { Code: RefusalCodes.IdempotencyConflict } ? throw new SampleCouncilChangedException()
        : throw new InvalidDataException($"The sample council did not load: {result}");

    private sealed class Tally
    {
        public Money Paid { get; set; }
        public Money Spent { get; set; }
        public int Spends { get; set; }
        public List<(int, string, Refusal)> Refused { get; } = [];
    }
}

/// <summary>
/// The database holds the sample council as an earlier version of samples/ described it: replaying the changed samples
/// with the same keys is (rightly) refused, so the demo needs a fresh database rather than a mix of the two.
/// </summary>
internal sealed class SampleCouncilChangedException() : Exception(
    "This database already holds the sample council as an earlier version of samples/ described it, and the samples have " +
    "changed since, so the demo cannot replay them without recording something twice. Load them into a fresh database: " +
    "run 'sdsledger db stop', delete the data directory (.sdsledger/pg unless SDSLEDGER_DATA or --data-dir says otherwise), " +
    "and run the demo again.");
