using Microsoft.AspNetCore.Mvc.ModelBinding;
using SdsLedger.Features.Spending;

namespace SdsLedger.Web.Pages.Shared;

/// <summary>A receipt or invoice chosen in a form: read when it is one (a PDF, JPEG or PNG by its content, at most 10 MB).</summary>
public static class ReceiptUpload
{
    /// <summary>The file's bytes; null when none was chosen or it is not one, with the reason put against the field.</summary>
    public static async Task<byte[]?> ReadAsync(IFormFile? file, ModelStateDictionary state, string field, CancellationToken ct)
    {
        if (file is not { Length: > 0 }) return null;
        if (file.Length > EvidenceFile.MaxBytes)
        {
            state.AddModelError(field, "The receipt is larger than 10 MB. " + EvidenceFile.Help);
            return null;
        }
        using var memory = new MemoryStream();
        await file.CopyToAsync(memory, ct);
        var bytes = memory.ToArray();
        if (EvidenceFile.MediaType(bytes) is null)
        {
            state.AddModelError(field, $"‘{Path.GetFileName(file.FileName)}’ is not a PDF, JPEG or PNG file, whatever its name says. {EvidenceFile.Help}");
            return null;
        }
        return bytes;
    }
}
