using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using NodaTime;
using SdsLedger.Database;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Councils;
using SdsLedger.Ledger;
using SdsLedger.Pipeline;

namespace SdsLedger.Bench;

/// <summary>How big the generated council is, and the day its ledger runs up to.</summary>
internal sealed record CouncilShape(int Budgets, long Postings, LocalDate AsOf)
{
    /// <summary>A year of a budget's money: its allocation, 4-weekly instalments and a few purchases a week.</summary>
    public const int PostingsPerBudget = 250;

    /// <summary>Reports and statements are as at the end of March 2026, the last month of a council's financial year.</summary>
    public static readonly LocalDate DefaultAsOf = new(2026, 3, 31);
}

/// <summary>A generated council's database, ready to read: its owner connection string and the council's finance officer.</summary>
internal sealed record BenchDatabase(string Name, string OwnerConnectionString, Actor Finance, long Postings, bool Reused, double SetupSeconds);

/// <summary>
/// Generates one council with many budgets and a year of realistic money in a database of its own, or reuses it when
/// a database of that name already holds a council of the same shape from the same generator (a marker row says so).
/// The council, its providers and workers go through the application's commands; people, budgets, parts, plans and
/// their accounts are written with COPY in the shape the commands write them; every ledger entry goes through the
/// ledger's batch writer (allocations, instalments keyed as the payment run keys them, and spends), in date order, with
/// each spend's sds.spends row copied beside it. Setup is not measured.
/// </summary>
internal sealed class BenchCouncil(RunLog progress)
{
    /// <summary>Raise when the generated data changes, so that cached databases are rebuilt.</summary>
    private const int GeneratorVersion = 3;

    private const int BatchEntries = 5_000;
    private const string Actor = "Bench finance officer";

    private const string MarkerSql = """
        CREATE SCHEMA bench;
        CREATE TABLE bench.marker (generator int NOT NULL, budgets int NOT NULL, postings bigint NOT NULL, as_of date NOT NULL,
                                   council_id uuid NOT NULL, seconds double precision NOT NULL, built_at timestamptz NOT NULL DEFAULT now());
        """;

    private static readonly string[] FirstNames = ["Ailsa", "Callum", "Morag", "Fraser", "Isla", "Ewan", "Catriona", "Douglas", "Elspeth", "Gregor",
        "Kirsty", "Lachlan", "Lorna", "Rhona", "Innes", "Struan", "Shona", "Ruaridh", "Eilidh", "Heather", "Alasdair", "Mhairi", "Niall", "Fiona"];
    private static readonly string[] LastNames = ["MacLeod", "Campbell", "Robertson", "Stewart", "Fraser", "Murray", "Reid", "Buchanan", "Urquhart",
        "Gillies", "Sinclair", "Paterson", "Morrison", "Baird", "Lamont", "Rennie", "Drummond", "Ross", "Henderson", "Shaw", "Tait", "Munro"];
    private static readonly string[] Outcomes = ["Get out to the shops on my own", "Keep my garden tidy", "Manage my own money with support",
        "See my friends at the café each week", "Stay living in my own home", "Get back into swimming", "Reconnect with my daughter",
        "Learn to cook on a budget", "Have a routine for my mornings", "Feel safe getting washed and dressed"];
    private static readonly string[] Phases = ["stabilisation", "maintenance", "recovery"];
    private static readonly string[] Domains = ["personal", "social", "community"];

    private static readonly Dictionary<string, (string Payee, string What)[]> Purchases = new()
    {
        ["personal-care"] = [("Kirkton Home Support", "Support with washing and dressing"), ("Bright Care Agency", "Support with washing and dressing")],
        ["social-activities"] = [("Men's Shed Kirkton", "Weekly group"), ("Community Café", "Lunch club")],
        ["leisure"] = [("Kirkton Leisure Centre", "Swimming and gym sessions"), ("Strathmore Swimming Club", "Swimming lessons")],
        ["transport"] = [("Kirkton Taxis", "Taxi to appointments"), ("Dial-a-Bus", "Bus to the day centre")],
        ["household-help"] = [("Garden Helpers", "Help around the house"), ("Tidy Homes", "Cleaning")],
        ["respite"] = [("Seaview Respite House", "Short break")],
        ["home-care"] = [("Council Home Care Team", "Home care visits")],
        ["day-support"] = [("Kirkton Day Centre", "Day centre sessions")],
        ["food"] = [("Kirkton Co-op", "Food for cooking classes")],
        ["education"] = [("Kirkton College", "Evening class")],
    };
    private static readonly string[] DirectCategories = ["personal-care", "social-activities", "leisure", "transport", "household-help", "respite"];
    private static readonly string[] ArrangedCategories = ["home-care", "day-support"];
    private static readonly string[] TestCategories = ["leisure", "food", "social-activities", "education"];

    // An hour of support from a provider, as recorded with the hours.
    private const long HourlyRate = 2_150;

    private readonly Random _random = new(20_260_331);

    /// <summary>The database named, holding a council of this shape: reused if it is there and current, otherwise built.</summary>
    public async Task<BenchDatabase> EnsureAsync(string admin, string name, CouncilShape shape, bool rebuild, CancellationToken ct)
    {
        var owner = new NpgsqlConnectionStringBuilder(admin) { Database = name, CommandTimeout = 0 }.ConnectionString;
        if (!rebuild && await ReusableAsync(admin, owner, name, shape, ct) is { } reused) return reused;

        var started = Stopwatch.GetTimestamp();
        progress.Report($"Building {name}: a council of {shape.Budgets:N0} budgets and about {shape.Postings:N0} postings up to {shape.AsOf:yyyy-MM-dd} (set once, then reused).");
        // The look for a marker left a pooled connection to the database that is about to be dropped.
        NpgsqlConnection.ClearAllPools();
        await Databases.RecreateAsync(admin, name, ct);
        Migrate(owner);
        var (councilId, finance, postings) = await GenerateAsync(owner, shape, ct);
        progress.Report("Vacuuming and analysing.");
        await Databases.ExecuteAsync(owner, "VACUUM (ANALYZE)", ct);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await Databases.ExecuteAsync(owner, MarkerSql, ct);
        await using (var conn = new NpgsqlConnection(owner))
        {
            await conn.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand("INSERT INTO bench.marker (generator, budgets, postings, as_of, council_id, seconds) VALUES ($1, $2, $3, $4, $5, $6)", conn)
            {
                Parameters = { new() { Value = GeneratorVersion }, new() { Value = shape.Budgets }, new() { Value = shape.Postings },
                               new() { Value = shape.AsOf.ToDateOnly() }, new() { Value = councilId }, new() { Value = seconds } },
            };
            await cmd.ExecuteNonQueryAsync(ct);
        }
        progress.Report($"Built {name} in {seconds:F0} s: {postings:N0} postings.");
        return new BenchDatabase(name, owner, finance, postings, Reused: false, seconds);
    }

    private async Task<BenchDatabase?> ReusableAsync(string admin, string owner, string name, CouncilShape shape, CancellationToken ct)
    {
        var exists = await Databases.ScalarAsync<bool>(admin, $"SELECT EXISTS (SELECT FROM pg_database WHERE datname = '{name}')", ct);
        if (!exists) return null;
        await using var conn = new NpgsqlConnection(owner);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            SELECT m.council_id, m.seconds, (SELECT count(*) FROM ledger.postings)
              FROM bench.marker m WHERE m.generator = $1 AND m.budgets = $2 AND m.postings = $3 AND m.as_of = $4
            """, conn)
        {
            Parameters = { new() { Value = GeneratorVersion }, new() { Value = shape.Budgets }, new() { Value = shape.Postings }, new() { Value = shape.AsOf.ToDateOnly() } },
        };
        try
        {
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return null;
            var (councilId, seconds, postings) = (reader.GetGuid(0), reader.GetDouble(1), reader.GetInt64(2));
            progress.Report($"Reusing {name}: built earlier in {seconds:F0} s, {postings:N0} postings. (--rebuild builds it again.)");
            await reader.DisposeAsync();
            // Migrations added since it was built (indexes, policies) are applied to it as to any database.
            Migrate(owner);
            await Databases.ExecuteAsync(owner, "ANALYZE", ct);
            return new BenchDatabase(name, owner, FinanceOf(councilId), postings, Reused: true, seconds);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            return null;
        }
    }

    private static void Migrate(string owner)
    {
        var migration = Migrator.Migrate(owner);
        if (!migration.Succeeded) throw new InvalidOperationException(migration.Describe());
    }

    /// <summary>The bench council's finance officer, the one its set-up registers: the same id whenever the council is reused.</summary>
    private static readonly Guid FinanceId = Guid.Parse("0193f000-0000-7000-8000-00000000f1aa");

    private static Actor FinanceOf(Guid? councilId) => new(FinanceId, Actor, Role.CouncilFinance, councilId);

    private async Task<(Guid CouncilId, Actor Finance, long Postings)> GenerateAsync(string owner, CouncilShape shape, CancellationToken ct)
    {
        await using var app = SdsLedgerApp.Create(owner);
        var councilId = Ok(await app.SendAsync(new SetUpCouncil.Command(FinanceOf(null), "bench:council", "bench-council", "Bench Council",
            "Self-directed support team, 01234 560 700, sds@bench.example", "bench-finance"), ct));
        var finance = FinanceOf(councilId);

        var providers = new List<(Guid Id, string Name)>();
        for (var i = 1; i <= Math.Max(2, shape.Budgets / 1_000); i++)
        {
            var providerName = $"Provider {i} Care and Support";
            providers.Add((Ok(await app.SendAsync(new RegisterOrganisation.Command(finance, $"bench:org:{i}", $"provider-{i}", providerName, "0141 496 0000"), ct)), providerName));
        }
        var socialWorkers = new List<Guid>();
        for (var i = 1; i <= Math.Max(1, shape.Budgets / 40); i++)
        {
            socialWorkers.Add(Ok(await app.SendAsync(new RegisterWorker.Command(finance, $"bench:worker:{i}", $"sw-{i}",
                $"{FirstNames[i % FirstNames.Length]} {LastNames[i / FirstNames.Length % LastNames.Length]} {i}", Role.SocialWorker, councilId, null), ct)));
        }
        progress.Report($"Council, {providers.Count} providers and {socialWorkers.Count} social workers set up through the commands.");

        var funding = await Databases.ScalarAsync<Guid>(owner, $"SELECT funding_account FROM sds.councils WHERE id = '{councilId}'", ct);
        var budgets = Plan(shape, councilId, providers, socialWorkers);
        await CopyBudgetsAsync(owner, councilId, budgets, shape.AsOf, ct);
        progress.Report($"Copied {budgets.Count:N0} people and budgets with {budgets.Sum(b => b.Parts.Count):N0} parts and their accounts.");

        await using var dataSource = LedgerDataSource.Create(owner);
        var postings = await PostLedgerAsync(owner, dataSource, new AccountId(funding), budgets, shape, ct);
        return (councilId, finance, postings);
    }

    private sealed class BenchBudget
    {
        public Guid Id { get; } = Guid.CreateVersion7();
        public Guid PersonId { get; } = Guid.CreateVersion7();
        public required string Reference { get; init; }
        public required string Name { get; init; }
        public required StatementFormat Format { get; init; }
        public required Guid SocialWorker { get; init; }
        public required bool IsTest { get; init; }
        public required LocalDate Start { get; init; }
        public required LocalDate End { get; init; }
        public List<BenchPart> Parts { get; } = [];
        public List<(Guid Id, string Text)> Outcomes { get; } = [];
    }

    private sealed class BenchPart
    {
        public Guid Id { get; } = Guid.CreateVersion7();
        public required SdsOption Option { get; init; }
        public required string HolderKind { get; init; }
        public Guid? Organisation { get; init; }
        public required string HolderName { get; init; }
        public required long Amount { get; init; }
        public required int InstalmentWeeks { get; init; }
        public required string[] Categories { get; init; }
        public Guid Allocation { get; } = Guid.CreateVersion7();
        public Guid Held { get; } = Guid.CreateVersion7();
        public Guid Returned { get; } = Guid.CreateVersion7();
        public Guid[] Spent { get; set; } = [];
        public Guid Source => Option == SdsOption.CouncilArranged ? Allocation : Held;

        /// <summary>What the part's spending account holds now, as the generator posts.</summary>
        public long Available { get; set; }

        /// <summary>How much of its weekly money this person tends to spend: some underspend, and build up a surplus.</summary>
        public double Pace { get; init; }
    }

    // The realistic mix of what people ask for: 70% standard print, 20% large print, 10% Easy Read.
    private static StatementFormat StatementFormatOf(double draw) =>
        draw < 0.7 ? StatementFormat.Standard : draw < 0.9 ? StatementFormat.LargePrint : StatementFormat.EasyRead;

    private List<BenchBudget> Plan(CouncilShape shape, Guid councilId, List<(Guid Id, string Name)> providers, List<Guid> socialWorkers)
    {
        var budgets = new List<BenchBudget>(shape.Budgets);
        var yearStart = new LocalDate(shape.AsOf.Year - 1, 4, 1);
        for (var i = 0; i < shape.Budgets; i++)
        {
            var isTest = i % 10 == 9;
            var start = isTest
                ? shape.AsOf.PlusWeeks(-_random.Next(1, 12))
                : _random.NextDouble() < 0.6 ? yearStart : yearStart.PlusMonths(_random.Next(1, 12));
            var budget = new BenchBudget
            {
                Reference = $"BC-{i + 1:D6}",
                Name = $"{FirstNames[_random.Next(FirstNames.Length)]} {LastNames[_random.Next(LastNames.Length)]}",
                Format = StatementFormatOf(_random.NextDouble()),
                SocialWorker = socialWorkers[i % socialWorkers.Count],
                IsTest = isTest,
                Start = start,
                End = isTest ? start.PlusWeeks(12).PlusDays(-1) : start.PlusYears(1).PlusDays(-1),
            };
            if (isTest)
            {
                var byProvider = _random.NextDouble() < 0.7;
                var provider = providers[_random.Next(providers.Count)];
                budget.Parts.Add(new BenchPart
                {
                    Option = SdsOption.DirectedSupport, HolderKind = byProvider ? "organisation" : "council",
                    Organisation = byProvider ? provider.Id : null, HolderName = byProvider ? provider.Name : "Bench Council",
                    Amount = _random.Next(5, 26) * 1_000, InstalmentWeeks = 0, Categories = Pick(TestCategories, 2), Pace = 0.8,
                });
            }
            else
            {
                var kind = _random.NextDouble();
                SdsOption[] options = kind < 0.35 ? [SdsOption.DirectPayment] : kind < 0.6 ? [SdsOption.DirectedSupport] : kind < 0.85 ? [SdsOption.CouncilArranged]
                    : new[] { SdsOption.DirectPayment, SdsOption.DirectedSupport, SdsOption.CouncilArranged }.Take(_random.Next(2, 4)).ToArray();
                foreach (var option in options)
                {
                    var provider = providers[_random.Next(providers.Count)];
                    budget.Parts.Add(new BenchPart
                    {
                        Option = option,
                        HolderKind = option switch { SdsOption.DirectPayment => "person", SdsOption.DirectedSupport => "organisation", _ => "council" },
                        Organisation = option == SdsOption.DirectedSupport ? provider.Id : null,
                        HolderName = option switch { SdsOption.DirectPayment => budget.Name, SdsOption.DirectedSupport => provider.Name, _ => "Bench Council" },
                        Amount = _random.Next(52, 600) * 5_200L,
                        InstalmentWeeks = 4,
                        Categories = option == SdsOption.CouncilArranged ? Pick(ArrangedCategories, 1)
                            : option == SdsOption.DirectedSupport ? ["personal-care", "social-activities"] : Pick(DirectCategories, 3),
                        Pace = _random.NextDouble() < 0.15 ? 0.3 + 0.3 * _random.NextDouble() : 0.8 + 0.25 * _random.NextDouble(),
                    });
                }
            }
            for (var o = 0; o < _random.Next(1, 4); o++) budget.Outcomes.Add((Guid.CreateVersion7(), Outcomes[_random.Next(Outcomes.Length)]));
            budgets.Add(budget);
        }
        return budgets;
    }

    private string[] Pick(string[] from, int most) => from.OrderBy(_ => _random.Next()).Take(_random.Next(1, most + 1)).ToArray();

    private async Task CopyBudgetsAsync(string owner, Guid councilId, List<BenchBudget> budgets, LocalDate asOf, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(owner);
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);

        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY sds.people (id, council_id, reference, name, date_of_birth, contact, statement_format, social_worker_id) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var b in budgets)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(b.PersonId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(councilId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(b.Reference, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(b.Name, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(new DateOnly(1940 + _random.Next(60), 1 + _random.Next(12), 1 + _random.Next(28)), NpgsqlDbType.Date, ct);
                await copy.WriteAsync($"{1 + _random.Next(200)} High Street, Kirkton KT{1 + _random.Next(9)} 1AB", NpgsqlDbType.Text, ct);
                await copy.WriteAsync(b.Format.Code(), NpgsqlDbType.Text, ct);
                await copy.WriteAsync(b.SocialWorker, NpgsqlDbType.Uuid, ct);
            }
            await copy.CompleteAsync(ct);
        }

        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY sds.budgets (id, council_id, person_id, is_test, period_start, period_end, agreed_total, status, created_by_id) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var b in budgets)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(b.Id, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(councilId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(b.PersonId, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(b.IsTest, NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync(b.Start.ToDateOnly(), NpgsqlDbType.Date, ct);
                await copy.WriteAsync(b.End.ToDateOnly(), NpgsqlDbType.Date, ct);
                await copy.WriteAsync(b.Parts.Sum(p => p.Amount), NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync("active", NpgsqlDbType.Text, ct);
                await copy.WriteAsync(FinanceId, NpgsqlDbType.Uuid, ct);
            }
            await copy.CompleteAsync(ct);
        }

        // Accounts first: the parts refer to them. Each part's spent:<category> accounts, as a first spend opens them.
        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY ledger.accounts (id, owner_kind, owner_id, kind, name, allow_negative, council_id, person_id) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var b in budgets)
            {
                foreach (var p in b.Parts)
                {
                    p.Spent = p.Categories.Select(_ => Guid.CreateVersion7()).ToArray();
                    await AccountAsync(copy, councilId, b.PersonId, p.Allocation, p.Id, "allocation", "Allocation", ct);
                    await AccountAsync(copy, councilId, b.PersonId, p.Held, p.Id, "held", "Held for spending", ct);
                    await AccountAsync(copy, councilId, b.PersonId, p.Returned, p.Id, "returned", "Returned to the council", ct);
                    for (var c = 0; c < p.Categories.Length; c++)
                        await AccountAsync(copy, councilId, b.PersonId, p.Spent[c], p.Id, $"spent:{p.Categories[c]}", $"Spent on {p.Categories[c]}", ct);
                }
            }
            await copy.CompleteAsync(ct);
        }
        await using (var cmd = new NpgsqlCommand("""
            INSERT INTO ledger.balances (account_id, council_id, person_id)
            SELECT a.id, a.council_id, a.person_id FROM ledger.accounts a WHERE NOT EXISTS (SELECT FROM ledger.balances b WHERE b.account_id = a.id)
            """, conn, tx))
            await cmd.ExecuteNonQueryAsync(ct);

        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY sds.budget_parts (id, budget_id, position, option, holder_kind, holder_organisation_id, holder_name, amount, instalment_weeks, " +
            "allocation_account, held_account, returned_account) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var b in budgets)
            {
                for (var i = 0; i < b.Parts.Count; i++)
                {
                    var p = b.Parts[i];
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(p.Id, NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(b.Id, NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(i + 1, NpgsqlDbType.Integer, ct);
                    await copy.WriteAsync((short)p.Option, NpgsqlDbType.Smallint, ct);
                    await copy.WriteAsync(p.HolderKind, NpgsqlDbType.Text, ct);
                    if (p.Organisation is { } org) await copy.WriteAsync(org, NpgsqlDbType.Uuid, ct);
                    else await copy.WriteNullAsync(ct);
                    await copy.WriteAsync(p.HolderName, NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(p.Amount, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(p.InstalmentWeeks, NpgsqlDbType.Integer, ct);
                    await copy.WriteAsync(p.Allocation, NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(p.Held, NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(p.Returned, NpgsqlDbType.Uuid, ct);
                }
            }
            await copy.CompleteAsync(ct);
        }

        await using (var copy = await conn.BeginBinaryImportAsync("COPY sds.part_categories (part_id, category, account_id) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var p in budgets.SelectMany(b => b.Parts))
            {
                for (var c = 0; c < p.Categories.Length; c++)
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(p.Id, NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(p.Categories[c], NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(p.Spent[c], NpgsqlDbType.Uuid, ct);
                }
            }
            await copy.CompleteAsync(ct);
        }

        await using (var copy = await conn.BeginBinaryImportAsync("COPY sds.support_plans (budget_id, agreed_on, agreed_by_id) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var b in budgets)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(b.Id, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(b.Start.ToDateOnly(), NpgsqlDbType.Date, ct);
                await copy.WriteAsync(FinanceId, NpgsqlDbType.Uuid, ct);
            }
            await copy.CompleteAsync(ct);
        }

        await using (var copy = await conn.BeginBinaryImportAsync("COPY sds.plan_categories (budget_id, category) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var b in budgets)
            {
                foreach (var category in b.Parts.SelectMany(p => p.Categories).Distinct())
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(b.Id, NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(category, NpgsqlDbType.Text, ct);
                }
            }
            await copy.CompleteAsync(ct);
        }

        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY sds.plan_outcomes (id, budget_id, position, text, recovery_phase, capital_domain) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var b in budgets)
            {
                for (var i = 0; i < b.Outcomes.Count; i++)
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(b.Outcomes[i].Id, NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(b.Id, NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(i + 1, NpgsqlDbType.Integer, ct);
                    await copy.WriteAsync(b.Outcomes[i].Text, NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(Phases[_random.Next(Phases.Length)], NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(Domains[_random.Next(Domains.Length)], NpgsqlDbType.Text, ct);
                }
            }
            await copy.CompleteAsync(ct);
        }

        // Reviews as a budget is created with them; those well past are done.
        await using (var copy = await conn.BeginBinaryImportAsync("COPY sds.reviews (budget_id, due_on, done_on) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var b in budgets)
            {
                foreach (var due in new BudgetPeriod(b.Start, b.End).ReviewDates())
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(b.Id, NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(due.ToDateOnly(), NpgsqlDbType.Date, ct);
                    if (due < asOf.PlusDays(-14) && _random.NextDouble() < 0.9) await copy.WriteAsync(due.PlusDays(_random.Next(0, 10)).ToDateOnly(), NpgsqlDbType.Date, ct);
                    else await copy.WriteNullAsync(ct);
                }
            }
            await copy.CompleteAsync(ct);
        }

        // Test budgets' progress, in the person's words now and then; a few requests waiting for a second approver.
        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY sds.progress_notes (id, budget_id, outcome_id, noted_on, recorded_by_id, what_changed, in_own_words, completed) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var b in budgets.Where(b => b.IsTest))
            {
                for (var n = 0; n < _random.Next(0, 4); n++)
                {
                    var noted = b.Start.PlusDays(7 * (n + 1));
                    if (noted > asOf) break;
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(b.Id, NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(b.Outcomes[n % b.Outcomes.Count].Id, NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(noted.ToDateOnly(), NpgsqlDbType.Date, ct);
                    await copy.WriteAsync(b.SocialWorker, NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync("Went twice this week and planned the next step", NpgsqlDbType.Text, ct);
                    await copy.WriteAsync("I feel more like myself", NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(n == 2, NpgsqlDbType.Boolean, ct);
                }
            }
            await copy.CompleteAsync(ct);
        }
        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY sds.approvals (id, part_id, amount, category, payee, description, requested_by_id) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var p in budgets.Where(b => !b.IsTest).SelectMany(b => b.Parts).Where(_ => _random.NextDouble() < 0.01))
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(p.Id, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync(40_000L, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(p.Categories[0], NpgsqlDbType.Text, ct);
                await copy.WriteAsync("Kirkton Mobility", NpgsqlDbType.Text, ct);
                await copy.WriteAsync("A riser chair", NpgsqlDbType.Text, ct);
                await copy.WriteAsync(FinanceId, NpgsqlDbType.Uuid, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    private static async Task AccountAsync(NpgsqlBinaryImporter copy, Guid council, Guid person, Guid id, Guid part, string kind, string name,
                                           CancellationToken ct)
    {
        await copy.StartRowAsync(ct);
        await copy.WriteAsync(id, NpgsqlDbType.Uuid, ct);
        await copy.WriteAsync("budget_part", NpgsqlDbType.Text, ct);
        await copy.WriteAsync(part, NpgsqlDbType.Uuid, ct);
        await copy.WriteAsync(kind, NpgsqlDbType.Text, ct);
        await copy.WriteAsync(name, NpgsqlDbType.Text, ct);
        await copy.WriteAsync(false, NpgsqlDbType.Boolean, ct);
        await copy.WriteAsync(council, NpgsqlDbType.Uuid, ct);
        await copy.WriteAsync(person, NpgsqlDbType.Uuid, ct);
    }

    /// <summary>
    /// Week by week up to the as-of day: allocations on each budget's first day, instalments when due, then the week's
    /// spends, which never take a part below zero. Spends are spread to reach about the shape's postings in all.
    /// </summary>
    private async Task<long> PostLedgerAsync(string owner, NpgsqlDataSource dataSource, AccountId funding, List<BenchBudget> budgets, CouncilShape shape,
                                             CancellationToken ct)
    {
        var parts = budgets.SelectMany(b => b.Parts.Select(p => (Budget: b, Part: p))).ToList();
        var instalments = parts
            .Where(x => x.Part.Option != SdsOption.CouncilArranged)
            .SelectMany(x => InstalmentSchedule.For(new BudgetPeriod(x.Budget.Start, x.Budget.End), Money.FromPence(x.Part.Amount), x.Part.InstalmentWeeks)
                .Where(i => i.Due <= shape.AsOf).Select(i => (x.Part, i.Due, i.Amount)))
            .ToLookup(i => i.Due);
        var first = budgets.Min(b => b.Start);
        var partWeeks = parts.Sum(x => Math.Max(0, Period.Between(x.Budget.Start, Min(x.Budget.End, shape.AsOf), PeriodUnits.Days).Days + 1) / 7.0);
        var entriesForSpends = shape.Postings / 2 - parts.Count - instalments.Sum(g => g.Count());
        var spendsPerPartWeek = Math.Max(0.0, entriesForSpends / partWeeks);
        progress.Report($"Posting a year to {shape.AsOf:yyyy-MM-dd}: {parts.Count:N0} allocations, {instalments.Sum(g => g.Count()):N0} instalments and about " +
                        $"{entriesForSpends:N0} spends ({spendsPerPartWeek:F1} a part a week) through the ledger's batch writer.");

        var batch = new LedgerBatch(dataSource);
        var pending = new List<PostingRequest>(BatchEntries);
        var spends = new List<SpendRow>(BatchEntries);
        var posted = 0L;
        var started = Stopwatch.GetTimestamp();
        var nextReport = 500_000L;

        async Task FlushAsync()
        {
            if (pending.Count == 0) return;
            var result = await batch.PostAsync(pending, ct);
            if (!result.Succeeded || result.Posted != pending.Count)
                throw new InvalidOperationException($"A batch of {pending.Count:N0} entries was not posted whole: {result.Status} {result.Problem}");
            await CopySpendsAsync(owner, spends, ct);
            posted += 2L * pending.Count;
            pending.Clear();
            spends.Clear();
            if (posted >= nextReport)
            {
                progress.Report($"  {posted:N0} postings, {posted / Stopwatch.GetElapsedTime(started).TotalSeconds:N0} postings/s.");
                nextReport += 500_000;
            }
        }

        async Task AddAsync(PostingRequest request)
        {
            pending.Add(request);
            if (pending.Count == BatchEntries) await FlushAsync();
        }

        for (var day = first; day <= shape.AsOf; day = day.PlusDays(1))
        {
            foreach (var (budget, part) in parts.Where(x => x.Budget.Start == day))
            {
                await AddAsync(new PostingRequest(EntryKind.Allocation, day, FinanceId.ToString(), "Budget agreed by the council", $"allocation:{part.Id}",
                    [new Posting(funding, -Money.FromPence(part.Amount)), new Posting(new AccountId(part.Allocation), Money.FromPence(part.Amount))]));
                if (part.Option == SdsOption.CouncilArranged) part.Available = part.Amount;
            }
            foreach (var (part, due, amount) in instalments[day])
            {
                // As the payment run keys and describes an instalment, so a real payment run would find it paid.
                await AddAsync(new PostingRequest(EntryKind.Instalment, due, Features.Payments.DueInstalments.PaidBy, $"Instalment due {due:yyyy-MM-dd}", $"instalment:{part.Id}:{due:yyyy-MM-dd}",
                    [new Posting(new AccountId(part.Allocation), -amount), new Posting(new AccountId(part.Held), amount)]));
                part.Available += amount.Pence;
            }
            // A week's spending is spread over its days: each day, a seventh of each part's weekly number of spends.
            foreach (var (budget, part) in parts)
            {
                if (day < budget.Start || day > budget.End) continue;
                var expected = spendsPerPartWeek / 7.0;
                var count = (int)expected + (_random.NextDouble() < expected - (int)expected ? 1 : 0);
                for (var s = 0; s < count; s++)
                {
                    var weekly = InstalmentSchedule.Weekly(new BudgetPeriod(budget.Start, budget.End), Money.FromPence(part.Amount)).Pence;
                    var c = _random.Next(part.Categories.Length);
                    var category = part.Categories[c];
                    decimal? hours = null;
                    long amount;
                    if (part.Option == SdsOption.DirectedSupport && category == "personal-care")
                    {
                        hours = Math.Max(1, (int)Math.Round(weekly * part.Pace / spendsPerPartWeek / HourlyRate * (0.5 + _random.NextDouble())));
                        amount = (long)hours.Value * HourlyRate;
                    }
                    else amount = Math.Max(100, (long)(weekly * part.Pace / spendsPerPartWeek * (0.5 + _random.NextDouble())));
                    if (amount > part.Available) continue;
                    part.Available -= amount;
                    var (payee, what) = Purchases[category][_random.Next(Purchases[category].Length)];
                    var request = new PostingRequest(EntryKind.Spend, day, FinanceId.ToString(), $"{what} ({payee})", $"bench-spend:{Guid.NewGuid():N}",
                        [new Posting(new AccountId(part.Source), -Money.FromPence(amount)), new Posting(new AccountId(part.Spent[c]), Money.FromPence(amount))]);
                    spends.Add(new SpendRow(request.Id.Value, part.Id, category, payee, day, amount, what, hours));
                    await AddAsync(request);
                }
            }
        }
        await FlushAsync();
        progress.Report($"Posted {posted:N0} postings in {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s.");
        return posted;
    }

    private static LocalDate Min(LocalDate a, LocalDate b) => a < b ? a : b;

    private sealed record SpendRow(Guid EntryId, Guid PartId, string Category, string Payee, LocalDate On, long Amount, string What, decimal? Hours);

    private static async Task CopySpendsAsync(string owner, List<SpendRow> spends, CancellationToken ct)
    {
        if (spends.Count == 0) return;
        await using var conn = new NpgsqlConnection(owner);
        await conn.OpenAsync(ct);
        await using var copy = await conn.BeginBinaryImportAsync(
            "COPY sds.spends (entry_id, part_id, category, payee, spent_on, amount, description, hours, recorded_by_id) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var s in spends)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(s.EntryId, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(s.PartId, NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(s.Category, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(s.Payee, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(s.On.ToDateOnly(), NpgsqlDbType.Date, ct);
            await copy.WriteAsync(s.Amount, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(s.What, NpgsqlDbType.Text, ct);
            if (s.Hours is { } h) await copy.WriteAsync(h, NpgsqlDbType.Numeric, ct);
            else await copy.WriteNullAsync(ct);
            await copy.WriteAsync(FinanceId, NpgsqlDbType.Uuid, ct);
        }
        await copy.CompleteAsync(ct);
    }

    private static T Ok<T>(Result<T> result) =>
        result.Succeeded ? result.Value! : throw new InvalidOperationException($"Setting up the bench council failed: {result}");
}
