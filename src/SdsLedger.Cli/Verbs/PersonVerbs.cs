using System.CommandLine;
using System.Text.Json;
using SdsLedger.Documents.People;
using SdsLedger.Domain;
using SdsLedger.Features.Access;
using SdsLedger.Features.People;
using SdsLedger.Features.Shared;
using SdsLedger.LocalPostgres;
using SdsLedger.Pipeline;

namespace SdsLedger.Cli.Verbs;

/// <summary>sdsledger person add: registers a person who uses services, with no more personal data than statements need.</summary>
internal static class PersonVerbs
{
    public static Command Build()
    {
        var person = new Command("person", "People who use services: register them; 'sdsledger budget list --person REF' shows their budgets.");
        var reference = new Option<string>("--ref") { Description = "The person's reference, as on the council's letters, like NT-10231.", Required = true, HelpName = "REFERENCE" };
        var name = new Option<string>("--name") { Description = "Their name, as printed on statements.", Required = true };
        var born = new Option<string>("--born") { Description = "Their date of birth, like 1984-03-02 or 02/03/1984.", Required = true, HelpName = "DATE" };
        var contact = new Option<string?>("--contact") { Description = "Where their statements go: an address or email." };
        var format = new Option<string?>("--statement-format")
        {
            Description = $"How their statements are printed: {StatementFormats.Choices} (default standard). Everyone also gets an HTML copy.",
            HelpName = "FORMAT",
        };
        var largePrint = new Option<bool>("--large-print") { Description = "The same as --statement-format large-print (18 pt)." };
        var socialWorker = new Option<string?>("--social-worker") { Description = "Their social worker's code (default: you, when you are a social worker).", HelpName = "CODE" };
        var add = new Command("add",
            "Register a person. Example: sdsledger person add --ref NT-10231 --name \"Jo Bloggs\" --born 1984-03-02 --contact \"12 Main Street, Kirkton\" --as sw-amacdonald");
        foreach (var o in new Option[] { reference, name, born, contact, format, largePrint, socialWorker }) add.Add(o);
        ActingOptions.On(add, changes: true, async run =>
        {
            if (!TextInput.TryDate(run.Get(born), out var dateOfBirth))
                run.Problem(born.Name, $"'{run.Get(born)}' is not a date; {TextInput.DateHelp}.");
            var statementFormat = run.Get(largePrint) ? StatementFormat.LargePrint : StatementFormat.Standard;
            if (run.Get(format) is { } asked)
            {
                if (!StatementFormats.TryParse(asked, out var chosen))
                    run.Problem(format.Name, $"'{asked}' is not a statement format; give {StatementFormats.Choices}.");
                else if (run.Get(largePrint) && chosen != StatementFormat.LargePrint)
                    run.Problem(largePrint.Name, $"--large-print asks for large print but --statement-format asks for {chosen.Code()}; give one of them.");
                else statementFormat = chosen;
            }
            Guid? socialWorkerId = null;
            var code = run.Get(socialWorker)?.Trim() ?? (run.Actor.Role == Role.SocialWorker ? run.Who : null);
            if (code is not null)
            {
                await using var conn = await run.OpenAsync();
                var worker = await Handles.WorkerAsync(conn, run.Actor, code, run.Ct);
                if (worker is not { Role: "social-worker" } w || w.CouncilId != run.Actor.CouncilId)
                    run.Problem(socialWorker.Name, $"'{code}' is not a social worker of this council. Give their worker code, like sw-amacdonald.");
                else socialWorkerId = w.Id;
            }
            if (run.HasProblems) return await run.ProblemsAsync();

            var result = await run.SendAsync(new RegisterPerson.Command(run.Actor, run.Key, run.Get(reference)!.Trim(), run.Get(name)!.Trim(), dateOfBirth,
                run.Get(contact)?.Trim() ?? "", statementFormat, socialWorkerId));
            return await run.FinishAsync(result, _ =>
            {
                run.Say($"{run.Get(name)!.Trim()} is registered as {run.Get(reference)!.Trim()}{FormatNote(statementFormat)}.");
                run.Say($"Next: set up their budget with 'sdsledger budget create --person {run.Get(reference)!.Trim()} ...'.");
            }, new Dictionary<string, string>
            {
                ["Reference"] = reference.Name, ["Name"] = name.Name, ["DateOfBirth"] = born.Name, ["Contact"] = contact.Name, ["SocialWorkerId"] = socialWorker.Name,
                ["Format"] = format.Name,
            });
        });
        person.Add(add);
        person.Add(Update());
        person.Add(Export());
        person.Add(Open());
        person.Add(Erase());
        person.Add(Wording());
        person.Add(SignIn());
        return person;
    }

    private static Command Erase()
    {
        var reference = new Option<string>("--ref") { Description = "The person's reference, like NT-10231.", Required = true, HelpName = "REFERENCE" };
        var reason = new Option<string>("--reason") { Description = "Why they are erased (their request and the decision; recorded with your name).", Required = true, HelpName = "TEXT" };
        var erase = new Command("erase",
            "Erase a person whose budgets have all ended (an erasure request the law allows): their name, contact details and every free text " +
            "about them are overwritten, and their data key is destroyed, so the ledger's text about them can no longer be read here or in any copy made from now on (backups made before keep it until they expire). " +
            "Amounts and dates stay, so reports and the audit still add up. Example: sdsledger person erase --ref NT-10231 --reason \"erasure request of 2 May, agreed by the DPO\" --as fin-code");
        erase.Add(reference);
        erase.Add(reason);
        ActingOptions.On(erase, changes: true, async run =>
        {
            (Guid Id, string Name)? who;
            await using (var conn = await run.OpenAsync())
                who = await Handles.PersonAsync(conn, run.Actor, run.Get(reference)!, run.Ct);
            if (who is null) run.Problem(reference.Name, $"Nobody of this council has the reference '{run.Get(reference)!.Trim()}'.");
            if (run.HasProblems) return await run.ProblemsAsync();

            var result = await run.SendAsync(new ErasePerson.Command(run.Actor, run.Key, who!.Value.Id, run.Get(reason)!.Trim()));
            return await run.FinishAsync(result,
                r => run.Say(r.AlreadyErased
                    ? $"{run.Get(reference)!.Trim()} was already erased; nothing changed."
                    : $"Erased {run.Get(reference)!.Trim()}: their personal details and texts are gone and their key is destroyed. The erasure and its reason are recorded."),
                new Dictionary<string, string> { ["Reason"] = reason.Name, ["PersonId"] = reference.Name });
        });
        return erase;
    }

    private static Command Open()
    {
        var reference = new Option<string>("--ref") { Description = "The person's reference, like NT-10231.", Required = true, HelpName = "REFERENCE" };
        var reason = new Option<string>("--reason") { Description = "Why you need their record (recorded with your name; auditors see it).", Required = true, HelpName = "TEXT" };
        var open = new Command("open",
            "Open the record of someone not on your caseload, giving a reason (\"break the glass\"): social workers read only their own caseload without one. " +
            "The record then stays open to you for 8 hours. Example: sdsledger person open --ref NT-10231 --reason \"covering for Anna while on leave\" --as sw-bjones");
        open.Add(reference);
        open.Add(reason);
        ActingOptions.On(open, changes: true, async run =>
        {
            (Guid Id, string Name)? who;
            await using (var conn = await run.OpenAsync())
                who = await Handles.PersonAsync(conn, run.Actor, run.Get(reference)!, run.Ct);
            if (who is null) run.Problem(reference.Name, $"Nobody of this council has the reference '{run.Get(reference)!.Trim()}'.");
            if (run.HasProblems) return await run.ProblemsAsync();

            var result = await run.SendAsync(new BreakTheGlass.Command(run.Actor, run.Key, who!.Value.Id, null, run.Get(reason)!.Trim()));
            return await run.FinishAsync(result,
                r => run.Say($"Opened {who.Value.Name}'s record ({run.Get(reference)!.Trim()}) for you until {r.OpenUntil.InZone(Features.Shared.CouncilClock.Zone):d MMMM yyyy HH:mm}. The reason is recorded."),
                new Dictionary<string, string> { ["Reason"] = reason.Name, ["PersonId"] = reference.Name });
        });
        return open;
    }

    private static Command Export()
    {
        var reference = new Option<string>("--ref") { Description = "The person's reference, like NT-10231.", Required = true, HelpName = "REFERENCE" };
        var output = new Option<string>("--out") { Description = "The folder to write into (made if it does not exist).", Required = true, HelpName = "DIR" };
        var export = new Command("export",
            "Write everything held about a person (a subject access request) into a folder: REF-subject-access.json (every record, every field) and " +
            "REF-subject-access.pdf (the same, to read). The export is recorded in the audit trail. " +
            "Example: sdsledger person export --ref NT-10231 --out ./sar --as sw-amacdonald");
        export.Add(reference);
        export.Add(output);
        ActingOptions.On(export, changes: false, async run =>
        {
            (Guid Id, string Name)? who;
            await using (var conn = await run.OpenAsync())
                who = await Handles.PersonAsync(conn, run.Actor, run.Get(reference)!, run.Ct);
            if (who is null) run.Problem(reference.Name, $"Nobody of this council has the reference '{run.Get(reference)!.Trim()}'.");
            if (run.HasProblems) return await run.ProblemsAsync();

            var result = await run.SendAsync(new PersonExport.Query(run.Actor, who!.Value.Id));
            if (!result.Succeeded)
            {
                if (result.Refusal is { } refusal) return await run.RefusedAsync(refusal);
                foreach (var e in result.Errors) run.Problem(reference.Name, e.Message);
                return await run.ProblemsAsync();
            }
            var view = result.Value!;
            var files = await SubjectAccessDocument.WriteFilesAsync(view, Path.GetFullPath(run.Get(output)!, Surroundings.Current.WorkingDirectory), run.Ct);
            if (run.Json)
                await run.Context.Output.WriteLineAsync(JsonSerializer.Serialize(new { json = files.Json, pdf = files.Pdf, pages = files.Pages }, SdsJson.Indented));
            else
                run.Say($"Wrote everything held about {view.Person.Name} ({view.Person.Reference}): {files.Json} and {files.Pdf} ({files.Pages} pages). " +
                        "Send both to them within one month of their request.");
            return ExitCodes.Ok;
        });
        return export;
    }

    private static Command Update()
    {
        var reference = new Option<string>("--ref") { Description = "The person's reference, like NT-10231.", Required = true, HelpName = "REFERENCE" };
        var name = new Option<string?>("--name") { Description = "Their name, as printed on statements." };
        var contact = new Option<string?>("--contact") { Description = "Where their statements go: an address or email." };
        var format = new Option<string?>("--statement-format") { Description = $"How their statements are printed: {StatementFormats.Choices}.", HelpName = "FORMAT" };
        var socialWorker = new Option<string?>("--social-worker") { Description = "Their social worker's code.", HelpName = "CODE" };
        var update = new Command("update",
            "Change a person's name, contact, statement format or social worker; what you leave out stays as it is, and each change is kept with who made it. " +
            "Example: sdsledger person update --ref NT-10231 --contact \"4 Shore Road, Kirkton\" --statement-format large-print --as sw-amacdonald");
        foreach (var o in new Option[] { reference, name, contact, format, socialWorker }) update.Add(o);
        ActingOptions.On(update, changes: true, async run =>
        {
            StatementFormat? statementFormat = null;
            if (run.Get(format) is { } asked)
            {
                if (StatementFormats.TryParse(asked, out var chosen)) statementFormat = chosen;
                else run.Problem(format.Name, $"'{asked}' is not a statement format; give {StatementFormats.Choices}.");
            }
            (Guid Id, string Name)? who;
            Guid? socialWorkerId = null;
            await using (var conn = await run.OpenAsync())
            {
                who = await Handles.PersonAsync(conn, run.Actor, run.Get(reference)!, run.Ct);
                if (who is null) run.Problem(reference.Name, $"Nobody of this council has the reference '{run.Get(reference)!.Trim()}'.");
                if (run.Get(socialWorker)?.Trim() is { Length: > 0 } code)
                {
                    var worker = await Handles.WorkerAsync(conn, run.Actor, code, run.Ct);
                    if (worker is not { Role: "social-worker" } w || w.CouncilId != run.Actor.CouncilId)
                        run.Problem(socialWorker.Name, $"'{code}' is not a social worker of this council. Give their worker code, like sw-amacdonald.");
                    else socialWorkerId = w.Id;
                }
            }
            if (run.HasProblems) return await run.ProblemsAsync();

            var result = await run.SendAsync(new UpdatePerson.Command(run.Actor, run.Key, who!.Value.Id, run.Get(name), run.Get(contact), statementFormat, socialWorkerId));
            return await run.FinishAsync(result, r =>
            {
                if (r.Changes.Count == 0) run.Say($"Nothing changed: {who.Value.Name}'s details were already as given.");
                else run.Say($"Changed for {run.Get(reference)!.Trim()}: {string.Join(", ", r.Changes.Select(ch => ch.Field.Replace('_', ' ')))}. The history keeps what they were.");
            }, new Dictionary<string, string>
            {
                ["Name"] = name.Name, ["Contact"] = contact.Name, ["Format"] = format.Name, ["SocialWorkerId"] = socialWorker.Name, ["Changes"] = name.Name,
            });
        });
        return update;
    }

    private static Command Wording()
    {
        var reference = new Option<string>("--ref") { Description = "The person's reference, like NT-10231.", Required = true, HelpName = "REFERENCE" };
        var wording = new Option<string>("--wording")
        {
            Description = "private: nothing posted says what their test budget is for (the default); names-recovery: their statements may say it is " +
                          "for their recovery, because they asked for that.",
            Required = true,
            HelpName = "WORDING",
        };
        var command = new Command("wording",
            "Record whether a person's statements may say their test budget is for their recovery: only when they ask for it, and only while the " +
            "council offers it ('sdsledger council wording'). Example: sdsledger person wording --ref NT-10231 --wording names-recovery --as sw-amacdonald");
        command.Add(reference);
        command.Add(wording);
        ActingOptions.On(command, changes: true, async run =>
        {
            (Guid Id, string Name)? who;
            await using (var conn = await run.OpenAsync())
                who = await Handles.PersonAsync(conn, run.Actor, run.Get(reference)!, run.Ct);
            if (who is null) run.Problem(reference.Name, $"Nobody of this council has the reference '{run.Get(reference)!.Trim()}'.");
            var asked = run.Get(wording)!.Trim().ToLowerInvariant();
            if (asked is not ("private" or "names-recovery"))
                run.Problem(wording.Name, $"'{run.Get(wording)}' is not a wording; give private or names-recovery.");
            if (run.HasProblems) return await run.ProblemsAsync();
            var namesRecovery = asked == "names-recovery";
            var result = await run.SendAsync(new ChangeStatementWording.Command(run.Actor, run.Key, who!.Value.Id, namesRecovery));
            return await run.FinishAsync(result, _ => run.Say(namesRecovery
                ? $"{who.Value.Name}'s test budget statements now say the budget is for their recovery."
                : $"{who.Value.Name}'s statements say nothing about what their test budget is for."));
        });
        return command;
    }

    private static Command SignIn()
    {
        var reference = new Option<string>("--ref") { Description = "The person's reference, like NT-10231.", Required = true, HelpName = "REFERENCE" };
        var email = new Option<string?>("--email") { Description = "The email address their sign-in codes go to.", HelpName = "EMAIL" };
        var mobile = new Option<string?>("--mobile") { Description = "The UK mobile number their sign-in codes go to by text message, like 07700 900123.", HelpName = "NUMBER" };
        var command = new Command("sign-in",
            "Record where a person's one-time sign-in codes for the web app go, as they chose: an email address, a mobile number, or both. " +
            "What you give replaces what was there; give neither to stop them signing in with a code. The addresses are kept sealed with " +
            "their key. Example: sdsledger person sign-in --ref NT-10231 --email jo@example.com --mobile \"07700 900123\" --as sw-amacdonald");
        foreach (var o in new Option[] { reference, email, mobile }) command.Add(o);
        ActingOptions.On(command, changes: true, async run =>
        {
            (Guid Id, string Name)? who;
            await using (var conn = await run.OpenAsync())
                who = await Handles.PersonAsync(conn, run.Actor, run.Get(reference)!, run.Ct);
            if (who is null) run.Problem(reference.Name, $"Nobody of this council has the reference '{run.Get(reference)!.Trim()}'.");
            if (run.HasProblems) return await run.ProblemsAsync();
            var result = await run.SendAsync(new SetPersonSignIn.Command(run.Actor, run.Key, who!.Value.Id, run.Get(email), run.Get(mobile)));
            var ways = new[] { string.IsNullOrWhiteSpace(run.Get(email)) ? null : "a code by email", string.IsNullOrWhiteSpace(run.Get(mobile)) ? null : "a code by text message" }
                .OfType<string>().ToList();
            return await run.FinishAsync(result, _ => run.Say(ways.Count == 0
                    ? $"{who.Value.Name} can no longer sign in with a code (nowhere to send one)."
                    : $"{who.Value.Name} signs in to the web app with {string.Join(" or ", ways)}."),
                new Dictionary<string, string> { ["Email"] = email.Name, ["Mobile"] = mobile.Name, ["PersonId"] = reference.Name });
        });
        return command;
    }

    private static string FormatNote(StatementFormat format) => format switch
    {
        StatementFormat.LargePrint => ", with large-print statements",
        StatementFormat.EasyRead => ", with Easy Read statements",
        _ => "",
    };
}
