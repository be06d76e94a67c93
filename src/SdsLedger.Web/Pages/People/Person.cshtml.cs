using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Documents.People;
using SdsLedger.Features.People;

namespace SdsLedger.Web.Pages.People;

/// <summary>
/// A person's page: their budgets, newest first, with what is allocated, spent and available; and, for a subject access
/// request, everything held about them as one ZIP (the JSON with every field and the readable PDF), as
/// <c>sdsledger person export</c> writes them. The export is audited; a record outside the worker's caseload asks for a
/// reason first, as the page does.
/// </summary>
[Authorize(Roles = "social-worker,council-finance,auditor")]
public sealed class PersonModel : StaffPageModel
{
    public PersonBudgetsView? View { get; private set; }
    public bool Registered { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid personId, bool registered = false)
    {
        var result = await Ledger.SendAsync(new PersonBudgets.Query(Me.Actor, personId, Today), HttpContext.RequestAborted);
        if (!Opened(result)) return NotOpened($"personId={personId}");
        (View, Registered) = (result.Value, registered);
        return Page();
    }

    public async Task<IActionResult> OnGetSubjectAccessAsync(Guid personId)
    {
        var result = await Ledger.SendAsync(new PersonExport.Query(Me.Actor, personId), HttpContext.RequestAborted);
        if (!Opened(result)) return NotOpened($"personId={personId}");
        var export = result.Value!;
        var stem = SubjectAccessDocument.FileStem(export);
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using (var json = archive.CreateEntry(stem + ".json", CompressionLevel.Fastest).Open())
                await json.WriteAsync(Encoding.UTF8.GetBytes(SubjectAccessDocument.Json(export)), HttpContext.RequestAborted);
            await using (var pdf = archive.CreateEntry(stem + ".pdf", CompressionLevel.Fastest).Open())
                SubjectAccessDocument.WritePdf(export, pdf);
        }
        return File(zip.ToArray(), "application/zip", stem + ".zip");
    }
}
