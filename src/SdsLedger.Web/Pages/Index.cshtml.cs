using Microsoft.AspNetCore.Mvc;
using SdsLedger.Domain;

namespace SdsLedger.Web.Pages;

/// <summary>The start page of each role: a social worker's caseload, a finance officer's tasks, a provider's people, an auditor's audit trail.</summary>
public sealed class IndexModel : StaffPageModel
{
    public IActionResult OnGet() => global::SdsLedger.Web.People.PersonSession.From(User) is not null ? LocalRedirect("/my/budget") : Me.Role switch
    {
        Role.SocialWorker => LocalRedirect("/caseload"),
        Role.CouncilFinance => LocalRedirect("/finance"),
        Role.RecoveryWorker => LocalRedirect("/peer"),
        Role.Provider => LocalRedirect("/provider"),
        _ => LocalRedirect("/audit"),
    };
}
