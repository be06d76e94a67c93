using System.Text.Json;
using Microsoft.Playwright;

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

    [Theory]
    [InlineData("sw-anna", "/people/register")]
    [InlineData("sw-anna", "/people/{ailsa}/sign-in")]
    [InlineData("sw-anna", "/people/{ailsa}/consent")]
    [InlineData("sw-anna", "/people/{ailsa}/budgets/new")]
    [InlineData("sw-anna", "/people/{ailsa}/test-budget")]
    [InlineData("sw-anna", "/budgets/{budget}/plan")]
    [InlineData("sw-anna", "/budgets/{budget}/review")]
    [InlineData("sw-anna", "/budgets/{budget}/approvals/new")]
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
        var address = path.Replace("{ailsa}", world.Ailsa.ToString()).Replace("{budget}", world.AilsaBudget.ToString());
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
                    // A form holding a NUL cannot even be read: the answer says so, and what to do, and records nothing.
                    if (response.Status == 400) body.Should().Contain("cannot be kept, such as a NUL", what).And.NotContain("Failed to read the request form", what);
                }
            }
        }
        // The form's token went with every post, so the answers are the form's own (its problems shown, or done).
        answers.Should().Contain(a => a.EndsWith(" 200", StringComparison.Ordinal), "the form's own page answers, showing what needs putting right");
        File.WriteAllLines(Path.Combine(Testing.RepositoryRoot.Path, "TestResults", $"fuzz-{who}-{path.Trim('/').Replace('/', '-')}.txt"), answers);
        (await world.LedgerAuditPasses()).Should().BeTrue("nothing half written: the ledger still passes its audit");
    }
}
