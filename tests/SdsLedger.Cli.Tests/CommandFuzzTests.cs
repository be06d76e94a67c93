using Xunit.Abstractions;

namespace SdsLedger.Cli.Tests;

/// <summary>
/// Bad invocations of the verbs that act, seeded and bounded: whatever is typed, sdsledger answers with a usage error or
/// a refusal naming what to put right (exit 1 or 2), never an internal error (exit 4) or a stack trace, and writes no
/// money for a command it did not accept.
/// </summary>
public sealed class CommandFuzzTests(CliWorld world, ITestOutputHelper output) : IClassFixture<CliWorld>, IDisposable
{
    private const int Invocations = 240;
    private readonly CommandRun _sdsledger = new CommandRun().With("SDSLEDGER_DB", world.ConnectionString);

    public void Dispose() => _sdsledger.Dispose();

    private static readonly string[] BadValues =
    [
        "", " ", "\0", "a\0b", "\u001b[31mred", "\u202eevil", "\u200b", "\t\n", new string('x', 5_000), "-1", "0", "-0.01", "12.345",
        "99999999999999999999", "1e309", "NaN", "£", "£-5", "9999-12-31", "0001-01-01", "2026-02-30", "31/31/2026", "yes please",
        "'; DROP TABLE sds.spends; --", "person:", "person:NOBODY", "{\"a\":1}", "..", "/dev/null", "\\u0000", "\ud800",
    ];

    /// <summary>A verb and its options with the values a person would give; the fuzz spoils some of them.</summary>
    private static IReadOnlyList<(string[] Verb, (string Option, string Good)[] Options)> Verbs(string person) =>
    [
        (["spend"], [("--budget", person), ("--part-no", "1"), ("--amount", "5"), ("--category", "leisure"), ("--payee", "Kirkton Leisure Centre"),
            ("--description", "Swim"), ("--date", "2026-10-10"), ("--as", $"person:{person}")]),
        (["commit"], [("--budget", person), ("--part-no", "1"), ("--amount", "5"), ("--category", "leisure"), ("--payee", "Gym"),
            ("--description", "Gym"), ("--date", "2026-10-10"), ("--as", $"person:{person}")]),
        (["person", "add"], [("--ref", "FZ-1"), ("--name", "Fuzz Person"), ("--born", "1980-01-01"), ("--contact", "1 Main St"), ("--as", CliWorld.SocialWorker)]),
        (["budget", "create"], [("--person", person), ("--from", "2026-10-01"), ("--to", "2027-03-31"), ("--part", "option=1,holder=person,amount=100"),
            ("--as", CliWorld.SocialWorker)]),
        (["payment-run"], [("--date", "2026-10-01"), ("--as", CliWorld.Finance)]),
        (["approval", "request"], [("--budget", person), ("--part-no", "1"), ("--amount", "300"), ("--category", "leisure"), ("--payee", "Bike shop"),
            ("--description", "A bike"), ("--as", $"person:{person}")]),
        (["family", "member"], [("--person", person), ("--name", "Mary Test"), ("--relationship", "sister"), ("--as", CliWorld.SocialWorker)]),
        (["person", "sign-in"], [("--ref", person), ("--email", "jo.test@example.com"), ("--mobile", "07700 900123"), ("--as", CliWorld.SocialWorker)]),
        (["council", "rules", "set"], [("--approval-threshold", "300"), ("--as", CliWorld.Finance)]),
        (["report", "caseload"], [("--as-of", "2026-10-31"), ("--out", "caseload.csv"), ("--as", CliWorld.Finance)]),
        (["budget", "show"], [("--budget", person), ("--as", CliWorld.SocialWorker)]),
    ];

    [Fact]
    public async Task Two_hundred_bad_invocations_never_end_in_an_internal_error_and_write_no_money_unless_accepted()
    {
        var seed = Environment.GetEnvironmentVariable("SDSLEDGER_FUZZ_SEED") is { } given ? int.Parse(given, System.Globalization.CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"CLI fuzz seed {seed} (SDSLEDGER_FUZZ_SEED={seed} replays it).");
        var random = new Random(seed);
        var person = await world.PersonWithBudgetAsync();
        var verbs = Verbs(person);
        var exits = new Dictionary<int, int>();

        for (var i = 0; i < Invocations; i++)
        {
            var (verb, options) = verbs[random.Next(verbs.Count)];
            var args = new List<string>(verb);
            foreach (var (option, good) in options)
            {
                var roll = random.NextDouble();
                if (roll < 0.04) continue;                                                 // left out
                args.Add(roll < 0.05 ? option + "x" : option);                             // misspelt
                if (roll < 0.2) args.Add(BadValues[random.Next(BadValues.Length)]);       // spoilt
                else if (roll > 0.97) { }                                                  // value missing
                else args.Add(good);
            }
            if (random.NextDouble() < 0.1) args.Add(BadValues[random.Next(BadValues.Length)]);  // something extra
            var entries = await world.LedgerEntriesAsync();

            var result = await _sdsledger.RunAsync([.. args]);

            exits[result.ExitCode] = exits.GetValueOrDefault(result.ExitCode) + 1;
            var shown = string.Join(' ', args.Select(a => a.Length > 40 ? a[..40] + "…" : a));
            result.ExitCode.Should().NotBe(ExitCodes.Internal, "seed {0}, invocation {1}: sdsledger {2}\n{3}", seed, i, shown, result.Everything);
            result.Everything.Should().NotContain("   at ", "seed {0}: no stack trace for sdsledger {1}", seed, shown)
                .And.NotContain("\u001b[31m", "seed {0}: an escape typed in is never echoed", seed);
            if (result.ExitCode != ExitCodes.Ok)
                (await world.LedgerEntriesAsync()).Should().Be(entries, "seed {0}: a command not accepted writes no money: sdsledger {1}", seed, shown);
        }
        output.WriteLine("Exit codes: " + string.Join(", ", exits.OrderBy(e => e.Key).Select(e => $"{e.Key} × {e.Value}")));
        exits.Keys.Should().Contain(ExitCodes.Refused, "the fuzz reaches the commands' own checks, not only the parser");
    }
}
