using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using SdsLedger.Features.People;

namespace SdsLedger.Web.Pages.My;

/// <summary>"Who has looked at my record": the audit trail's reads and changes of the person's data by anyone else.</summary>
public sealed class LookedModel : PersonPageModel
{
    private static readonly DateTimeZone Scotland = DateTimeZoneProviders.Tzdb["Europe/London"];

    public IReadOnlyList<RecordRead> Reads { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var result = await Ledger.SendAsync(new RecordReads.Query(Me.Actor, Me.PersonId), HttpContext.RequestAborted);
        if (!result.Succeeded) return NotFound();
        Reads = result.Value!;
        return Page();
    }

    public string When(Instant at) => at.InZone(Scotland).ToString("d MMMM yyyy, h:mmtt", CultureInfo.InvariantCulture).Replace("AM", "am").Replace("PM", "pm");

    public string RoleName(string role) => role switch
    {
        "social-worker" => "A social worker",
        "council-finance" => "A council finance officer",
        "auditor" => "An auditor",
        "provider" => "A worker of the organisation holding your money",
        "recovery-worker" => "A recovery or peer worker",
        "service-user" => "Someone acting for you",
        _ => "Someone else",
    };

    /// <summary>The audit trail's action in words: reads say "looked at", changes say what changed.</summary>
    public string WhatDone(string action) => action switch
    {
        "BudgetSummary" or "PersonBudgets" or "NextPayments" => "Looked at your budget",
        "PersonStatement" or "StatementRun" => "Looked at your statement",
        "BudgetApprovals" => "Looked at purchases waiting for agreement",
        "Caseload" or "CaseloadReport" or "FindPeople" => "Saw your name in a list",
        "AuditTrailQuery" => "Looked at who has seen your record",
        "RecordSpend" or "ImportSpends" => "Recorded something bought",
        "RegisterPerson" => "Added you to the council's records",
        "CreateBudget" or "ActivateBudget" or "ChangePart" => "Set up or changed your budget",
        "AgreeSupportPlan" => "Agreed your support plan",
        "PaymentRun" => "Paid money into your budget",
        "RecordProgress" => "Wrote a note on your progress",
        "SetPersonSignIn" => "Changed how you sign in",
        "PersonSignInAddresses" => "Looked at where your sign-in codes go",
        "ChangeStatementFormat" => "Changed how your statements look",
        "ChangeStatementWording" => "Changed what your statements say about your test budget",
        "StatementWording" => "Looked at what your statements say about your test budget",
        "GiveConsent" => "Recorded your consent for someone to see or help with your budget",
        "WithdrawConsent" => "Recorded that you stopped someone's consent",
        "PersonConsents" => "Looked at who you have given consent to",
        "TestBudgetPlan" => "Looked at your test budget",
        "PlanPurchase" => "Planned something to buy with your test budget",
        _ => "Looked at or changed your record",
    };
}
