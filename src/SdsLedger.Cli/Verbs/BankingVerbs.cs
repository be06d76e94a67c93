using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using NodaTime;
using SdsLedger.Banking.Statements;
using SdsLedger.Documents.Banking;
using SdsLedger.Features.Banking;
using SdsLedger.Features.Payments;
using SdsLedger.Features.Shared;
using SdsLedger.LocalPostgres;
using SdsLedger.Pipeline;

namespace SdsLedger.Cli.Verbs;

/// <summary>
/// Real money: bank details, a payment run's files, bank and card statements, reconciliation, draft spends from card
/// lines, and the direct payment monitoring return.
/// </summary>
internal static class BankingVerbs
{
    /// <summary>sdsledger bank-details set: where a person's, third party's or provider's instalments go, or where the council pays from.</summary>
    public static Command BankDetails()
    {
        var person = new Option<string?>("--person") { Description = "The person whose account it is, by reference (like NT-10201).", HelpName = "REF" };
        var partNo = new Option<int?>("--part-no") { Description = "With --person: the part of their budget a nominated third party holds; the account is the third party's.", HelpName = "N" };
        var organisation = new Option<string?>("--organisation") { Description = "A provider's account, by organisation code (like harbour-care).", HelpName = "CODE" };
        var council = new Option<bool>("--council") { Description = "The council's own account, that payments leave from (a finance officer sets it)." };
        var name = new Option<string>("--name") { Description = "The name on the account, as the bank has it.", Required = true, HelpName = "NAME" };
        var sortCode = new Option<string>("--sort-code") { Description = "The sort code, like 08-99-99.", Required = true, HelpName = "SORT-CODE" };
        var number = new Option<string>("--account-number") { Description = "The eight-digit account number.", Required = true, HelpName = "NUMBER" };
        var iban = new Option<string?>("--iban") { Description = "The IBAN, where the account has one and payments should use it.", HelpName = "IBAN" };
        var sun = new Option<string?>("--service-user-number") { Description = "With --council: the council's six-character Bacs service user number.", HelpName = "SUN" };
        var set = new Command("set",
            "Record the bank account a person's, a nominated third party's or a provider's instalments are paid into, or the council's own account. " +
            "The sort code and account number must pass the Vocalink modulus check. The details are kept with the person's or organisation's record " +
            "and shown masked everywhere but the bank file; a change is a new record, and the old one stays as the record of earlier payments.");
        foreach (var o in new Option[] { person, partNo, organisation, council, name, sortCode, number, iban, sun }) set.Add(o);
        ActingOptions.On(set, changes: true, async run =>
        {
            var holders = (run.Get(person) is { Length: > 0 } ? 1 : 0) + (run.Get(organisation) is { Length: > 0 } ? 1 : 0) + (run.Get(council) ? 1 : 0);
            if (holders != 1)
            {
                run.Problem("--person", "Say whose account it is: one of --person REF (with --part-no N for a nominated third party), --organisation CODE or --council.");
                return await run.ProblemsAsync();
            }
            await using var conn = await run.OpenAsync();
            Guid? personId = null, partId = null, organisationId = null;
            var holder = BankHolder.Council;
            if (run.Get(person) is { Length: > 0 } reference)
            {
                personId = (await Handles.PersonAsync(conn, run.Actor, reference, run.Ct))?.Id;
                if (personId is null) run.Problem(person.Name, $"Nobody is registered with the reference '{reference.Trim()}' in your council.");
                holder = BankHolder.Person;
                if (run.Get(partNo) is { } n && personId is not null)
                {
                    holder = BankHolder.ThirdParty;
                    var budgets = await Handles.BudgetsAsync(conn, run.Actor, reference, run.Ct);
                    var (budget, problem) = Handles.Pick(budgets, reference);
                    partId = budget?.Parts.FirstOrDefault(p => p.Position == n)?.PartId;
                    if (partId is null) run.Problem(partNo.Name, problem ?? $"{reference.Trim()}'s budget has no part {n}.");
                }
            }
            else if (run.Get(organisation) is { Length: > 0 } code)
            {
                holder = BankHolder.Organisation;
                organisationId = await Handles.OrganisationAsync(conn, run.Actor, code, run.Ct);
                if (organisationId is null) run.Problem(organisation.Name, $"No organisation has the code '{code.Trim()}'.");
            }
            if (run.HasProblems) return await run.ProblemsAsync();
            var result = await run.SendAsync(new RecordBankDetails.Command(run.Actor, run.Key, holder, personId, partId, organisationId, run.Get(name)!,
                run.Get(sortCode)!, run.Get(number)!, run.Get(iban), run.Get(sun)));
            return await run.FinishAsync(result, v =>
                run.Say($"Recorded the bank account of {v.HolderName}: {v.AccountName}, {v.Account}{(v.Iban is { } i ? $", IBAN {i}" : "")}. " +
                        "Payments from the next payment files go there."),
                new Dictionary<string, string>
                {
                    ["AccountName"] = name.Name, ["SortCode"] = sortCode.Name, ["AccountNumber"] = number.Name, ["Iban"] = iban.Name, ["ServiceUserNumber"] = sun.Name,
                    ["PartId"] = partNo.Name, ["PersonId"] = person.Name, ["OrganisationId"] = organisation.Name,
                });
        });
        var details = new Command("bank-details", "Bank details: where instalments are paid, and the council's own account.");
        details.Add(set);
        return details;
    }

    /// <summary>sdsledger payment-files: the pain.001 and Bacs files of a payment run, and a remittance advice per payee.</summary>
    public static Command PaymentFiles()
    {
        var date = new Option<string?>("--date") { Description = "The payment run's date (default today).", HelpName = "DATE" };
        var output = new Option<string>("--out") { Description = "The folder to write the files to.", Required = true, HelpName = "DIR" };
        var command = new Command("payment-files",
            "Write a payment run's files for the council's bank: an ISO 20022 pain.001.001.09 credit transfer file and a Bacs Standard 18 file, one payment " +
            "per payee (a person, a nominated third party or a provider), and a remittance advice per payee as PDF and CSV. Run it after 'payment-run' " +
            "for the same date. Running it again writes the same files and pays nobody twice; instalments whose receiver has no bank details wait, named, for the next files.");
        command.Add(date);
        command.Add(output);
        ActingOptions.On(command, changes: true, async run =>
        {
            var day = run.Date(date);
            if (run.HasProblems) return await run.ProblemsAsync();
            if (run.Actor.CouncilId is not { } councilId) return await CouncilVerbs.NotCouncilStaffAsync(run);
            var result = await run.SendAsync(new WritePaymentFiles.Command(run.Actor, run.Key, councilId, day));
            if (!result.Succeeded) return await run.FinishAsync(result, _ => { }, new Dictionary<string, string> { ["RunDate"] = date.Name });
            var outcome = result.Value!;
            var written = new List<(string Path, int? Pages)>();
            if (outcome.BatchId is not null)
            {
                var files = await run.SendAsync(new PaymentBatchFiles.Query(run.Actor, councilId, day));
                if (!files.Succeeded) return await run.FinishAsync(files, _ => { });
                written.AddRange(PaymentFileSet.Write(files.Value!, Path.GetFullPath(run.Get(output)!, Surroundings.Current.WorkingDirectory)));
            }
            if (run.Json)
            {
                await run.Context.Output.WriteLineAsync(JsonSerializer.Serialize(new { outcome, files = written.Select(w => w.Path) }, SdsJson.Indented));
                return ExitCodes.Ok;
            }
            return await run.FinishAsync(result, o =>
            {
                if (o.BatchId is null) run.Say($"Nothing to pay by file for the run of {Print.Day(day)}: every instalment paid by then is in earlier files.");
                else
                {
                    run.Say($"{(o.WrittenBefore ? "The files written before for" : "Payment files for")} the run of {Print.Day(day)} ({o.MessageId}): " +
                            $"{Print.Count(o.Payments, "payment", "payments")} of {Print.Count(o.Instalments, "instalment", "instalments")}, {o.Total} in all." +
                            (o.WrittenBefore ? " They are the same files; nobody is paid twice." : ""));
                    foreach (var (path, pages) in written) run.Say($"  {path}{(pages is { } n ? $" ({Print.Count(n, "page", "pages")})" : "")}");
                }
                if (o.HeldBack.Count > 0)
                {
                    run.Say($"{Print.Count(o.HeldBack.Count, "instalment was", "instalments were")} held back for the next files:");
                    foreach (var h in o.HeldBack) run.Say($"  {h.PersonReference} part {h.PartPosition}, due {Print.Day(h.DueOn)}, {h.Amount}: {h.Reason}.");
                }
            });
        });
        return command;
    }

    /// <summary>sdsledger import bank FILE --account ...: a bank or card statement for a monitored account.</summary>
    public static Command ImportBank()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The statement: camt.053 (XML), OFX 1.x or 2.x, a bank's CSV export, or a prepaid card feed (CSV)." };
        var account = new Option<string>("--account")
        {
            Description = "Whose account: 'council', a person's reference (their direct payment account or prepaid card) or a provider's organisation code (its client account).",
            Required = true, HelpName = "ACCOUNT",
        };
        var command = new Command("bank",
            "Import a bank or card statement: ISO 20022 camt.053 (001.001.02 and 001.001.08), OFX 1.x (SGML) and 2.x (XML), CSV exports of the large UK banks " +
            "(columns found by name: a date, an amount or paid in and paid out, a description, and a balance if there is one), or a prepaid card feed " +
            "(CSV with the merchant's name and merchant category code). The statement's balances must agree with its lines. Importing the same file again " +
            "records nothing twice; card lines with no spend recorded become draft spends ('sdsledger drafts'). Example: sdsledger import bank october.xml --account council --as fin-akhan");
        command.Add(file);
        command.Add(account);
        ActingOptions.On(command, changes: true, async run =>
        {
            var path = run.Get(file)!;
            if (!path.Exists)
            {
                run.Problem("FILE", $"There is no file {path.FullName}. Check the name and folder.");
                return await run.ProblemsAsync();
            }
            if (path.Length > 64 * 1024 * 1024)
            {
                run.Problem("FILE", $"{path.Name} is larger than 64 MB; split it by month.");
                return await run.ProblemsAsync();
            }
            StatementAccount? owner;
            await using (var conn = await run.OpenAsync())
            {
                string? problem;
                (owner, problem) = await StatementAccount.FindAsync(conn, run.Actor, run.Get(account)!, run.Ct);
                if (owner is null) run.Problem(account.Name, problem!);
            }
            var bytes = await File.ReadAllBytesAsync(path.FullName, run.Ct);
            BankStatement? statement = null;
            var readAs = "";
            try
            {
                (statement, readAs) = StatementFile.Read(bytes);
            }
            catch (StatementFormatException e)
            {
                foreach (var p in e.Problems.Take(20)) run.Problem(path.Name, $"{p.Where}: {p.Problem}.");
                if (e.Problems.Count > 20) run.Problem(path.Name, $"and {e.Problems.Count - 20} more problems like these.");
            }
            if (run.HasProblems || owner is null || statement is null) return await run.ProblemsAsync();

            var result = await run.SendAsync(new ImportBankStatement.Command(run.Actor, run.Key, owner, path.Name,
                Convert.ToHexStringLower(SHA256.HashData(bytes)), readAs, statement));
            return await run.FinishAsync(result, o =>
            {
                if (o.ImportedBefore)
                {
                    run.Say($"{o.FileName} was imported before, so nothing was recorded again.");
                    return;
                }
                run.Say($"Imported {o.FileName}, read as {o.ReadAs}: {Print.Count(o.Lines, "line", "lines")}, {o.New} new" +
                        (o.AlreadyHeld > 0 ? $", {o.AlreadyHeld} already held from an earlier statement" : "") + ".");
                if (o.Opening is { } opening && o.Closing is { } closing) run.Say($"Balances checked: {opening} at the start, {closing} at the end.");
                if (o.DraftSpends > 0)
                    run.Say($"{Print.Count(o.DraftSpends, "card line has", "card lines have")} no spend recorded and wait as draft spends: 'sdsledger drafts list'.");
            }, new Dictionary<string, string> { ["Statement.Lines"] = "FILE", ["Statement.Currency"] = "FILE", ["Statement"] = "FILE" });
        });
        return command;
    }

    /// <summary>sdsledger reconcile --account ... --from --to: bank lines against the ledger.</summary>
    public static Command Reconciliation()
    {
        var account = new Option<string>("--account") { Description = "'council', a person's reference or a provider's organisation code.", Required = true, HelpName = "ACCOUNT" };
        var from = new Option<string>("--from") { Description = "The first day of the period.", Required = true, HelpName = "DATE" };
        var to = new Option<string?>("--to") { Description = "The last day of the period (default today).", HelpName = "DATE" };
        var output = new Option<string?>("--out") { Description = "Also write the reconciliation to this file (.pdf or .csv).", HelpName = "FILE" };
        var command = new Command("reconcile",
            "Match a monitored account's bank lines to the ledger over a period: payments out of the council's account to its payment files; a direct payment " +
            "holder's lines to the instalments paid to them and their recorded spends; a provider's client account to its payments and option 2 spends. " +
            "Shows what matched, money that moved with no record, and records with no money.");
        foreach (var o in new Option[] { account, from, to, output }) command.Add(o);
        ActingOptions.On(command, changes: false, async run =>
        {
            var first = run.RequiredDate(from);
            var last = run.Date(to);
            var path = run.Get(output) is { Length: > 0 } o ? Path.GetFullPath(o, Surroundings.Current.WorkingDirectory) : null;
            if (path is not null && Path.GetExtension(path).ToLowerInvariant() is not (".pdf" or ".csv")) run.Problem(output.Name, "Name the file .pdf or .csv.");
            StatementAccount? owner;
            await using (var conn = await run.OpenAsync())
            {
                string? problem;
                (owner, problem) = await StatementAccount.FindAsync(conn, run.Actor, run.Get(account)!, run.Ct);
                if (owner is null) run.Problem(account.Name, problem!);
            }
            if (run.HasProblems || owner is null) return await run.ProblemsAsync();
            var result = await run.SendAsync(new Reconcile.Query(run.Actor, owner, first, last));
            if (result.Value is { } view && path is not null) WriteReconciliation(view, run.Get(account)!.Trim(), path);
            return await run.FinishAsync(result, v => PrintReconciliation(run, v, path), new Dictionary<string, string> { ["From"] = from.Name, ["To"] = to.Name });
        });
        return command;
    }

    internal static void WriteReconciliation(ReconciliationView view, string accountName, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        if (path.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase)) ReconciliationDocument.WritePdf(view, accountName, file);
        else
        {
            using var writer = new StreamWriter(file);
            ReconciliationDocument.WriteCsv(view, writer);
        }
    }

    private static void PrintReconciliation(VerbRun run, ReconciliationView v, string? path)
    {
        run.Say($"Reconciliation of {v.Account} from {Print.Day(v.From)} to {Print.Day(v.To)} (dates up to {v.WindowDays} days apart): " +
                $"{v.Matched.Count} matched, {v.BankOnly.Count} with no record, {v.LedgerOnly.Count} with no money.");
        if (v.BankOnly.Count > 0)
        {
            var table = Print.Table("Money that moved with no record", "Date", "£Amount", "What the bank says", "Draft spend");
            foreach (var l in v.BankOnly) table.Row(Print.ShortDay(l.Date), l.Amount, l.Text, l.DraftSpendId?.ToString() ?? "");
            run.Console.Write(table);
        }
        if (v.LedgerOnly.Count > 0)
        {
            var table = Print.Table("Records with no money", "Date", "£Amount", "Kind", "Payee", "Reference");
            foreach (var r in v.LedgerOnly) table.Row(Print.ShortDay(r.Date), r.Amount, r.Kind, r.Payee, r.Reference);
            run.Console.Write(table);
        }
        if (v.StatementClosing is { } closing)
            run.Say(v.LedgerBalance is { } ledger && ledger != closing
                ? $"The bank's closing balance on {Print.Day(v.StatementClosingOn!.Value)} was {closing}; the ledger says {ledger}. Look into the difference."
                : $"The bank's closing balance on {Print.Day(v.StatementClosingOn!.Value)} was {closing}.");
        if (path is not null) run.Say($"Wrote {path}.");
    }

    /// <summary>sdsledger drafts list | confirm | dismiss: card lines with no spend recorded.</summary>
    public static Command Drafts()
    {
        var drafts = new Command("drafts", "Draft spends: card lines with no spend recorded, waiting to be confirmed (through every spending rule) or dismissed.");

        var person = new Option<string?>("--person") { Description = "Only this person's drafts, by reference.", HelpName = "REF" };
        var list = new Command("list", "List the draft spends waiting for a decision.");
        list.Add(person);
        ActingOptions.On(list, changes: false, async run =>
        {
            Guid? personId = null;
            if (run.Get(person) is { Length: > 0 } reference)
            {
                await using var conn = await run.OpenAsync();
                personId = (await Handles.PersonAsync(conn, run.Actor, reference, run.Ct))?.Id;
                if (personId is null) run.Problem(person.Name, $"Nobody is registered with the reference '{reference.Trim()}' in your council.");
            }
            if (run.HasProblems) return await run.ProblemsAsync();
            var result = await run.SendAsync(new DraftSpends.Query(run.Actor, personId));
            return await run.FinishAsync(result, rows =>
            {
                if (rows.Count == 0)
                {
                    run.Say("No draft spends are waiting.");
                    return;
                }
                var table = Print.Table($"{Print.Count(rows.Count, "draft spend", "draft spends")} waiting", "Draft", "Person", "Date", "£Amount", "Payee", "Merchant code");
                foreach (var d in rows) table.Row(d.Id.ToString(), $"{d.PersonReference} part {d.PartPosition}", Print.ShortDay(d.Date), d.Amount, d.Payee, d.MerchantCategoryCode ?? "");
                run.Console.Write(table);
                run.Say("Record one with 'sdsledger drafts confirm DRAFT --category CATEGORY', or 'sdsledger drafts dismiss DRAFT --reason ...' if it was not a spend from the budget.");
            });
        });
        drafts.Add(list);

        var draftId = new Argument<string>("DRAFT") { Description = "The draft spend's id, as 'drafts list' shows it." };
        var category = new Option<string>("--category") { Description = "The support plan's category it comes under.", Required = true, HelpName = "CATEGORY" };
        var description = new Option<string?>("--description") { Description = "What was bought (default: card payment to the merchant).", HelpName = "TEXT" };
        var confirm = new Command("confirm", "Record a draft spend as a spend, through every spending rule; a refusal says why and leaves the draft waiting.");
        confirm.Add(draftId);
        confirm.Add(category);
        confirm.Add(description);
        ActingOptions.On(confirm, changes: false, async run =>
        {
            if (!Guid.TryParse(run.Get(draftId)!.Trim(), out var id)) run.Problem("DRAFT", $"'{run.Get(draftId)!.Trim()}' is not a draft spend's id; copy it from 'sdsledger drafts list'.");
            if (run.HasProblems) return await run.ProblemsAsync();
            var result = await ConfirmDraftSpend.ConfirmAsync(run.App, run.Actor, id, run.Get(category)!.Trim().ToLowerInvariant(), run.Get(description), run.Ct);
            return await run.FinishAsync(result, d => run.Say($"Recorded the draft spend as entry {d.EntryId}."),
                new Dictionary<string, string> { ["Category"] = category.Name, ["Description"] = description.Name });
        });
        drafts.Add(confirm);

        var reason = new Option<string>("--reason") { Description = "Why the card line is not a spend from the budget.", Required = true, HelpName = "TEXT" };
        var dismiss = new Command("dismiss", "Close a draft spend that was not a spend from the budget, with the reason, for the monitoring officer.");
        dismiss.Add(draftId);
        dismiss.Add(reason);
        ActingOptions.On(dismiss, changes: true, async run =>
        {
            if (!Guid.TryParse(run.Get(draftId)!.Trim(), out var id)) run.Problem("DRAFT", $"'{run.Get(draftId)!.Trim()}' is not a draft spend's id; copy it from 'sdsledger drafts list'.");
            if (run.HasProblems) return await run.ProblemsAsync();
            var result = await run.SendAsync(new DecideDraftSpend.Command(run.Actor, run.Key, id, null, run.Get(reason)));
            return await run.FinishAsync(result, _ => run.Say("Dismissed the draft spend; the reason is kept with it."), new Dictionary<string, string> { ["Reason"] = reason.Name });
        });
        drafts.Add(dismiss);
        return drafts;
    }

    /// <summary>sdsledger monitoring-return --quarter 2026-Q4 --out FILE: the direct payment monitoring return.</summary>
    public static Command MonitoringReturn()
    {
        var quarter = new Option<string>("--quarter") { Description = "The quarter, as YYYY-Qn (Q1 is January to March), like 2026-Q4.", Required = true, HelpName = "YYYY-Qn" };
        var output = new Option<string>("--out") { Description = "The file to write: .pdf or .csv.", Required = true, HelpName = "FILE" };
        var command = new Command("monitoring-return",
            "Write the direct payment monitoring return for a quarter: per person, the money held at the start, received, spent with evidence and without, " +
            "held at the end, money that left their account with no spend recorded, and a flag where the bank's balance and the ledger's differ.");
        command.Add(quarter);
        command.Add(output);
        ActingOptions.On(command, changes: false, async run =>
        {
            var text = run.Get(quarter)!.Trim().ToUpperInvariant();
            var parts = text.Split("-Q");
            LocalDate from = default;
            if (parts.Length != 2 || !int.TryParse(parts[0], out var year) || !int.TryParse(parts[1], out var q) || year is < 2000 or > 2100 || q is < 1 or > 4)
                run.Problem(quarter.Name, $"'{text}' is not a quarter; write it as YYYY-Qn, like 2026-Q4 (October to December 2026).");
            else from = new LocalDate(year, (q - 1) * 3 + 1, 1);
            var path = Path.GetFullPath(run.Get(output)!, Surroundings.Current.WorkingDirectory);
            var kind = Path.GetExtension(path).ToLowerInvariant();
            if (kind is not (".pdf" or ".csv")) run.Problem(output.Name, "Name the file .pdf or .csv.");
            if (run.HasProblems) return await run.ProblemsAsync();
            var result = await run.SendAsync(new Features.Banking.MonitoringReturn.Query(run.Actor, from, from.PlusMonths(3).PlusDays(-1)));
            if (result.Value is { } view)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using var file = File.Create(path);
                if (kind == ".pdf") MonitoringReturnDocument.WritePdf(view, file);
                else
                {
                    using var writer = new StreamWriter(file);
                    MonitoringReturnDocument.WriteCsv(view, writer);
                }
            }
            return await run.FinishAsync(result, v => run.Say($"Wrote {path}: {Print.Count(v.Rows.Count, "person", "people")} with a direct payment, {v.Flagged} to follow up."));
        });
        return command;
    }

    /// <summary>sdsledger bank match-window --days N.</summary>
    public static Command MatchWindow()
    {
        var days = new Option<int>("--days") { Description = "How many days apart a bank line and its record may be (0 to 31).", Required = true, HelpName = "N" };
        var window = new Command("match-window", "Set how many days apart a bank line and its record may be and still match (5 unless set).");
        window.Add(days);
        ActingOptions.On(window, changes: true, async run =>
        {
            var result = await run.SendAsync(new SetMatchWindow.Command(run.Actor, run.Key, run.Get(days)));
            return await run.FinishAsync(result, d => run.Say($"Bank lines now match records up to {Print.Count(d, "day", "days")} apart."));
        });
        var bank = new Command("bank", "The council's bank matching settings.");
        bank.Add(window);
        return bank;
    }
}
