using System.Text.Json;
using SdsLedger.Testing;

namespace SdsLedger.Cli.Tests;

/// <summary>The README's "Using the CLI" walkthrough, from an empty database, through the command line alone.</summary>
public sealed class WalkthroughTests : IAsyncLifetime
{
    private readonly FreshDatabase _db = new();
    private CommandRun _sdsledger = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _sdsledger = new CommandRun().With("SDSLEDGER_DB", _db.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        _sdsledger.Dispose();
        await _db.DisposeAsync();
    }

    private async Task<CommandResult> OkAsync(params string[] args)
    {
        var result = await _sdsledger.RunAsync(args);
        result.ExitCode.Should().Be(ExitCodes.Ok, $"sdsledger {string.Join(' ', args)} should work:\n{result.Everything}");
        return result;
    }

    [Fact]
    public async Task A_council_sets_up_a_budget_pays_it_and_records_spending_from_the_command_line()
    {
        await OkAsync("council", "setup", "--code", "north-kirkton", "--name", "North Kirkton Council", "--contact", "SDS team, 01234 560 700",
            "--finance-code", "fin-akhan", "--finance-name", "Aisha Khan");
        await OkAsync("worker", "add", "--code", "sw-amacdonald", "--name", "Anna MacDonald", "--role", "social-worker", "--as", "fin-akhan");
        await OkAsync("org", "add", "--code", "harbour-care", "--name", "Harbour Care and Support", "--as", "fin-akhan");
        await OkAsync("worker", "add", "--code", "harbour-finance", "--name", "Harbour Care finance", "--role", "provider", "--org", "harbour-care", "--as", "fin-akhan");
        await OkAsync("person", "add", "--ref", "NT-10231", "--name", "Jo Bloggs", "--born", "1984-03-02", "--contact", "12 Main Street, Kirkton", "--as", "sw-amacdonald");
        var created = await OkAsync("budget", "create", "--person", "NT-10231", "--from", "2026-10-01", "--to", "2027-03-31",
            "--part", "option=1,holder=person,amount=2600", "--part", "option=2,holder=harbour-care,amount=5200", "--as", "sw-amacdonald");
        await OkAsync("plan", "agree", "--budget", "NT-10231", "--outcome", "Get out to the shops on my own; phase=recovery; domain=community",
            "--category", "personal-care", "--category", "leisure=600", "--on", "2026-09-20", "--as", "sw-amacdonald");
        await OkAsync("budget", "activate", "--budget", "NT-10231", "--as", "fin-akhan");
        var unconfirmed = await _sdsledger.RunAsync("payment-run", "--date", "2026-10-29", "--as", "fin-akhan");
        var farAhead = await _sdsledger.RunAsync("payment-run", "--date",
            DateTime.UtcNow.Date.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "--confirm", "--as", "fin-akhan");
        var paid = await OkAsync("payment-run", "--date", "2026-10-29", "--confirm", "--as", "fin-akhan");
        unconfirmed.ExitCode.Should().Be(ExitCodes.Refused, "a first run catching up two instalments is shown, not paid, until confirmed");
        unconfirmed.Output.Should().Contain("1 October 2026, 29 October 2026").And.Contain("Nothing was paid");
        unconfirmed.Error.Should().Contain("needs-confirmation");
        farAhead.ExitCode.Should().Be(ExitCodes.Refused);
        farAhead.Error.Should().Contain("--date").And.Contain("at most 7 day(s) after today");
        await OkAsync("spend", "--budget", "NT-10231", "--part-no", "1", "--amount", "45", "--category", "leisure", "--payee", "Kirkton Leisure Centre",
            "--description", "Swimming, ten sessions", "--date", "2026-10-10", "--as", "person:NT-10231");
        var file = Path.Combine(_sdsledger.Folder, "harbour-october.csv");
        await File.WriteAllTextAsync(file, """
            date,person,part,amount,category,payee,description,evidence
            2026-10-05,NT-10231,2,60.00,personal-care,Harbour Care and Support,Support visits week 1,INV-1001
            2026-10-12,NT-10231,2,60.00,personal-care,Harbour Care and Support,Support visits week 2,INV-1002
            """);
        var imported = await OkAsync("import", "spends", file, "--as", "harbour-finance");
        var shown = await OkAsync("budget", "show", "--budget", "NT-10231", "--as-of", "2026-10-31", "--as", "sw-amacdonald", "--json");

        created.Output.Should().Contain("Draft budget for Jo Bloggs (NT-10231): 1 October 2026 to 31 March 2027, £7,800.00 in 2 parts (Option 4: a mix).")
            .And.Contain("Harbour Care and Support");
        paid.Output.Should().Contain("4 instalment(s), £2,400.00, paid");
        imported.Output.Should().Contain("Recorded 2 spend(s), £120.00, from harbour-october.csv.");
        using var json = JsonDocument.Parse(shown.Output);
        json.RootElement.GetProperty("received").GetProperty("pence").GetInt64().Should().Be(240_000);
        json.RootElement.GetProperty("spent").GetProperty("pence").GetInt64().Should().Be(16_500);
        json.RootElement.GetProperty("available").GetProperty("pence").GetInt64().Should().Be(223_500);
        json.RootElement.GetProperty("outcomes")[0].GetString().Should().Be("Get out to the shops on my own");
    }

    [Fact]
    public async Task The_council_changes_its_rules_and_a_recovery_worker_runs_a_test_budget()
    {
        await OkAsync("council", "setup", "--code", "south-kirkton", "--name", "South Kirkton Council", "--contact", "SDS team",
            "--finance-code", "fin-one", "--finance-name", "Finn One");
        await OkAsync("org", "add", "--code", "new-leaf", "--name", "New Leaf Recovery", "--as", "fin-one");
        await OkAsync("worker", "add", "--code", "rw-jtait", "--name", "Jamie Tait", "--role", "recovery-worker", "--org", "new-leaf", "--as", "fin-one");
        await OkAsync("worker", "add", "--code", "sw-one", "--name", "Sam One", "--role", "social-worker", "--as", "fin-one");
        await OkAsync("person", "add", "--ref", "SK-1", "--name", "Sam Reid", "--born", "02/03/1990", "--as", "sw-one");
        var noConsentYet = await _sdsledger.RunAsync("test-budget", "create", "--person", "SK-1", "--amount", "150", "--outcome", "Get back into swimming",
            "--category", "leisure", "--holder", "new-leaf", "--from", "2026-10-01", "--as", "rw-jtait");
        var given = await OkAsync("consent", "give", "--person", "SK-1", "--worker", "rw-jtait", "--kind", "peer-worker", "--may", "summary,statements,test-budget",
            "--as", "sw-one", "--json");

        var rules = await OkAsync("council", "rules", "set", "--test-budget-cap", "200", "--approval-threshold", "300", "--as", "fin-one", "--json");
        var tooMuch = await _sdsledger.RunAsync("test-budget", "create", "--person", "SK-1", "--amount", "250", "--outcome", "Get back into swimming",
            "--category", "leisure", "--holder", "new-leaf", "--from", "2026-10-01", "--as", "rw-jtait");
        var created = await OkAsync("test-budget", "create", "--person", "SK-1", "--amount", "150", "--outcome", "Get back into swimming",
            "--outcome", "Cook on a budget", "--category", "leisure", "--category", "food", "--holder", "new-leaf", "--from", "2026-10-01", "--as", "rw-jtait");
        await OkAsync("payment-run", "--date", "2026-10-01", "--as", "fin-one");
        await OkAsync("purchase", "plan", "--budget", "SK-1", "--outcome", "1", "--description", "costume and ten swims", "--amount", "60",
            "--category", "leisure", "--on", "2026-10-02", "--as", "person:SK-1");
        await OkAsync("spend", "--budget", "SK-1", "--amount", "60", "--category", "leisure", "--payee", "Kirkton Pool", "--description", "costume and swims",
            "--date", "2026-10-03", "--as", "rw-jtait");
        await OkAsync("progress", "add", "--budget", "SK-1", "--outcome", "1", "--what", "Swam twice this week", "--own-words", "I feel stronger",
            "--on", "2026-10-10", "--as", "rw-jtait");
        var funds = await OkAsync("provider", "funds", "--as", "rw-jtait", "--json");
        var easyRead = await OkAsync("person", "add", "--ref", "SK-2", "--name", "Ali Reid", "--born", "1991-04-05", "--statement-format", "easy-read", "--as", "sw-one");
        var badFormat = await _sdsledger.RunAsync("person", "add", "--ref", "SK-3", "--name", "Kim Reid", "--born", "1992-04-05", "--statement-format", "braille", "--as", "sw-one");
        var twoFormats = await _sdsledger.RunAsync("person", "add", "--ref", "SK-3", "--name", "Kim Reid", "--born", "1992-04-05",
            "--statement-format", "easy-read", "--large-print", "--as", "sw-one");
        var statementsDir = Path.Combine(_sdsledger.Folder, "statements");
        var statements = await OkAsync("statements", "--period", "2026-10", "--out", statementsDir, "--as", "fin-one");
        var everyoneEasyRead = await OkAsync("statements", "--period", "2026-10", "--out", statementsDir, "--format", "easy-read", "--as", "fin-one");
        // Run again into the same folder: a file left from the first run, made longer since, is replaced whole.
        var standardPdf = Directory.GetFiles(statementsDir, "*-standard.pdf").Single();
        var standardLength = new FileInfo(standardPdf).Length;
        await File.AppendAllTextAsync(standardPdf, new string('x', 5_000));
        var again = await OkAsync("statements", "--period", "2026-10", "--out", statementsDir, "--as", "fin-one");
        var notAFormat = await _sdsledger.RunAsync("statements", "--period", "2026-10", "--out", statementsDir, "--format", "tiny", "--as", "fin-one");
        var namesRecovery = await OkAsync("person", "wording", "--ref", "SK-1", "--wording", "names-recovery", "--as", "sw-one");
        var notAWording = await _sdsledger.RunAsync("person", "wording", "--ref", "SK-1", "--wording", "loud", "--as", "sw-one");
        var notAnOffer = await _sdsledger.RunAsync("council", "wording", "--recovery", "maybe", "--as", "fin-one");
        var withdrawn = await OkAsync("council", "wording", "--recovery", "withdrawn", "--as", "fin-one");
        var refusedWhileWithdrawn = await _sdsledger.RunAsync("person", "wording", "--ref", "SK-2", "--wording", "names-recovery", "--as", "sw-one");
        var offeredAgain = await OkAsync("council", "wording", "--recovery", "offered", "--as", "fin-one");
        var consentId = JsonDocument.Parse(given.Output).RootElement.GetString()!;
        var listed = await OkAsync("consent", "list", "--person", "SK-1", "--as", "sw-one");
        await OkAsync("consent", "withdraw", "--id", consentId, "--as", "sw-one");
        var afterWithdrawal = await _sdsledger.RunAsync("progress", "add", "--budget", "SK-1", "--outcome", "1", "--what", "Swam again", "--on", "2026-10-11",
            "--as", "rw-jtait");
        var listedAgain = await OkAsync("consent", "list", "--person", "SK-1", "--as", "sw-one");

        using (var json = JsonDocument.Parse(rules.Output))
        {
            json.RootElement.GetProperty("testBudgetCap").GetProperty("pence").GetInt64().Should().Be(20_000);
            json.RootElement.GetProperty("approvalThreshold").GetProperty("pence").GetInt64().Should().Be(30_000);
        }
        noConsentYet.ExitCode.Should().Be(ExitCodes.Refused, noConsentYet.Everything);
        noConsentYet.Everything.Should().Contain("not found");
        listed.Output.Should().Contain("peer-worker Jamie Tait (New Leaf Recovery): summary, statements, test-budget").And.Contain("witnessed by Sam One; current");
        afterWithdrawal.ExitCode.Should().Be(ExitCodes.Refused, "a withdrawn consent lets the worker do nothing more: {0}", afterWithdrawal.Everything);
        listedAgain.Output.Should().Contain("withdrawn by Sam One");
        tooMuch.ExitCode.Should().Be(ExitCodes.Refused, tooMuch.Everything);
        tooMuch.Error.Should().Contain("Refused (test-budget-cap)").And.Contain("£200.00");
        created.Output.Should().Contain("held by New Leaf Recovery").And.Contain("1. Get back into swimming");
        using var held = JsonDocument.Parse(funds.Output);
        held.RootElement.GetProperty("balance").GetProperty("pence").GetInt64().Should().Be(9_000);

        easyRead.Output.Should().Contain("Ali Reid is registered as SK-2, with Easy Read statements.");
        badFormat.ExitCode.Should().Be(ExitCodes.Refused, badFormat.Everything);
        badFormat.Everything.Should().Contain("--statement-format").And.Contain("standard, large-print or easy-read");
        twoFormats.ExitCode.Should().Be(ExitCodes.Refused, twoFormats.Everything);
        twoFormats.Everything.Should().Contain("--large-print");
        statements.Output.Should().Contain("1 statement(s) for October 2026").And.Contain("1 in standard print").And.Contain("and as HTML");
        everyoneEasyRead.Output.Should().Contain("1 in Easy Read");
        namesRecovery.Output.Should().Contain("test budget statements now say the budget is for their recovery");
        notAWording.ExitCode.Should().NotBe(0, notAWording.Everything);
        notAWording.Everything.Should().Contain("--wording").And.Contain("names-recovery");
        notAnOffer.ExitCode.Should().Be(ExitCodes.Refused, notAnOffer.Everything);
        notAnOffer.Everything.Should().Contain("--recovery").And.Contain("'maybe' is not a choice here; give offered or withdrawn");
        withdrawn.Output.Should().Contain("No statement says what a test budget is for now. 1 person had chosen it; their choice counts again");
        refusedWhileWithdrawn.ExitCode.Should().Be(ExitCodes.Refused, refusedWhileWithdrawn.Everything);
        refusedWhileWithdrawn.Everything.Should().Contain("The council does not offer statements that say what a test budget is for");
        offeredAgain.Output.Should().Contain("1 has chosen it");
        again.Output.Should().Contain("1 statement(s) for October 2026");
        // Written again, the statement replaces the file whole: nothing of the old one's tail is left, and it reads as a PDF. Its
        // bytes are not the same as before (Skia makes the document's id afresh each time), and once its length was 2 bytes more.
        new FileInfo(standardPdf).Length.Should().BeCloseTo(standardLength, 64, "the statement written again replaces the file, leaving nothing of the old one");
        File.ReadAllText(standardPdf).TrimEnd().Should().EndWith("%%EOF").And.NotContain("xxxxxxxxxx");
        using (var pdf = UglyToad.PdfPig.PdfDocument.Open(standardPdf)) pdf.NumberOfPages.Should().BeGreaterThan(0);
        notAFormat.ExitCode.Should().Be(ExitCodes.Refused, notAFormat.Everything);
        notAFormat.Everything.Should().Contain("--format");
        Directory.GetFiles(statementsDir).Select(Path.GetFileName).Should().BeEquivalentTo(
            ["SK-1-test-standard.pdf", "SK-1-test-standard.html", "SK-1-test-easy-read.pdf", "SK-1-test-easy-read.html", "index.csv"]);
    }
}
