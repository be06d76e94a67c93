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

/// <summary>The options of every verb that acts or reads on someone's behalf: who (--as), the idempotency key (--key) and --json.</summary>
internal sealed class ActingOptions
{
    private ActingOptions(bool changes)
    {
        Changes = changes;
        Key = changes
            ? new Option<string?>("--key")
            {
                Description = "Idempotency key. Run the command again with the same key to retry safely: nothing is recorded twice. " +
                              "Default: a new key, printed.",
                HelpName = "KEY",
            }
            : null;
    }

    public Option<string> As { get; } = new("--as")
    {
        Description = "Who is acting: your worker code (like sw-amacdonald or fin-akhan), or person:REFERENCE for a person using their own budget.",
        HelpName = "WHO",
        Required = true,
    };

    public Option<string?>? Key { get; }

    public Option<bool> Json { get; } = new("--json") { Description = "Print the result as JSON, for scripts." };

    public bool Changes { get; }

    /// <summary>Adds --as, --json and (for verbs that change something) --key to the command, and runs the body with them.</summary>
    public static ActingOptions On(Command command, bool changes, Func<VerbRun, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(command);
        var options = new ActingOptions(changes);
        command.Add(options.As);
        if (options.Key is not null) command.Add(options.Key);
        command.Add(options.Json);
        command.SetAction((parse, ct) => VerbRun.ExecuteAsync(parse, options, body, null, ct));
        return options;
    }

    /// <summary>
    /// For the one verb run before anyone is registered (council setup): the actor comes from its own options and the run's
    /// key, not --as.
    /// </summary>
    public static void Bootstrap(Command command, Func<ParseResult, string, Actor> actor, Func<VerbRun, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(command);
        var options = new ActingOptions(changes: true);
        command.Add(options.Key!);
        command.Add(options.Json);
        command.SetAction((parse, ct) => VerbRun.ExecuteAsync(parse, options, body, actor, ct));
    }

    /// <summary>An id that the same idempotency key always gives, for the actor a first command registers.</summary>
    public static Guid IdFromKey(string key) => new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"first-actor:{key}"))[..16]);
}
