using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Extensions;
using Npgsql;
using SdsLedger.Domain;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;
using Spectre.Console;

namespace SdsLedger.Cli.Verbs;

/// <summary>
/// One run of a verb: the database, who is acting, the idempotency key, the input problems found so far, and the
/// way every answer is printed (a table, or JSON with --json) and turned into an exit code.
/// </summary>
internal sealed class VerbRun(ParseResult parse, CliContext context, SdsLedgerApp app, string who, Actor actor, string key, bool keyGiven, bool json,
                              CancellationToken ct)
{
    private static readonly DateTimeZone Scotland = DateTimeZoneProviders.Tzdb["Europe/London"];
    private readonly List<FieldError> _problems = [];

    public CliContext Context => context;
    public IAnsiConsole Console => context.Console;
    public SdsLedgerApp App => app;
    public Actor Actor => actor;

    /// <summary>What was given with --as: a worker code or person:REFERENCE.</summary>
    public string Who => who;
    public bool Json => json;
    public CancellationToken Ct => ct;

    /// <summary>The idempotency key of this run (given with --key, or new).</summary>
    public string Key => key;

    /// <summary>A key for one of several commands a verb sends, derived from the run's key so a retry derives the same ones.</summary>
    public string KeyFor(string step) => $"{key}:{step}";

    public LocalDate Today { get; } = SystemClock.Instance.InZone(Scotland).GetCurrentDate();

    public bool HasProblems => _problems.Count > 0;

    public static async Task<int> ExecuteAsync(ParseResult parse, ActingOptions options, Func<VerbRun, Task<int>> body, Func<ParseResult, string, Actor>? bootstrap,
                                               CancellationToken ct)
    {
        var json = parse.GetValue(options.Json);
        if (UnprintableValues(parse) is { Count: > 0 } unprintable)
            return await WriteProblemsAsync(new CliContext(parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, null), json, unprintable);
        var context = DbVerbs.Context(parse);
        var who = bootstrap is null ? parse.GetValue(options.As)!.Trim() : "";
        var cs = await context.MigratedDatabaseAsync(ct);
        await using var app = SdsLedgerApp.Create(cs, readConnectionString: context.ReadConnectionString(cs));

        var given = options.Key is null ? null : parse.GetValue(options.Key)?.Trim();
        var key = string.IsNullOrEmpty(given) ? Guid.CreateVersion7().ToString() : given;
        var actor = bootstrap?.Invoke(parse, key);
        if (actor is null)
        {
            await using var conn = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(ct);
            (actor, var problem) = await ActorDirectory.FindAsync(conn, who, ct);
            if (actor is null) return await WriteProblemsAsync(context, json, [new FieldError("--as", problem!)]);
        }

        Print.Widen(context.Console);
        var run = new VerbRun(parse, context, app, who, actor, key, given is { Length: > 0 }, json, ct);
        try
        {
            return await body(run);
        }
        catch (Exception) when (options.Changes && !ct.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync(
                $"If you are not sure whether this was recorded, run the same command again with --key {run.Key}: it will not be recorded twice.");
            throw;
        }
    }

    public T? Get<T>(Option<T> option) => parse.GetValue(option);

    /// <summary>
    /// Every option and argument typed, checked as every text is (Validation.TextProblem): a NUL, a terminal escape, an
    /// invisible or direction-changing character is refused naming the option, before anything is read or written.
    /// </summary>
    internal static List<FieldError> UnprintableValues(ParseResult parse)
    {
        var problems = new List<FieldError>();
        for (var command = parse.CommandResult; command is not null; command = command.Parent as System.CommandLine.Parsing.CommandResult)
            foreach (var child in command.Children)
            {
                var name = child switch
                {
                    System.CommandLine.Parsing.OptionResult o => o.Option.Name,
                    System.CommandLine.Parsing.ArgumentResult a => a.Argument.Name,
                    _ => null,
                };
                if (name is null) continue;
                foreach (var token in child.Tokens)
                    if (Validation.TextProblem(token.Value) is { } problem && problems.All(p => p.Field != name))
                        problems.Add(new FieldError(name, "The value " + problem));
            }
        return problems;
    }

    public T? Get<T>(Argument<T> argument) => parse.GetValue(argument);

    /// <summary>Writes a sentence as it is (the terminal wraps it), for what tables do not say.</summary>
    public void Say(string text) => context.Output.WriteLine(text);

    public Task<Result<T>> SendAsync<T>(Mediator.ICommand<Result<T>> command) => app.SendAsync(command, ct);

    public Task<Result<T>> SendAsync<T>(Mediator.IQuery<Result<T>> query) => app.SendAsync(query, ct);

    public async Task<NpgsqlConnection> OpenAsync() => await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(ct);

    /// <summary>Notes a problem with an option's value; the verb reports them all together before sending anything.</summary>
    public void Problem(string option, string message) => _problems.Add(new FieldError(option, message));

    /// <summary>Reports the problems noted so far: exit 1, and nothing is sent.</summary>
    public Task<int> ProblemsAsync() => WriteProblemsAsync(context, json, _problems);

    /// <summary>An amount option (pounds and pence); notes a problem and returns zero when it cannot be read.</summary>
    public Money Amount(Option<string> option)
    {
        if (TextInput.TryAmount(Get(option), out var amount, out var problem)) return amount;
        Problem(option.Name, problem);
        return Money.Zero;
    }

    /// <summary>A date option; empty means the fallback (today, unless another is given).</summary>
    public LocalDate Date(Option<string?> option, LocalDate? fallback = null)
    {
        var text = Get(option);
        if (string.IsNullOrWhiteSpace(text)) return fallback ?? Today;
        if (string.Equals(text.Trim(), "today", StringComparison.OrdinalIgnoreCase)) return Today;
        if (TextInput.TryDate(text, out var date)) return InRange(option.Name, date, fallback ?? Today);
        Problem(option.Name, $"'{text.Trim()}' is not a date; {TextInput.DateHelp}.");
        return fallback ?? Today;
    }

    /// <summary>A required date option.</summary>
    public LocalDate RequiredDate(Option<string> option)
    {
        var text = Get(option) ?? "";
        if (string.Equals(text.Trim(), "today", StringComparison.OrdinalIgnoreCase)) return Today;
        if (TextInput.TryDate(text, out var date)) return InRange(option.Name, date, Today);
        Problem(option.Name, $"'{text.Trim()}' is not a date; {TextInput.DateHelp}.");
        return Today;
    }

    /// <summary>The date when it is in the ledger's range (2000 to ten years ahead); otherwise notes the problem and gives the fallback.</summary>
    private LocalDate InRange(string option, LocalDate date, LocalDate fallback)
    {
        if (Validation.DateProblem(date, Today) is not { } problem) return date;
        Problem(option, problem);
        return fallback;
    }

    /// <summary>Prints the answer: the value as a table (or JSON), or the refusal or bad fields. Returns the exit code.</summary>
    public async Task<int> FinishAsync<T>(Result<T> result, Action<T> print, IReadOnlyDictionary<string, string>? fields = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(print);
        if (result.Succeeded)
        {
            if (json) await context.Output.WriteLineAsync(JsonSerializer.Serialize(result.Value, SdsJson.Indented));
            else
            {
                print(result.Value!);
                if (!keyGiven && Changes) Say($"To repeat this safely, add --key {key}: nothing is recorded twice.");
            }
            return ExitCodes.Ok;
        }
        if (result.Refusal is { } refusal) return await RefusedAsync(refusal);
        return await WriteProblemsAsync(context, json, result.Errors.Select(e => e with { Field = OptionName(e.Field, fields) }).ToList());
    }

    private bool Changes => parse.CommandResult.Command.Options.Any(o => o.Name == "--key");

    public async Task<int> RefusedAsync(Domain.Spending.Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        if (json) await context.Output.WriteLineAsync(JsonSerializer.Serialize(new { refusal }, SdsJson.Indented));
        else
        {
            await context.Error.WriteLineAsync($"Refused ({refusal.Code}): {refusal.Reason}");
            if (NextStep(refusal.Code) is { } next) await context.Error.WriteLineAsync(next);
        }
        return ExitCodes.Refused;
    }

    /// <summary>What to type next after a refusal this command line can answer, when the verb has the option for it.</summary>
    private string? NextStep(string code)
    {
        bool Has(string option) => parse.CommandResult.Command.Options.Any(o => o.Name == option);
        return code switch
        {
            Domain.Spending.RefusalCodes.PossibleDuplicate when Has("--confirm-duplicate") =>
                "If it really is a second, separate payment, run the same command again with --confirm-duplicate.",
            Domain.Spending.RefusalCodes.NeedsApproval when Has("--approval") =>
                "Ask with 'sdsledger approval request' (same budget, amount, category and payee); once a second person approves, add --approval APPROVAL-ID here.",
            Domain.Spending.RefusalCodes.FamilyPayeeUnagreed when Has("--family") =>
                "A social worker records the council's agreement with 'sdsledger family agree --budget ... --payee ... --reason ...'.",
            _ => null,
        };
    }

    private static async Task<int> WriteProblemsAsync(CliContext context, bool json, IReadOnlyList<FieldError> errors)
    {
        if (json) await context.Output.WriteLineAsync(JsonSerializer.Serialize(new { errors }, SdsJson.Indented));
        else
        {
            await context.Error.WriteLineAsync(errors.Count == 1 ? "Not done: one thing needs putting right." : $"Not done: {errors.Count} things need putting right.");
            foreach (var e in errors) await context.Error.WriteLineAsync($"  {e.Field}: {e.Message}");
        }
        return ExitCodes.Refused;
    }

    /// <summary>"Parts[1].Amount" → "--part 2, amount": the option a person typed, so they know what to change.</summary>
    internal static string OptionName(string field, IReadOnlyDictionary<string, string>? fields)
    {
        if (fields is not null && fields.TryGetValue(field, out var exact)) return exact;
        var segments = field.Split('.', 2);
        var head = segments[0];
        var index = "";
        var bracket = head.IndexOf('[', StringComparison.Ordinal);
        if (bracket > 0 && int.TryParse(head[(bracket + 1)..^1], out var i))
        {
            index = $" {i + 1}";
            head = head[..bracket];
        }
        var option = fields is not null && fields.TryGetValue(head, out var mapped) ? mapped : "--" + Kebab(head);
        return option + index + (segments.Length > 1 ? $", {Kebab(segments[1]).Replace('-', ' ')}" : "");
    }

    private static string Kebab(string name) =>
        string.Concat(name.Select((ch, i) => char.IsUpper(ch) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(ch) : ch.ToString()));
}
