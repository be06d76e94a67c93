using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SdsLedger.Web.Pages.SignIn;

/// <summary>Why the council's identity provider's sign-in did not let someone in, in plain words.</summary>
public sealed class RefusedModel : PageModel
{
    public string Title { get; private set; } = "";
    public string Explanation { get; private set; } = "";

    public void OnGet(string reason)
    {
        (Title, Explanation) = reason switch
        {
            "not-recognised" => ("You do not have access to SdsLedger",
                "Your council account signed you in, but it is not linked to a worker record in SdsLedger. Ask a finance officer of your council to add you, with the email address of your council account."),
            "not-for-your-role" => ("This service is for council staff",
                "The web app is for social workers, finance officers and auditors for now. Providers and recovery workers use the command line or the API."),
            _ => ("Signing in did not work",
                "Your council's sign-in did not complete. Try again; if it keeps happening, tell your council's IT service desk."),
        };
        Response.StatusCode = StatusCodes.Status403Forbidden;
    }
}
