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
using SdsLedger.Features.Budgets;
using SdsLedger.Features.Councils;
using SdsLedger.Features.People;
using SdsLedger.Features.Plans;
using SdsLedger.Features.Payments;
using SdsLedger.Features.Shared;
using SdsLedger.Features.Spending;
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

    /// <summary>Names the row by its content, so editing the samples never replays an old answer for a different row.</summary>
    public string Key => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
        string.Join('|', Date, Person, Part, Actor, Category, Payee, Amount, Description, Hours, Family, ConfirmDuplicate))))[..24];
}

/// <summary>What loading the sample council did: money paid, spends recorded, and each refusal with its reason.</summary>
internal sealed record DemoOutcome(int People, int Budgets, int PaymentRuns, Money Paid, int Spends, Money Spent,
                                   IReadOnlyList<(int Line, string Person, Refusal Refusal)> Refused);

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
    private readonly Dictionary<string, Actor> _actors = [];

    public async Task<DemoOutcome> LoadAsync(string samples, CancellationToken ct)
    {
        var file = SampleCouncilFile.Read(Path.Combine(samples, "council.json"));
        var setupWorker = file.Workers.First(w => w.Role == "council-finance");

        progress($"Setting up {file.Council.Name}");
        var councilId = Value(await app.SendAsync(new SetUpCouncil.Command(new Actor(setupWorker.Name, Role.CouncilFinance, null),
            "demo:council", file.Council.Code, file.Council.Name, file.Council.Contact), ct));
        var finance = new Actor(setupWorker.Name, Role.CouncilFinance, councilId);

        foreach (var o in file.Organisations)
            _organisations[o.Code] = Value(await app.SendAsync(new RegisterOrganisation.Command(finance, $"demo:org:{o.Code}", o.Code, o.Name, o.Contact), ct));
        foreach (var w in file.Workers)
        {
            Roles.TryParse(w.Role, out var role);
            var org = w.Organisation is null ? (Guid?)null : _organisations[w.Organisation];
            var council = role is Role.Provider or Role.RecoveryWorker ? (Guid?)null : councilId;
            _workers[w.Code] = Value(await app.SendAsync(new RegisterWorker.Command(finance, $"demo:worker:{w.Code}", w.Code, w.Name, role, council, org), ct));
            _actors[w.Code] = new Actor(w.Name, role, council, org);
        }

        progress($"Registering {file.People.Count} people");
        foreach (var p in file.People)
        {
            _people[p.Reference] = Value(await app.SendAsync(new RegisterPerson.Command(_actors[p.SocialWorker], $"demo:person:{p.Reference}", p.Reference, p.Name,
                Iso.Parse(p.DateOfBirth).Value, p.Contact,
                p.Format == "large-print" ? RegisterPerson.StatementFormat.LargePrint : RegisterPerson.StatementFormat.Standard,
                _workers[p.SocialWorker]), ct));
        }

        progress($"Agreeing {file.Budgets.Count} budgets and their support plans");
        foreach (var b in file.Budgets)
        {
            var person = file.People.Single(p => p.Reference == b.Person);
            var worker = _actors[person.SocialWorker];
            var parts = b.Parts.Select(ToPart).ToList();
            var created = Value(await app.SendAsync(new CreateBudget.Command(worker, $"demo:budget:{b.Person}", _people[b.Person],
                Iso.Parse(b.Start).Value, Iso.Parse(b.End).Value, parts), ct));
            Value(await app.SendAsync(new AgreeSupportPlan.Command(worker, $"demo:plan:{b.Person}", created.BudgetId, Iso.Parse(b.Start).Value,
                b.Plan.Outcomes.Select(o => new Outcome(o.Text, o.RecoveryPhase, o.CapitalDomain)).ToList(),
                b.Plan.Categories.Select(c => new PlanCategory(c.Category)).ToList()), ct));
            Value(await app.SendAsync(new ActivateBudget.Command(finance, $"demo:activate:{b.Person}", created.BudgetId), ct));
        }

        var rows = ReadSpending(Path.Combine(samples, "spending.csv"));
        var events = file.PaymentRuns.Select(d => (Date: Iso.Parse(d).Value, Run: true, Line: 0, Row: (SpendingRow?)null))
            .Concat(rows.Select(r => (Date: Iso.Parse(r.Row.Date).Value, Run: false, r.Line, Row: (SpendingRow?)r.Row)))
            .OrderBy(e => e.Date).ThenBy(e => e.Run ? 0 : 1).ThenBy(e => e.Line)
            .ToList();

        progress($"Replaying {file.PaymentRuns.Count} payment runs and {rows.Count} lines of spending");
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        var paid = Money.Zero;
        var spent = Money.Zero;
        var spends = 0;
        var refused = new List<(int, string, Refusal)>();
        foreach (var e in events)
        {
            if (e.Run)
            {
                var run = Value(await app.SendAsync(new PaymentRun.Command(finance, $"demo:run:{e.Date:yyyy-MM-dd}", councilId, e.Date), ct));
                paid += run.TotalPaid;
                continue;
            }

            var row = e.Row!;
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            var actor = await ActorDirectory.FindAsync(conn, row.Actor, ct)
                        ?? throw new InvalidDataException($"spending.csv line {e.Line}: nobody is known as '{row.Actor}'.");
            if (await PartOf(conn, row.Person, row.Part, ct) is not { } partId)
            {
                refused.Add((e.Line, row.Person, new Refusal(RefusalCodes.NotFound, $"{row.Person} has no budget with a part {row.Part}.")));
                continue;
            }
            var result = await app.SendAsync(new RecordSpend.Command(actor, $"demo:spend:{row.Key}", partId, Money.FromPounds(decimal.Parse(row.Amount, CultureInfo.InvariantCulture)),
                row.Category, row.Payee, e.Date, row.Description,
                Hours: string.IsNullOrEmpty(row.Hours) ? null : decimal.Parse(row.Hours, CultureInfo.InvariantCulture),
                PayeeIsFamily: row.Family == "yes", ConfirmDuplicate: row.ConfirmDuplicate == "yes"), ct);
            if (result.Succeeded)
            {
                spends++;
                spent += Money.FromPounds(decimal.Parse(row.Amount, CultureInfo.InvariantCulture));
            }
            else if (result.Refusal is { } r) refused.Add((e.Line, row.Person, r));
            else throw new InvalidDataException($"spending.csv line {e.Line}: {result}");
        }

        return new DemoOutcome(file.People.Count, file.Budgets.Count, file.PaymentRuns.Count, paid, spends, spent, refused);
    }

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
        result.Succeeded ? result.Value! : throw new InvalidDataException($"The sample council did not load: {result}");
}
