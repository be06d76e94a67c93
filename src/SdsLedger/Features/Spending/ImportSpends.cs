using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Ledger;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Spending;

/// <summary>A line of a spending file that cannot be imported: which line, which column, and why (with the rule's code when a spending rule refused it).</summary>
public sealed record ImportProblem(int Line, string Field, string Message, string? Code = null);

/// <summary>A line recorded as a spend, now or by an earlier import of the same file.</summary>
public sealed record ImportedSpend(int Line, Guid EntryId, string Person, Money Amount, string Category, string Payee, bool AlreadyImported);

/// <summary>What an import did: lines read, spends recorded now, lines an earlier import of the same file had recorded, and the bad lines.</summary>
public sealed record ImportOutcome(string FileName, int Lines, int Imported, int AlreadyImported, Money Total,
                                   IReadOnlyList<ImportedSpend> Spends, IReadOnlyList<ImportProblem> Problems);

/// <summary>
/// Records a provider's or prepaid card's spending file in one transaction: every line passes the same checks
/// as a single spend (the spending rules included), and if any line is bad nothing is recorded, unless
/// SkipBad asks to record the good lines and report the bad ones. Each line's key is the file's hash and its
/// line number, so importing the same file again records nothing twice.
/// </summary>
public static class ImportSpends
{
    /// <summary>The refusal code when a file has bad lines and nothing was recorded.</summary>
    public const string BadLines = "bad-lines";

    /// <summary>The columns of a spending file, in the order they are written.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["date", "person", "budget", "part", "amount", "category", "payee", "description", "evidence", "hours", "family", "confirm_duplicate", "approval"];

    /// <summary>One line of a spending file, exactly as written; the handler reads and checks it.</summary>
    public sealed record Line(int Number, string Date, string Person, string Budget, string Part, string Amount, string Category, string Payee,
                              string Description, string Evidence = "", string Hours = "", string Family = "", string ConfirmDuplicate = "",
                              string Approval = "");

    /// <param name="Unreadable">Lines the file reader could not read as CSV: always bad lines, so the whole file is refused without SkipBad.</param>
    public sealed record Command(Actor Actor, string IdempotencyKey, string FileName, string FileHash, IReadOnlyList<Line> Lines, bool SkipBad,
                                 IReadOnlyList<ImportProblem>? Unreadable = null)
        : ISdsCommand<ImportOutcome>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.FileHash).NotEmpty().Matches("^[0-9a-f]{16,128}$")
                .WithMessage("Give the file's content hash (lower-case hex), so each line keeps the same key when the file is imported again.");
            RuleFor(c => c.Lines).NotNull().Must((c, l) => l is null || l.Count + (c.Unreadable?.Count ?? 0) > 0)
                .WithMessage("The file has no lines of spending under its header.")
                .Must(l => l is null || l.Count <= 50_000).WithMessage("A file holds at most 50,000 lines; split it by month or by provider.");
            RuleFor(c => c.Lines).Must(l => l is null || l.Select(x => x.Number).Distinct().Count() == l.Count)
                .WithMessage("Each line number appears once.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            audit.CouncilId = c.Actor.CouncilId;
            return ValueTask.FromResult(c.Actor.Role == Role.Auditor ? Scope.RoleCannot(c.Actor, "record spending") : null);
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit, SpendAttemptLoader loader, SpendingParts parts, SpendWriter writer,
                                  PersonKeys personKeys)
        : ICommandHandler<Command, Result<ImportOutcome>>
    {
        private const string AlreadyPosted = "SELECT idempotency_key AS Key, id AS EntryId FROM ledger.entries WHERE idempotency_key = ANY (@Keys)";

        private readonly Dictionary<string, IReadOnlyList<BudgetChoice>> _budgets = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<Guid, BudgetChoice?> _budgetsOfParts = [];

        public async ValueTask<Result<ImportOutcome>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            var keys = c.Lines.ToDictionary(l => l.Number, l => $"spend:import:{c.FileHash}:{l.Number}");
            var posted = (await conn.QueryAsync<(string Key, Guid EntryId)>(new CommandDefinition(AlreadyPosted, new { Keys = keys.Values.ToArray() }, cancellationToken: ct)))
                .ToDictionary(x => x.Key, x => x.EntryId, StringComparer.Ordinal);

            var problems = new List<ImportProblem>(c.Unreadable ?? []);
            var spends = new List<ImportedSpend>();
            foreach (var line in c.Lines.OrderBy(l => l.Number))
            {
                if (posted.TryGetValue(keys[line.Number], out var earlier))
                {
                    spends.Add(new ImportedSpend(line.Number, earlier, line.Person, Money.TryParse(line.Amount, out var m) ? m : Money.Zero,
                        line.Category.Trim().ToLowerInvariant(), line.Payee.Trim(), AlreadyImported: true));
                    continue;
                }
                var read = Read(line);
                if (read.Problems.Count > 0)
                {
                    problems.AddRange(read.Problems);
                    continue;
                }
                var (spend, problem) = await RecordAsync(c, line, read, keys[line.Number], ct);
                if (problem is not null) problems.Add(problem);
                else spends.Add(spend!);
            }

            var now = spends.Where(s => !s.AlreadyImported).ToList();
            var total = now.Aggregate(Money.Zero, (sum, s) => sum + s.Amount);
            var already = spends.Count - now.Count;
            var badLines = problems.Select(p => p.Line).Distinct().Count();
            var lines = c.Lines.Select(l => l.Number).Union(problems.Select(p => p.Line)).Count();
            if (badLines > 0 && !c.SkipBad)
            {
                var outcome = new ImportOutcome(c.FileName, lines, 0, already, Money.Zero, [], Sorted(problems));
                return new Result<ImportOutcome>(outcome, new Refusal(BadLines,
                    $"{badLines} of {lines} line(s) of {c.FileName} cannot be recorded, so nothing from the file was recorded. " +
                    "Put those lines right and import the file again, or import the good lines now and set the bad ones aside."), null);
            }
            audit.Detail = $"{now.Count} spend(s), {total}, imported from {c.FileName} ({already} already imported, {badLines} bad line(s) set aside)";
            return new ImportOutcome(c.FileName, lines, now.Count, already, total, spends, Sorted(problems));
        }

        private static List<ImportProblem> Sorted(List<ImportProblem> problems) => problems.OrderBy(p => p.Line).ToList();

        /// <summary>
        /// A line goes the way a single spend goes: the same validator for its shape, the same check that the actor may spend
        /// from the part, the same spending rules, and the same writer; only where the answers go differs (a line and a column).
        /// </summary>
        private async Task<(ImportedSpend? Spend, ImportProblem? Problem)> RecordAsync(Command c, Line line, ReadLine read, string key, CancellationToken ct)
        {
            var (budget, found, where) = await FindPartAsync(c.Actor, line, read, ct);
            if (where is not null) return (null, where);

            var spend = new RecordSpend.Command(c.Actor, key, found!.PartId, read.Amount, read.Category, read.Payee, read.Date, read.Description,
                read.Evidence, read.Hours, read.Family, read.ConfirmDuplicate, read.Approval);
            if ((await Shape.ValidateAsync(spend, ct)).Errors.FirstOrDefault() is { } invalid)
                return (null, new ImportProblem(line.Number, Column(invalid.PropertyName), invalid.ErrorMessage));
            if (await parts.GetAsync(found.PartId, ct) is not { } part || !Scope.CanSee(c.Actor, part.Scope))
                return (null, new ImportProblem(line.Number, "part", "That budget part was not found, or is not yours to see.", RefusalCodes.NotFound));
            if (SpendingRules.Evaluate((await loader.LoadAsync(session, spend, ct))!) is { } refusal)
                return (null, new ImportProblem(line.Number, FieldOf(refusal.Code), refusal.Reason, refusal.Code));

            var written = await writer.WriteAsync(c.Actor, key, part,
                new SpendLine(read.Amount, read.Category, read.Payee, read.Date, read.Description, read.Evidence, read.Hours, read.Approval), captures: null, ct);
            if (written.Refusal is { } late) return (null, new ImportProblem(line.Number, FieldOf(late.Code), late.Reason, late.Code));

            // Whose budget each line touched is recorded, as a single spend's would be.
            var touched = new AuditContext { CouncilId = part.Scope.CouncilId, PersonId = budget!.PersonId, BudgetId = budget.BudgetId, ActorName = audit.ActorName };
            await AuditTrail.RecordAsync(session, personKeys, c, touched, "done", null,
                $"line {line.Number} of {c.FileName}: {read.Amount} to {read.Payee} for {read.Category}", ct);
            return (new ImportedSpend(line.Number, written.Value, budget.PersonReference, read.Amount, read.Category, read.Payee, AlreadyImported: false), null);
        }

        private static readonly RecordSpend.Validator Shape = new();

        /// <summary>The file's column for a field of a spend.</summary>
        private static string Column(string property) => property switch
        {
            nameof(RecordSpend.Command.ConfirmDuplicate) => "confirm_duplicate",
            nameof(RecordSpend.Command.MerchantCode) => "merchant_code",
            nameof(RecordSpend.Command.PayeeIsFamily) => "family",
            nameof(RecordSpend.Command.ApprovalId) => "approval",
            nameof(RecordSpend.Command.PartId) => "part",
            _ => property.ToLowerInvariant(),
        };

        private async Task<(BudgetChoice? Budget, PartChoice? Part, ImportProblem? Problem)> FindPartAsync(Actor actor, Line line, ReadLine read, CancellationToken ct)
        {
            var conn = session.Connection;
            if (read.PartId is { } partId)
            {
                if (!_budgetsOfParts.TryGetValue(partId, out var owner))
                    _budgetsOfParts[partId] = owner = await Handles.BudgetOfPartAsync(conn, actor, partId, ct);
                var part = owner?.Parts.FirstOrDefault(p => p.PartId == partId);
                return part is null
                    ? (null, null, new ImportProblem(line.Number, "part", $"No budget part has the id {partId}, or it is not yours to see.", RefusalCodes.NotFound))
                    : (owner, part, null);
            }

            var handle = line.Budget.Trim().Length > 0 ? line.Budget.Trim() : line.Person.Trim();
            var field = line.Budget.Trim().Length > 0 ? "budget" : "person";
            if (!_budgets.TryGetValue(handle, out var found))
                _budgets[handle] = found = await Handles.BudgetsAsync(conn, actor, handle, ct);
            if (field == "budget" && line.Person.Trim().Length > 0)
                found = found.Where(b => string.Equals(b.PersonReference, line.Person.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
            var (budget, problem) = Handles.Pick(found, handle, read.Date);
            if (budget is null) return (null, null, new ImportProblem(line.Number, field, problem!, RefusalCodes.NotFound));
            var (chosen, partProblem) = Handles.PickPart(budget, read.PartNumber);
            return chosen is null
                ? (null, null, new ImportProblem(line.Number, "part", $"{budget.PersonReference}: {partProblem} Put the part's number in the part column.", RefusalCodes.NotFound))
                : (budget, chosen, null);
        }

        /// <summary>The column a person would look at to put a refused line right.</summary>
        private static string FieldOf(string code) => code switch
        {
            RefusalCodes.InsufficientFunds => "amount",
            RefusalCodes.OutsidePeriod or RefusalCodes.PeriodClosed or RefusalCodes.TestBudgetCap => "date",
            RefusalCodes.OutsidePlan or RefusalCodes.ExcludedPurpose => "category",
            RefusalCodes.NotHolder => "part",
            RefusalCodes.NeedsApproval or RefusalCodes.ApproverIsRequester => "approval",
            RefusalCodes.FamilyPayeeUnagreed => "family",
            RefusalCodes.PossibleDuplicate => "confirm_duplicate",
            _ => "line",
        };
    }

    /// <summary>A line's values once read, or what is wrong with each column.</summary>
    internal sealed record ReadLine(LocalDate Date, Money Amount, string Category, string Payee, string Description, string? Evidence, decimal? Hours,
                                    bool Family, bool ConfirmDuplicate, Guid? Approval, Guid? PartId, int? PartNumber, IReadOnlyList<ImportProblem> Problems);

    /// <summary>Reads one line's columns, naming each one that is wrong and how to write it.</summary>
    internal static ReadLine Read(Line line)
    {
        var problems = new List<ImportProblem>();
        void Problem(string field, string message) => problems.Add(new ImportProblem(line.Number, field, message));

        if (!TextInput.TryDate(line.Date, out var date))
            Problem("date", line.Date.Trim().Length == 0 ? $"is empty; give the day of the spend: {TextInput.DateHelp}." : $"'{line.Date.Trim()}' is not a date; {TextInput.DateHelp}.");
        if (!TextInput.TryAmount(line.Amount, out var amount, out var amountProblem)) Problem("amount", amountProblem);

        // What a spend's text may be is the spend's validator's to say (RecordSpend.Validator); here only what must be read.
        var category = line.Category.Trim().ToLowerInvariant();
        var payee = line.Payee.Trim();
        var description = line.Description.Trim();
        var evidence = line.Evidence.Trim();

        decimal? hours = null;
        if (line.Hours.Trim().Length > 0)
        {
            if (decimal.TryParse(line.Hours.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var h)) hours = h;
            else Problem("hours", $"'{line.Hours.Trim()}' is not a number of hours; write hours of support delivered, like 3.5.");
        }

        var family = ReadYesNo(line.Family, "family", Problem);
        var confirm = ReadYesNo(line.ConfirmDuplicate, "confirm_duplicate", Problem);

        Guid? approval = null;
        if (line.Approval.Trim().Length > 0)
        {
            if (Guid.TryParse(line.Approval.Trim(), out var a)) approval = a;
            else Problem("approval", $"'{line.Approval.Trim()}' is not an approval id; copy it from 'sdsledger approval approve', or leave the column empty.");
        }

        Guid? partId = null;
        int? partNumber = null;
        var part = line.Part.Trim();
        if (part.Length > 0)
        {
            if (Guid.TryParse(part, out var id)) partId = id;
            else if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 20) partNumber = n;
            else Problem("part", $"'{part}' is not a part; write the part's number within the budget (1, 2 …) or its id, or leave it empty when the budget has one part.");
        }
        if (partId is null && line.Person.Trim().Length == 0 && line.Budget.Trim().Length == 0)
            Problem("person", "is empty; give the person's reference (like NT-10201), or the budget's id in the budget column.");

        return new ReadLine(date, amount, category, payee, description, evidence.Length == 0 ? null : evidence, hours, family, confirm,
            approval, partId, partNumber, problems);
    }

    private static bool ReadYesNo(string text, string field, Action<string, string> problem)
    {
        if (TextInput.YesNo(text) is { } answer) return answer;
        problem(field, $"'{text.Trim()}' is not yes or no; write yes, no, or leave it empty (meaning no).");
        return false;
    }
}
