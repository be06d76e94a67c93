using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Domain;
using SdsLedger.Features.Spending;

namespace SdsLedger.Web.Pages.Provider;

/// <summary>
/// A provider uploads a month's spending file: the same file and the same import as `sdsledger import spends`. Every
/// line is checked as a single spend would be; if any is bad nothing is recorded, the bad lines are shown by line and
/// column with how to put each right, and the provider chooses whether to record the good lines now. The bad lines can
/// be downloaded as a file to put right and upload again. Each line's key comes from the file's content and its line
/// number, so uploading the same file again records nothing twice.
/// </summary>
[Authorize(Roles = "provider")]
[RequestSizeLimit(MaxRequest)]
public sealed class ImportModel : StaffPageModel
{
    /// <summary>The largest file taken: about 10,000 lines, more than a month of spending.</summary>
    public const int MaxFile = 1024 * 1024;

    // The form that records the good lines carries the file back, written as base64.
    private const int MaxRequest = 4 * 1024 * 1024;

    [BindProperty] public IFormFile? Upload { get; set; }

    /// <summary>The uploaded file, carried in the page's forms so the good lines can be recorded without uploading it again.</summary>
    [BindProperty] public string? Carried { get; set; }

    [BindProperty] public string? FileName { get; set; }

    public ImportOutcome? Outcome { get; private set; }

    /// <summary>True when the good lines were recorded (at once, or when the provider chose to).</summary>
    public bool Recorded { get; private set; }

    /// <summary>The bad lines, as a file to put right, carried in the download form.</summary>
    public string? BadLines { get; private set; }

    public int GoodLines => Outcome is null ? 0 : Outcome.Lines - Outcome.Problems.Select(p => p.Line).Distinct().Count() - Outcome.AlreadyImported;

    public override IReadOnlyList<string> FormFields { get; } = [nameof(Upload)];

    public IActionResult OnGet() => Page();

    /// <summary>Uploads the file: every good line is recorded only when no line is bad.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), "Choose the spending file to upload (a CSV file).");
            return Page();
        }
        if (Upload.Length > MaxFile)
        {
            ModelState.AddModelError(nameof(Upload), "The file is larger than 1 MB; split it into smaller files, by month or by person.");
            return Page();
        }
        using var memory = new MemoryStream();
        await Upload.CopyToAsync(memory, HttpContext.RequestAborted);
        return await ImportAsync(memory.ToArray(), Path.GetFileName(Upload.FileName), skipBad: false);
    }

    /// <summary>Records the good lines of a file whose bad lines were shown, setting the bad ones aside.</summary>
    public async Task<IActionResult> OnPostRecordAsync()
    {
        if (CarriedFile() is not { } bytes)
        {
            ModelState.AddModelError(nameof(Upload), "Upload the spending file again.");
            return Page();
        }
        return await ImportAsync(bytes, FileName ?? "", skipBad: true);
    }

    /// <summary>The bad lines as they were written, each with its line number and reason, to put right and upload again.</summary>
    public IActionResult OnPostBadLines(string? badLines)
    {
        var stem = Path.GetFileNameWithoutExtension(FileName ?? "") is { Length: > 0 } given ? given : "spending";
        var safe = new string(stem.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
        return File(new UTF8Encoding(false).GetBytes(badLines ?? ""), "text/csv", $"{safe}-bad-lines.csv");
    }

    private byte[]? CarriedFile()
    {
        try
        {
            return Carried is { Length: > 0 } c ? Convert.FromBase64String(c) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private async Task<IActionResult> ImportAsync(byte[] bytes, string fileName, bool skipBad)
    {
        fileName = fileName.Trim().Length == 0 ? "spending.csv" : fileName.Trim();
        var read = SpendingFile.Read(bytes);
        if (read.FileProblem is { } problem)
        {
            ModelState.AddModelError(nameof(Upload), $"{fileName}: {problem}");
            return Page();
        }
        var result = await Ledger.SendAsync(new ImportSpends.Command(Me.Actor, KeyFor(skipBad ? "record" : "upload"), fileName, SpendingFile.Hash(bytes),
            read.Lines, skipBad, read.Unreadable), HttpContext.RequestAborted);
        Outcome = result.Value;
        (Carried, FileName) = (Convert.ToBase64String(bytes), fileName);
        var succeeded = Accept(result, new Dictionary<string, string> { ["Lines"] = nameof(Upload) });
        Recorded = succeeded;
        if (Outcome is { Problems.Count: > 0 })
        {
            await using var writer = new StringWriter();
            await SpendingFile.WriteBadLinesAsync(writer, read, Outcome.Problems, HttpContext.RequestAborted);
            BadLines = writer.ToString();
        }
        return Page();
    }
}
