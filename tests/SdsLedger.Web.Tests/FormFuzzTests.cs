using System.Text.Json;
using Microsoft.Playwright;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Features.Approvals;
using SdsLedger.Features.Commitments;
using SdsLedger.Features.Councils;
using SdsLedger.Features.Referrals;

namespace SdsLedger.Web.Tests;

/// <summary>
/// Every form a signed-in person can post, sent values no one should type (NUL and other hidden characters, broken
/// character pairs, dates in the year 9999, enormous and negative amounts, very long text, markup), in the browser's
/// own session with its form token: every answer is a page or a redirect, never a server error or a stack trace, and the
/// ledger still passes its audit afterwards.
/// </summary>
public sealed class FormFuzzTests(WebWorld world) : IClassFixture<WebWorld>
{
    private static readonly string[] Nasty =
    [
        "", " ", "\0", "a\0b", "\uD800", "x\uDFFFy", "\u202Eevil", "\u001b[31m", "9999-12-31", "31/12/9999", "0001-01-01", "2026-02-30", "-1", "0",
        "-99999999999999999999", "99999999999999999999999999", "1e309", "NaN", "12.345", "£1,000,000,000.00", "<script>alert(1)</script>",
        "../../etc/passwd", "'; DROP TABLE sds.people; --", "enc1:00000000000000000000000000000000:AAAA", new string('x', 5000), "０７７００ ９００１２３",
        "ailsa@people.test", "07700900002", "00000000-0000-0000-0000-000000000000", "true", "on", "leisure", "direct-payment",
    ];

    /// <summary>The posting forms of the page at this address, each with its fields and every address it posts to.</summary>
    private sealed record Form(string Action, List<string> Actions, List<FormField> Fields);

    private sealed record FormField(string Name, string Type, string Value);

    private const string FormsScript = """
        () => [...document.querySelectorAll('form')]
          .filter(f => (f.getAttribute('method') || '').toLowerCase() === 'post')
          .map(f => ({
            action: f.action,
            actions: [...f.querySelectorAll('button[formaction], input[formaction]')].map(b => b.formAction),
            fields: [...f.elements].filter(e => e.name).map(e => ({ name: e.name, type: e.type || '', value: e.value || '' })),
          }))
        """;

    private static readonly SemaphoreSlim Making = new(1, 1);
    private static (Guid Approval, Guid Referral, Guid Commitment)? _made;
    private static WebWorld? _madeIn;

    /// <summary>What the forms act on, made once for this class's world: a peer worker's referral, an approval asked for, money a provider set aside.</summary>
    private async Task<(Guid Approval, Guid Referral, Guid Commitment)> MadeAsync()
    {
        await Making.WaitAsync();
        try
        {
            if (_made is { } made && ReferenceEquals(_madeIn, world)) return made;
            var parts = (await world.Scalar<string>("SELECT string_agg(id::text, ',' ORDER BY position) FROM sds.budget_parts WHERE budget_id = @B",
                new { B = world.AilsaBudget })).Split(',').Select(Guid.Parse).ToArray();
            var harbour = await world.Scalar<Guid>("SELECT id FROM sds.organisations WHERE code = 'harbour-care'");
            var nora = new Actor(await world.Scalar<Guid>("SELECT id FROM sds.workers WHERE code = 'fin-nora'"), "Nora Finance", Role.CouncilFinance, world.North);
            var provider = new Actor(await world.Scalar<Guid>("SELECT id FROM sds.workers WHERE code = 'harbour-finance'"), "Harbour Finance", Role.Provider,
                world.North, harbour);
            var anna = new Actor(world.AnnaId, "Anna Social", Role.SocialWorker, world.North);
            _made = await world.OnLocalPathAsync(async app =>
            {
                T Ok<T>(Pipeline.Result<T> result) => result.Succeeded ? result.Value! : throw new InvalidOperationException(result.ToString());
                var peer = Ok(await app.SendAsync(new RegisterWorker.Command(nora, "fuzz-peer", "rw-fuzz", "Fuzz Peer", Role.RecoveryWorker, null, harbour)));
                var referral = Ok(await app.SendAsync(new MakeReferral.Command(new Actor(peer, "Fuzz Peer", Role.RecoveryWorker, world.North, harbour), "fuzz-referral",
                    "Morven Fuzz", new LocalDate(1990, 3, 9), null, null, "Get back to the gym", true)));
                var approval = Ok(await app.SendAsync(new RequestApproval.Command(anna, "fuzz-approval", parts[0], Money.FromPounds(900), "leisure",
                    "Kirkton Cycles", "A bicycle to get to work")));
                var commitment = Ok(await app.SendAsync(new CommitFunds.Command(provider, "fuzz-commitment", parts[1], Money.FromPounds(40), "personal-care",
                    "Harbour Care", new LocalDate(2026, 5, 1), "Evening visits")));
                return (approval, referral, commitment);
            });
            _madeIn = world;
            return _made.Value;
        }
        finally
        {
            Making.Release();
        }
    }

    [Theory]
    [InlineData("sw-anna", "/people/register")]
    [InlineData("sw-anna", "/people/{ailsa}/sign-in")]
    [InlineData("sw-anna", "/people/{ailsa}/consent")]
    [InlineData("sw-anna", "/people/{ailsa}/budgets/new")]
    [InlineData("sw-anna", "/people/{ailsa}/test-budget")]
    [InlineData("sw-anna", "/budgets/{budget}/plan")]
    [InlineData("sw-anna", "/budgets/{budget}/review")]
    [InlineData("sw-anna", "/budgets/{budget}/approvals/new")]
    [InlineData("fin-nora", "/budgets/{budget}/approvals/{approval}")]
    [InlineData("sw-anna", "/referrals/{referral}")]
    [InlineData("rw-fuzz", "/refer")]
    [InlineData("harbour-finance", "/provider/people/{ailsa}/set-aside/{commitment}")]
    [InlineData("fin-nora", "/finance/rules")]
    [InlineData("fin-nora", "/finance/payment-run")]
    [InlineData("harbour-finance", "/provider/people/{ailsa}")]
    [InlineData("harbour-finance", "/provider/people/{ailsa}/set-aside")]
    [InlineData("AILSA-1", "/my/ask")]
    [InlineData("AILSA-1", "/my/consent")]
    [InlineData("AILSA-1", "/my/statement-format")]
    [InlineData("", "/my/sign-in")]
    public async Task Any_values_posted_to_a_form_get_a_page_never_a_server_error(string who, string path)
    {
        var made = await MadeAsync();
        var address = path.Replace("{ailsa}", world.Ailsa.ToString()).Replace("{budget}", world.AilsaBudget.ToString())
            .Replace("{approval}", made.Approval.ToString()).Replace("{referral}", made.Referral.ToString())
            .Replace("{commitment}", made.Commitment.ToString());
        await using var ui = await Ui.OpenAsync(world, $"Fuzz-{who}-{path.Trim('/').Replace('/', '-').Replace("{", "").Replace("}", "")}");
        if (who.Contains('-', StringComparison.Ordinal) && who == who.ToLowerInvariant()) await ui.SignInAsync(world, who);
        else if (who.Length > 0)
        {
            await ui.Page.GotoAsync(await world.PersonSignInLinkAsync(who));
            await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await ui.WaitUntilLoadedAsync();
        }
        var shown = await ui.Page.GotoAsync(address);
        shown!.Status.Should().Be(200, $"{address} is a page {who} can use");
        var forms = JsonSerializer.Deserialize<List<Form>>(JsonSerializer.Serialize(await ui.Page.EvaluateAsync<JsonElement>(FormsScript)),
            new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
        forms.Should().NotBeEmpty($"{address} has a form to post");

        var random = new Random(20261208 + path.Sum(c => c) * 31 + who.Sum(c => c));
        var answers = new List<string>();
        // The page's own forms; not the header's sign-out, which would end the session being used.
        foreach (var form in forms.Where(f => !new Uri(f.Action).AbsolutePath.StartsWith("/sign-out", StringComparison.Ordinal)))
        {
            foreach (var target in form.Actions.Prepend(form.Action).Distinct())
            {
                for (var i = 0; i < 12; i++)
                {
                    var data = ui.Page.APIRequest.CreateFormData();
                    var sent = new List<string>();
                    foreach (var field in form.Fields.Where(f => f.Type is not ("file" or "submit" or "button")))
                    {
                        var keep = field.Name == "__RequestVerificationToken" || random.Next(4) == 0;
                        var value = keep ? field.Value : Nasty[random.Next(Nasty.Length)];
                        data.Append(field.Name, value);
                        if (!keep) sent.Add($"{field.Name}={JsonSerializer.Serialize(value.Length > 40 ? value[..40] + "…" : value)}");
                    }
                    var response = await ui.Page.APIRequest.PostAsync(target, new APIRequestContextOptions { Form = data, MaxRedirects = 0 });
                    var body = await response.TextAsync();
                    var what = $"POST {target} with {string.Join(", ", sent)} answered {response.Status}";
                    answers.Add(what);
                    response.Status.Should().BeLessThan(500, what);
                    body.Should().NotContain("   at SdsLedger", what).And.NotContain("Exception:", what);
                    // A form holding a NUL cannot even be read: the answer says so, and what to do, and records nothing; any other
                    // 400 is the form's page naming what to put right.
                    if (response.Status == 400)
                        (body.Contains("cannot be kept, such as a NUL", StringComparison.Ordinal) || body.Contains("ds_error-summary", StringComparison.Ordinal))
                            .Should().BeTrue(what);
                    body.Should().NotContain("Failed to read the request form", what);
                }
            }
        }
        // The form's token went with every post, so the answers are the form's own (its problems shown, or done).
        answers.Should().Contain(a => a.EndsWith(" 200", StringComparison.Ordinal), "the form's own page answers, showing what needs putting right");
        File.WriteAllLines(Path.Combine(Testing.RepositoryRoot.Path, "TestResults", $"fuzz-{who}-{path.Trim('/').Replace('/', '-')}.txt"), answers);
        (await world.LedgerAuditPasses()).Should().BeTrue("nothing half written: the ledger still passes its audit");
    }
}
