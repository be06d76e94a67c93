using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Domain;
using SdsLedger.Features.People;
using SdsLedger.Features.Shared;

namespace SdsLedger.Web.Pages.People;

/// <summary>Register a person who uses services; a social worker who registers them becomes their social worker.</summary>
[Authorize(Roles = "social-worker,council-finance")]
public sealed class RegisterModel : StaffPageModel
{
    private static readonly Dictionary<string, string> Fields = new()
    {
        ["Reference"] = nameof(Reference), ["Name"] = nameof(Name), ["DateOfBirth"] = nameof(DateOfBirth), ["Contact"] = nameof(Contact),
    };

    public override IReadOnlyList<string> FormFields { get; } = [nameof(Reference), nameof(Name), nameof(DateOfBirth), nameof(Contact), nameof(Format)];

    [BindProperty] public string? Reference { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? DateOfBirth { get; set; }
    [BindProperty] public string? Contact { get; set; }
    [BindProperty] public string? Format { get; set; } = "standard";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!TextInput.TryDate(DateOfBirth, out var born))
            ModelState.AddModelError(nameof(DateOfBirth), string.IsNullOrWhiteSpace(DateOfBirth)
                ? "Enter the date of birth, for example 02/03/1984."
                : $"‘{DateOfBirth.Trim()}’ is not a date: {TextInput.DateHelp}.");
        if (!StatementFormats.TryParse(Format, out var format))
            ModelState.AddModelError(nameof(Format), "Choose how their statements should be printed.");
        var command = new RegisterPerson.Command(Me.Actor, KeyFor(), Reference?.Trim() ?? "", Name?.Trim() ?? "",
            ModelState.IsValid ? born : new NodaTime.LocalDate(2000, 1, 1), Contact?.Trim() ?? "",
            format,
            Me.Role == Role.SocialWorker ? Me.WorkerId : null);
        if (!ModelState.IsValid)
        {
            // Nothing is sent; the command's own checks still name every other field that needs putting right.
            await CheckShapeAsync(command, Fields, nameof(DateOfBirth));
            return Page();
        }
        var result = await Ledger.SendAsync(command, HttpContext.RequestAborted);
        return Accept(result, Fields) ? LocalRedirect($"/people/{result.Value}?registered=true") : Page();
    }
}
