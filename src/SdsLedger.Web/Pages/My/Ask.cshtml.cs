using Microsoft.AspNetCore.Mvc;
using SdsLedger.Features.People;

namespace SdsLedger.Web.Pages.My;

/// <summary>The person asks for a change (something new to buy, a change to their plan, a review): it lands in their social worker's queue.</summary>
public sealed class AskModel : PersonPageModel
{
    public IReadOnlyList<(string Value, string Label)> Kinds { get; } =
        [("purchase", "Something new to buy"), ("plan", "A change to my support plan"), ("review", "A review of my budget")];

    [BindProperty]
    public string? Kind { get; set; }

    [BindProperty]
    public string? Details { get; set; }

    public bool Sent { get; private set; }
    public IReadOnlyList<ChangeRequest> Earlier { get; private set; } = [];

    public async Task OnGetAsync(bool sent = false)
    {
        Sent = sent;
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        ChangeKind? kind = Kind switch { "purchase" => ChangeKind.Purchase, "plan" => ChangeKind.Plan, "review" => ChangeKind.Review, _ => null };
        if (kind is null) ModelState.AddModelError(nameof(Kind), "Choose what you would like: something new to buy, a change to your plan, or a review.");
        if (string.IsNullOrWhiteSpace(Details)) ModelState.AddModelError(nameof(Details), "Tell us what you would like, in your own words.");
        if (kind is { } k && !string.IsNullOrWhiteSpace(Details)
            && Accept(await Ledger.SendAsync(new AskForChange.Command(Me.Actor, KeyFor(), Me.PersonId, k, Details), HttpContext.RequestAborted),
                new Dictionary<string, string> { ["Details"] = nameof(Details), ["Kind"] = nameof(Kind) }))
            return LocalRedirect("/my/ask?sent=true");
        await LoadAsync();
        return Page();
    }

    public string KindName(string kind) => Kinds.FirstOrDefault(k => k.Value == kind).Label ?? kind;

    private async Task LoadAsync()
    {
        var earlier = await Ledger.SendAsync(new ChangeRequests.Query(Me.Actor, Me.PersonId), HttpContext.RequestAborted);
        if (earlier.Succeeded) Earlier = earlier.Value!;
    }
}
