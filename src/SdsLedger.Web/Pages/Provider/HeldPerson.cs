using SdsLedger.Features.Providers;
using SdsLedger.Web.Pages.Shared;

namespace SdsLedger.Web.Pages.Provider;

/// <summary>A person whose money the signed-in provider holds, as its pages find them: null for anyone else (not found).</summary>
internal static class HeldPerson
{
    public static async Task<(string Organisation, HeldForPerson Person)?> FindAsync(StaffPageModel page, Guid personId, CancellationToken ct)
    {
        if (page.Me.Actor.OrganisationId is not { } organisation) return null;
        var result = await page.Ledger.SendAsync(new ProviderHeldFunds.Query(page.Me.Actor, organisation), ct);
        return result.Value?.People.FirstOrDefault(p => p.PersonId == personId) is { } held ? (result.Value.Organisation, held) : null;
    }

    /// <summary>The person's active parts, as choices: which budget pays, and what is available in it.</summary>
    public static IReadOnlyList<(string, string)> ActiveParts(HeldForPerson held) =>
        held.Parts.Where(p => p.Status == "active")
            .Select(p => (p.PartId.ToString(), $"{(p.IsTest ? "Test budget" : "Budget")} {Show.Day(p.Start)} to {Show.Day(p.End)} ({p.Available} available to spend)"))
            .ToList();
}
