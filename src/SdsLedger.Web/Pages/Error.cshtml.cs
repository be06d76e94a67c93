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

    // The status comes from the address, read by hand: binding it would read the form again, and a form that could not
    // be read would leave the status unbound and its error, in the framework's words, on this page.
    public async Task OnGetAsync() => await DescribeAsync();

    public async Task OnPostAsync() => await DescribeAsync();

    /// <summary>What the browser is told when the form it sent could not be read at all (a NUL or another character no text may hold).</summary>
    public const string UnreadableForm =
        "Something typed in the form has a character that cannot be kept, such as a NUL or another hidden character, so nothing was recorded. " +
        "Go back, type it again as plain text and send it again.";

    private async Task DescribeAsync()
    {
        ModelState.Clear();
        int? status = int.TryParse(Request.Query["status"], out var code) ? code : null;
        if (status is null or 400 && await FormUnreadableAsync())
        {
            (Title, Explanation) = ("Something in the form could not be read", UnreadableForm);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        (Title, Explanation) = status switch
        {
            404 => ("Page not found", "There is no such page, or what it shows is not yours to see. Check the address, or start again from the links at the top."),
            400 => ("Something in the request was not right", "Go back, reload the form and try again."),
            _ => ("Sorry, there is a problem with the service", "Nothing you did caused this. Try again later; anything you were changing was either recorded whole or not at all."),
        };
        if (status is null or >= 500) TraceId = HttpContext.TraceIdentifier;
    }

    /// <summary>Whether the request carried a form that cannot be read (the framework keeps the failure, so asking again says so).</summary>
    private async Task<bool> FormUnreadableAsync()
    {
        if (!Request.HasFormContentType) return false;
        try
        {
            await Request.ReadFormAsync(HttpContext.RequestAborted);
            return false;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            return true;
        }
    }
}
