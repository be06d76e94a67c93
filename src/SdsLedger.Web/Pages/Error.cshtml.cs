using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SdsLedger.Web.Pages;

/// <summary>What a visitor sees instead of a failure: never a stack trace; a reference the log has, for a fault.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "";
    public string Explanation { get; private set; } = "";
    public string? TraceId { get; private set; }

    public void OnGet(int? status) => Describe(status);

    public void OnPost(int? status) => Describe(status);

    private void Describe(int? status)
    {
        (Title, Explanation) = status switch
        {
            404 => ("Page not found", "There is no such page, or what it shows is not yours to see. Check the address, or start again from the links at the top."),
            400 => ("Something in the request was not right", "Go back, reload the form and try again."),
            _ => ("Sorry, there is a problem with the service", "Nothing you did caused this. Try again later; anything you were changing was either recorded whole or not at all."),
        };
        if (status is null or >= 500) TraceId = HttpContext.TraceIdentifier;
    }
}
