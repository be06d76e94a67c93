using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Councils;
using SdsLedger.Features.Shared;
using Spectre.Console;

namespace SdsLedger.Cli.Verbs;

/// <summary>sdsledger council setup | rules show | rules set, org add, worker add: the council, its rules, providers and staff.</summary>
internal static class CouncilVerbs
{
    public static Command Council()
    {
        var council = new Command("council", "Set up a council and its first finance officer, and show or change the council's rules.");
        council.Add(Setup());
        var rules = new Command("rules", "The council's own rules: approval threshold, excluded purposes, test budget cap and time limit, surplus flag, instalments.");
        rules.Add(ShowRules());
        rules.Add(SetRules());
        rules.Add(ExcludedTerm(remove: false));
        rules.Add(ExcludedTerm(remove: true));
        council.Add(rules);
        council.Add(Wording());
        return council;
    }

    private static Command Wording()
    {
        var recovery = new Option<string>("--recovery")
        {
            Description = "offered: people may choose statements that say their test budget is for their recovery (nobody's do until they choose); " +
                          "withdrawn: no statement says so, whatever people chose.",
            Required = true,
            HelpName = "OFFER",
        };
        var command = new Command("wording",
            "Whether the council offers people statements that say what their test budget is for. Example: sdsledger council wording --recovery withdrawn --as fin-akhan");
        command.Add(recovery);
        ActingOptions.On(command, changes: true, async run =>
        {
            if (run.Actor.CouncilId is not { } councilId) return await NotCouncilStaffAsync(run);
            var asked = run.Get(recovery)!.Trim().ToLowerInvariant();
            if (asked is not ("offered" or "withdrawn"))
                run.Problem(recovery.Name, $"'{run.Get(recovery)}' is not a choice here; give offered or withdrawn.");
            if (run.HasProblems) return await run.ProblemsAsync();
            var offered = asked == "offered";
            var result = await run.SendAsync(new OfferRecoveryWording.Command(run.Actor, run.Key, councilId, offered));
            return await run.FinishAsync(result, chosen => run.Say(offered
                ? $"People may choose statements that say their test budget is for their recovery; {chosen} {(chosen == 1 ? "has" : "have")} chosen it."
                : $"No statement says what a test budget is for now. {chosen} {(chosen == 1 ? "person had" : "people had")} chosen it; " +
                  "their choice counts again if the council offers it again."));
        });
        return command;
    }

    private static Command Setup()
    {
        var code = new Option<string>("--code") { Description = "A short code for the council: lower-case letters, digits and hyphens, like north-kirkton.", Required = true };
        var name = new Option<string>("--name") { Description = "The council's name, as printed on statements.", Required = true };
        var contact = new Option<string>("--contact") { Description = "Who people contact with questions (shown on statements), like 'SDS team, 01234 560 700'.", Required = true };
        var financeCode = new Option<string>("--finance-code") { Description = "The worker code of the finance officer setting it up, like fin-akhan. Use it with --as afterwards.", Required = true };
        var financeName = new Option<string>("--finance-name") { Description = "The finance officer's name, as recorded in history.", Required = true };
        var setup = new Command("setup",
            "Set up a council (its rules start at the defaults) and register the finance officer doing it, who then adds everyone else. " +
            "Example: sdsledger council setup --code north-kirkton --name \"North Kirkton Council\" --contact \"SDS team, 01234 560 700\" --finance-code fin-akhan --finance-name \"Aisha Khan\"");
        setup.Add(code);
        setup.Add(name);
        setup.Add(contact);
        setup.Add(financeCode);
        setup.Add(financeName);
        // The first finance officer's id comes from the run's key, so a retry with --key names the same person.
        ActingOptions.Bootstrap(setup, (parse, key) => new Actor(ActingOptions.IdFromKey(key), parse.GetValue(financeName)!.Trim(), Role.CouncilFinance, null), async run =>
        {
            var worker = run.Get(financeCode)!.Trim();
            var created = await run.SendAsync(new SetUpCouncil.Command(run.Actor, run.KeyFor("council"), run.Get(code)!.Trim(), run.Get(name)!.Trim(),
                run.Get(contact)!.Trim(), worker));
            if (!created.Succeeded) return await run.FinishAsync(created, _ => { }, Fields);
            return await run.FinishAsync(Pipeline.Result<object>.Ok(new { councilId = created.Value, financeWorkerId = run.Actor.Id, financeCode = worker }), _ =>
            {
                run.Say($"{run.Get(name)!.Trim()} is set up (code {run.Get(code)!.Trim()}), with its rules at the defaults.");
                run.Say($"{run.Actor.Name} is its first finance officer: act as them with --as {worker}.");
                run.Say("Next: add staff with 'sdsledger worker add', providers with 'sdsledger org add', and people with 'sdsledger person add'.");
            });
        });
        return setup;
    }

    private static Command ShowRules()
    {
        var show = new Command("show", "Show the council's rules as the spending rules read them now.");
        ActingOptions.On(show, changes: false, async run =>
        {
            if (run.Actor.CouncilId is not { } councilId) return await NotCouncilStaffAsync(run);
            var result = await run.SendAsync(new ShowCouncilRules.Query(run.Actor, councilId));
            return await run.FinishAsync(result, view =>
            {
                var table = Print.Table($"{view.Name} ({view.Code}): rules", "Rule", "Setting", "Option to change it");
                foreach (var (rule, setting, option) in Describe(view.Rules)) table.Row(rule, setting, option);
                run.Console.Write(table);
                run.Say($"Last changed by {view.UpdatedBy} on {view.UpdatedAt.InUtc().Date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}.");
            });
        });
        return show;
    }

    /// <summary>council rules add-term | remove-term: what an excluded purpose means, beyond the words SdsLedger ships for it.</summary>
    private static Command ExcludedTerm(bool remove)
    {
        var purpose = new Option<string>("--purpose") { Description = "The excluded purpose, as the council lists it, like alcohol.", Required = true };
        var words = new Option<string?>("--words") { Description = "A word or phrase that means it in a payee or description, like prosecco or \"off licence\".", HelpName = "TEXT" };
        var code = new Option<string?>("--merchant-code") { Description = "A card's merchant category code that means it, like 5921.", HelpName = "CODE" };
        var command = new Command(remove ? "remove-term" : "add-term", remove
            ? "Take away a word, phrase or merchant code the council added to an excluded purpose. Example: sdsledger council rules remove-term --purpose alcohol --words prosecco --as fin-akhan"
            : "Add a word, phrase or merchant code that means an excluded purpose (the shipped ones stay). Example: sdsledger council rules add-term --purpose alcohol --words prosecco --as fin-akhan");
        command.Add(purpose);
        command.Add(words);
        command.Add(code);
        ActingOptions.On(command, changes: true, async run =>
        {
            if (run.Actor.CouncilId is not { } councilId) return await NotCouncilStaffAsync(run);
            var (w, c) = (run.Get(words), run.Get(code));
            if ((w is null) == (c is null)) run.Problem(words.Name, "Give either --words or --merchant-code (one of them).");
            if (run.HasProblems) return await run.ProblemsAsync();
            var result = await run.SendAsync(new ChangeExcludedTerms.Command(run.Actor, run.Key, councilId, run.Get(purpose)!.Trim().ToLowerInvariant(),
                w is null ? ChangeExcludedTerms.Kind.MerchantCode : ChangeExcludedTerms.Kind.Words, w ?? c!, remove));
            return await run.FinishAsync(result, p =>
            {
                run.Say($"{p.Name} now means, in a payee or description: {string.Join(", ", p.Terms)}.");
                if (p.MerchantCodes.Count > 0) run.Say($"... and these card merchant category codes: {string.Join(", ", p.MerchantCodes)}.");
            }, new Dictionary<string, string> { ["Purpose"] = purpose.Name, ["Term"] = w is null ? code.Name : words.Name });
        });
        return command;
    }

    private static Command SetRules()
    {
        var threshold = new Option<string?>("--approval-threshold") { Description = "Spends above this need a second person's approval, like 250 (£0 means every spend).", HelpName = "POUNDS" };
        var excluded = new Option<string?>("--excluded") { Description = "The purposes budgets may never be spent on, comma-separated, replacing the list: like gambling,alcohol,tobacco,illegal,investments,nhs-provided.", HelpName = "LIST" };
        var cap = new Option<string?>("--test-budget-cap") { Description = "The most a test budget may be, like 250.", HelpName = "POUNDS" };
        var testWeeks = new Option<int?>("--test-budget-weeks") { Description = "How many weeks a test budget lasts, like 12.", HelpName = "WEEKS" };
        var surplus = new Option<int?>("--surplus-weeks") { Description = "Flag a balance above this many weeks of funding for a discussion, like 8.", HelpName = "WEEKS" };
        var instalments = new Option<int?>("--instalment-weeks") { Description = "Pay instalments every this many weeks, for budgets set up from now, like 4.", HelpName = "WEEKS" };
        var duplicates = new Option<int?>("--duplicate-days") { Description = "Ask for confirmation when the same payee and amount come within this many days, like 3 (0 turns it off).", HelpName = "DAYS" };
        var runAhead = new Option<int?>("--payment-run-days-ahead") { Description = "How many days after today a payment run may be dated, like 7 (0 means today at the latest).", HelpName = "DAYS" };
        var window = new Option<int?>("--approval-window-days") { Description = "The approval threshold counts what one payee gets within this many days, like 7 (0: each spend alone).", HelpName = "DAYS" };
        var set = new Command("set", "Change some of the council's rules; the rest stay as they are. Example: sdsledger council rules set --approval-threshold 300 --as fin-akhan");
        foreach (var o in new Option[] { threshold, excluded, cap, testWeeks, surplus, instalments, duplicates, runAhead, window }) set.Add(o);
        ActingOptions.On(set, changes: true, async run =>
        {
            if (run.Actor.CouncilId is not { } councilId) return await NotCouncilStaffAsync(run);
            var thresholdValue = RuleAmount(run, threshold, allowZero: true);
            var capValue = RuleAmount(run, cap, allowZero: false);
            var excludedValue = run.Get(excluded) is { } list
                ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => p.ToLowerInvariant()).ToList()
                : null;
            if (run.HasProblems) return await run.ProblemsAsync();
            var result = await run.SendAsync(new ChangeCouncilRules.Command(run.Actor, run.Key, councilId, thresholdValue, excludedValue, capValue,
                run.Get(testWeeks), run.Get(surplus), run.Get(instalments), run.Get(duplicates), run.Get(runAhead), run.Get(window)));
            return await run.FinishAsync(result, rules =>
            {
                var table = Print.Table("The council's rules now", "Rule", "Setting", "Option to change it");
                foreach (var (rule, setting, option) in Describe(rules)) table.Row(rule, setting, option);
                run.Console.Write(table);
            }, new Dictionary<string, string>
            {
                ["Rules"] = "rules", ["ApprovalThreshold"] = threshold.Name, ["ExcludedPurposes"] = excluded.Name, ["TestBudgetCap"] = cap.Name,
                ["TestBudgetWeeks"] = testWeeks.Name, ["SurplusWeeks"] = surplus.Name, ["InstalmentWeeks"] = instalments.Name, ["DuplicateDays"] = duplicates.Name,
                ["PaymentRunDaysAhead"] = runAhead.Name, ["ApprovalWindowDays"] = window.Name,
            });
        });
        return set;
    }

    public static Command Organisation()
    {
        var org = new Command("org", "Organisations that may hold option-2 funds or test budgets for people (providers, recovery services).");
        var code = new Option<string>("--code") { Description = "A short code: lower-case letters, digits and hyphens, like harbour-care.", Required = true };
        var name = new Option<string>("--name") { Description = "The organisation's name, as printed on statements.", Required = true };
        var contact = new Option<string?>("--contact") { Description = "How to reach them, like a phone number." };
        var add = new Command("add", "Register an organisation. Example: sdsledger org add --code harbour-care --name \"Harbour Care and Support\" --contact \"0141 496 0000\" --as fin-akhan");
        add.Add(code);
        add.Add(name);
        add.Add(contact);
        ActingOptions.On(add, changes: true, async run =>
        {
            var result = await run.SendAsync(new RegisterOrganisation.Command(run.Actor, run.Key, run.Get(code)!.Trim(), run.Get(name)!.Trim(), run.Get(contact)?.Trim() ?? ""));
            return await run.FinishAsync(result, _ =>
                run.Say($"{run.Get(name)!.Trim()} is registered as '{run.Get(code)!.Trim()}'. Add its staff with 'sdsledger worker add --org {run.Get(code)!.Trim()}'."), Fields);
        });
        org.Add(add);
        return org;
    }

    public static Command Worker()
    {
        var worker = new Command("worker", "Staff who use SdsLedger: social workers, finance officers, auditors, and providers' or recovery services' workers.");
        var code = new Option<string>("--code") { Description = "The code they act with (--as): lower-case letters, digits and hyphens, like sw-amacdonald.", Required = true };
        var name = new Option<string>("--name") { Description = "Their name, as recorded in history.", Required = true };
        var role = new Option<string>("--role") { Description = "What they do.", Required = true };
        role.AcceptOnlyFromAmong("social-worker", "council-finance", "auditor", "provider", "recovery-worker");
        var org = new Option<string?>("--org") { Description = "The organisation they work for (its code), for providers and recovery workers.", HelpName = "CODE" };
        var add = new Command("add", "Register a worker. Example: sdsledger worker add --code sw-amacdonald --name \"Anna MacDonald\" --role social-worker --as fin-akhan");
        var email = new Option<string?>("--email")
        {
            Description = "The email they sign in to the web app with (their council's identity provider, matched by email).",
            HelpName = "EMAIL",
        };
        var subject = new Option<string?>("--subject")
        {
            Description = "The subject their council's identity provider gives them (its stable id for them), when known.",
            HelpName = "SUBJECT",
        };
        add.Add(code);
        add.Add(name);
        add.Add(role);
        add.Add(org);
        add.Add(email);
        add.Add(subject);
        ActingOptions.On(add, changes: true, async run =>
        {
            Roles.TryParse(run.Get(role), out var r);
            Guid? organisationId = null;
            if (run.Get(org) is { Length: > 0 } orgCode)
            {
                await using var conn = await run.OpenAsync();
                organisationId = await Handles.OrganisationAsync(conn, run.Actor, orgCode, run.Ct);
                if (organisationId is null) run.Problem(org.Name, $"This council has registered no organisation with the code '{orgCode}'. Register it first with 'sdsledger org add'.");
            }
            else if (r == Role.Provider) run.Problem(org.Name, "A provider's worker belongs to an organisation: give its code with --org.");
            if (run.HasProblems) return await run.ProblemsAsync();
            var council = r is Role.Provider || (r is Role.RecoveryWorker && organisationId is not null) ? null : run.Actor.CouncilId;
            var result = await run.SendAsync(new RegisterWorker.Command(run.Actor, run.Key, run.Get(code)!.Trim(), run.Get(name)!.Trim(), r, council, organisationId));
            if (result.Succeeded && (run.Get(email) is { Length: > 0 } || run.Get(subject) is { Length: > 0 }))
            {
                var signIn = await run.SendAsync(new SetWorkerSignIn.Command(run.Actor, run.KeyFor("sign-in"), result.Value, run.Get(email), run.Get(subject)));
                if (!signIn.Succeeded) return await run.FinishAsync(signIn, _ => { }, SignInFields);
            }
            return await run.FinishAsync(result, _ =>
                run.Say($"{run.Get(name)!.Trim()} ({run.Get(role)}) is registered: they act with --as {run.Get(code)!.Trim()}."),
                new Dictionary<string, string> { ["Code"] = code.Name, ["Name"] = name.Name, ["Role"] = role.Name, ["OrganisationId"] = org.Name, ["CouncilId"] = "--as" });
        });
        worker.Add(add);

        var who = new Option<string>("--code") { Description = "The worker's code, like sw-amacdonald.", Required = true };
        var newEmail = new Option<string?>("--email") { Description = "Their email for signing in to the web app; \"\" clears it.", HelpName = "EMAIL" };
        var newSubject = new Option<string?>("--subject") { Description = "Their identity provider subject; \"\" clears it.", HelpName = "SUBJECT" };
        var signInCommand = new Command("sign-in",
            "Set how a worker signs in to the web app: the email and identity provider subject their council's sign-in gives. " +
            "Example: sdsledger worker sign-in --code sw-amacdonald --email anna.macdonald@north-kirkton.gov.uk --as fin-akhan")
        {
            who, newEmail, newSubject,
        };
        ActingOptions.On(signInCommand, changes: true, async run =>
        {
            await using var conn = await run.OpenAsync();
            var found = await Handles.WorkerAsync(conn, run.Actor, run.Get(who)!, run.Ct);
            if (found is null || found.Value.CouncilId != run.Actor.CouncilId)
            {
                run.Problem(who.Name, $"No worker of your council has the code '{run.Get(who)!.Trim()}'.");
                return await run.ProblemsAsync();
            }
            var result = await run.SendAsync(new SetWorkerSignIn.Command(run.Actor, run.Key, found.Value.Id, run.Get(newEmail), run.Get(newSubject)));
            return await run.FinishAsync(result, _ => run.Say($"{found.Value.Name} signs in to the web app with {Describe(run.Get(newEmail), run.Get(newSubject))}."), SignInFields);
        });
        worker.Add(signInCommand);
        worker.Add(DeactivateWorkerVerb());
        return worker;
    }

    private static readonly Dictionary<string, string> SignInFields = new() { ["Email"] = "--email", ["IdentitySubject"] = "--subject", ["WorkerId"] = "--code" };

    private static string Describe(string? email, string? subject) =>
        (string.IsNullOrWhiteSpace(email), string.IsNullOrWhiteSpace(subject)) switch
        {
            (false, false) => $"the subject {subject!.Trim()} or the email {email!.Trim()}",
            (false, true) => $"the email {email!.Trim()}",
            (true, false) => $"the subject {subject!.Trim()}",
            _ => "neither an email nor a subject (only a sign-in link, on a local installation)",
        };


    private static Command DeactivateWorkerVerb()
    {
        var code = new Option<string>("--code") { Description = "The code of the worker who is leaving, like sw-amacdonald.", Required = true };
        var deactivate = new Command("deactivate",
            "Stop a worker acting: their commands and tokens are refused from now on, and history still names them. Example: sdsledger worker deactivate --code sw-amacdonald --as fin-akhan");
        deactivate.Add(code);
        ActingOptions.On(deactivate, changes: true, async run =>
        {
            var workerCode = run.Get(code)!.Trim();
            await using (var conn = await run.OpenAsync())
            {
                if (await Handles.WorkerAsync(conn, run.Actor, workerCode, run.Ct) is { } found)
                {
                    var result = await run.SendAsync(new DeactivateWorker.Command(run.Actor, run.Key, found.Id));
                    return await run.FinishAsync(result, done =>
                        run.Say($"{done.Name} ({done.Code}) can no longer act: their commands and tokens are refused. History still names them."),
                        new Dictionary<string, string> { ["WorkerId"] = code.Name });
                }
            }
            run.Problem(code.Name, $"No worker of this council has the code '{workerCode}'.");
            return await run.ProblemsAsync();
        });
        return deactivate;
    }

    private static readonly Dictionary<string, string> Fields = new()
    {
        ["Code"] = "--code", ["Name"] = "--name", ["Contact"] = "--contact", ["FinanceCode"] = "--finance-code", ["Actor"] = "--finance-name",
    };

    private static IEnumerable<(string Rule, string Setting, string Option)> Describe(CouncilRules r) =>
    [
        ("Second person approves spends above", r.ApprovalThreshold.ToString(), "--approval-threshold"),
        ("... counting what one payee gets within", r.ApprovalWindowDays == 0 ? "each spend alone" : $"{r.ApprovalWindowDays} days", "--approval-window-days"),
        ("Never spent on", string.Join(", ", r.ExcludedPurposes), "--excluded"),
        ("Test budget cap", r.TestBudgetCap.ToString(), "--test-budget-cap"),
        ("Test budget lasts", $"{r.TestBudgetWeeks} weeks", "--test-budget-weeks"),
        ("Surplus flagged above", $"{r.SurplusWeeks} weeks of funding", "--surplus-weeks"),
        ("Instalments paid every", $"{r.InstalmentWeeks} weeks, in advance", "--instalment-weeks"),
        ("Possible duplicate within", r.DuplicateDays == 0 ? "off" : $"{r.DuplicateDays} days", "--duplicate-days"),
        ("Payment runs dated at most", r.PaymentRunDaysAhead == 0 ? "today" : $"{r.PaymentRunDaysAhead} days ahead", "--payment-run-days-ahead"),
    ];

    private static Money? RuleAmount(VerbRun run, Option<string?> option, bool allowZero)
    {
        var text = run.Get(option);
        if (text is null) return null;
        if (allowZero && decimal.TryParse(text.Trim().TrimStart('£'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var zero) && zero == 0m)
            return Money.Zero;
        if (TextInput.TryAmount(text, out var amount, out var problem)) return amount;
        run.Problem(option.Name, problem);
        return null;
    }

    internal static async Task<int> NotCouncilStaffAsync(VerbRun run)
    {
        run.Problem("--as", $"{run.Actor.Name} does not work for a council; act as one of the council's finance officers or social workers.");
        return await run.ProblemsAsync();
    }
}
