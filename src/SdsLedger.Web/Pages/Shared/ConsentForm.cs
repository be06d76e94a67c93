using Microsoft.AspNetCore.Mvc.ModelBinding;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Features.Consent;
using SdsLedger.Features.Shared;

namespace SdsLedger.Web.Pages.Shared;

/// <summary>
/// The consent form as both the person's own page and their social worker's page show it: who (a worker or an
/// organisation), who they are to the person, what they may do, from when and until when.
/// </summary>
public sealed class ConsentForm
{
    public static readonly IReadOnlyList<(string Value, string Label)> Kinds =
        [("peer-worker", "Peer or recovery worker"), ("family-member", "Family member"), ("carer", "Carer"), ("advocate", "Advocate")];

    /// <summary>The form fields in the order shown, and the command's fields they answer for.</summary>
    public static readonly IReadOnlyDictionary<string, string> CommandFields = new Dictionary<string, string>
    {
        ["WorkerId"] = "Consent.Grantee", ["OrganisationId"] = "Consent.Grantee", ["Kind"] = "Consent.Kind", ["SeeSummary"] = "Consent.May",
        ["From"] = "Consent.From", ["Until"] = "Consent.Until",
    };

    public string? Grantee { get; set; }
    public string? Kind { get; set; }
    public bool MaySummary { get; set; }
    public bool MayStatements { get; set; }
    public bool MayTestBudget { get; set; }
    public string? From { get; set; }
    public string? Until { get; set; }

    public static IReadOnlyList<(string Value, string Label)> Options(IReadOnlyList<ConsentChoice> choices) =>
        choices.Select(c => (c.IsOrganisation ? $"o:{c.Id}" : $"w:{c.Id}",
                             c.IsOrganisation ? $"{c.Name} (anyone who works there)" : c.Organisation is { } o ? $"{c.Name}, {o}" : c.Name)).ToList();

    /// <summary>The command, or null with each problem put against its field.</summary>
    public GiveConsent.Command? Command(Actor actor, string key, Guid personId, LocalDate today, ModelStateDictionary state)
    {
        Guid? worker = null, org = null;
        if (Grantee is { Length: > 2 } g && Guid.TryParse(g[2..], out var id))
        {
            if (g.StartsWith("w:", StringComparison.Ordinal)) worker = id;
            else if (g.StartsWith("o:", StringComparison.Ordinal)) org = id;
        }
        if (worker is null && org is null) state.AddModelError("Consent.Grantee", "Choose who you are giving consent to.");
        if (!ConsentKinds.TryParse(Kind, out var kind)) state.AddModelError("Consent.Kind", "Choose who they are to you: a peer worker, family member, carer or advocate.");
        if (!MaySummary && !MayStatements && !MayTestBudget)
            state.AddModelError("Consent.May", "Choose at least one thing they may do.");
        var from = today;
        if (!string.IsNullOrWhiteSpace(From) && !TextInput.TryDate(From, out from))
            state.AddModelError("Consent.From", "Write the day it starts as a date, like 01/12/2026, or leave it empty for today.");
        LocalDate? until = null;
        if (!string.IsNullOrWhiteSpace(Until))
        {
            if (TextInput.TryDate(Until, out var u)) until = u;
            else state.AddModelError("Consent.Until", "Write the day it ends as a date, like 31/03/2027, or leave it empty for no end.");
        }
        if (state.ErrorCount > 0) return null;
        return new GiveConsent.Command(actor, key, personId, kind, worker, org, MaySummary, MayStatements, MayTestBudget, from, until);
    }

    public static string What(ConsentEntry c) =>
        string.Join(", ", new[] { c.SeeSummary ? "see the budget summary" : null, c.SeeStatements ? "see statements" : null,
                                  c.ActOnTestBudget ? "act for them on a test budget" : null }.Where(w => w is not null));

    public static string KindName(string kind) => Kinds.FirstOrDefault(k => k.Value == kind).Label ?? kind;
}
