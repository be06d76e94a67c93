using System.CommandLine;
using Dapper;
using NodaTime;
using SdsLedger.Access;
using SdsLedger.Domain;
using SdsLedger.LocalPostgres;

namespace SdsLedger.Cli.Verbs;

/// <summary>
/// sdsledger sign-in-link: a one-time link into the local web app for a council worker or a provider's worker, so it can be used with no
/// identity provider. Signed with the key kept beside the local database; works once, for 10 minutes. Refused when the
/// web app signs in with an identity provider (Oidc__Authority set). With --person REF, a link for a person with a budget
/// instead (to their own pages), refused when the web app sends people codes by GOV.UK Notify (Notify__ApiKey set).
/// </summary>
internal static class SignInLinkVerb
{
    public const string DefaultWebAddress = "http://localhost:5080";
    public const string OidcAuthorityVariable = "Oidc__Authority";
    public const string NotifyKeyVariable = "Notify__ApiKey";

    private const string WorkerSql = "SELECT id, name, role FROM sds.workers WHERE code = lower(@Code)";
    private const string PersonSql = "SELECT id, name FROM sds.people WHERE upper(reference) = upper(@Reference) LIMIT 2";

    public static Command Build()
    {
        var who = new Option<string>("--as") { Description = "The worker's code, like sw-amacdonald (or a provider's worker, like harbour-finance).", HelpName = "CODE" };
        var person = new Option<string>("--person") { Description = "Instead of a worker: the reference of a person with a budget, like NL-10234.", HelpName = "REF" };
        var url = new Option<string>("--url")
        {
            Description = $"Where the web app listens (default {DefaultWebAddress}, where 'dotnet run --project src/SdsLedger.Web' starts it).",
            HelpName = "URL",
            DefaultValueFactory = _ => DefaultWebAddress,
        };
        var command = new Command("sign-in-link",
            "Print a one-time link that signs a council worker, a peer worker or a provider's worker in to the local web app (for 10 minutes, once). " +
            "Example: sdsledger sign-in-link --as sw-amacdonald, or for a person with a budget: sdsledger sign-in-link --person NL-10234")
        {
            who, person, url,
        };
        command.SetAction(async (parse, ct) =>
        {
            var context = DbVerbs.Context(parse);
            if (string.IsNullOrWhiteSpace(parse.GetValue(who)) == string.IsNullOrWhiteSpace(parse.GetValue(person)))
            {
                await context.Error.WriteLineAsync("Give --as CODE for a council worker, or --person REF for a person with a budget (one of them).");
                return ExitCodes.Refused;
            }
            if (parse.GetValue(person) is { Length: > 0 } reference)
                return await PersonLinkAsync(context, parse, reference.Trim(), parse.GetValue(url), ct);
            if (!string.IsNullOrWhiteSpace(Surroundings.Current.Variable(OidcAuthorityVariable)))
            {
                await context.Error.WriteLineAsync(
                    $"Sign-in links are turned off: this installation signs staff in with its identity provider ({OidcAuthorityVariable} is set). Sign in there instead.");
                return ExitCodes.Refused;
            }
            if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
            {
                await context.Error.WriteLineAsync($"--url: give the web app's address, like {DefaultWebAddress}.");
                return ExitCodes.Refused;
            }
            var code = parse.GetValue(who)!.Trim();
            var cs = await context.MigratedDatabaseAsync(ct);
            await using var conn = new Npgsql.NpgsqlConnection(cs);
            await conn.OpenAsync(ct);
            var worker = await conn.QuerySingleOrDefaultAsync<(Guid Id, string Name, string Role)?>(
                new CommandDefinition(WorkerSql, new { Code = code }, cancellationToken: ct));
            if (worker is not { } w)
            {
                await context.Error.WriteLineAsync($"--as: no worker has the code '{code}'. A finance officer adds workers with 'sdsledger worker add'.");
                return ExitCodes.Refused;
            }
            if (!Roles.TryParse(w.Role, out var role) || !(Roles.IsCouncilStaff(role) || role is Role.Auditor or Role.RecoveryWorker or Role.Provider))
            {
                await context.Error.WriteLineAsync($"--as: {w.Name} is a {w.Role}; the web app is for council staff (social workers, finance officers and auditors), " +
                                                   "peer (recovery) workers and providers' staff for now.");
                return ExitCodes.Refused;
            }
            var secrets = LocalSecrets.BesideDataDirectory(context.Server.Cluster?.RequestedDataDirectory
                                                           ?? LocalCluster.DefaultDataDirectory(Surroundings.Current.WorkingDirectory));
            var link = SignInLink.For(w.Id, SystemClock.Instance.GetCurrentInstant());
            await context.Output.WriteLineAsync(new Uri(address, $"/sign-in/link?token={link.Token(secrets.SignInLinkKey())}").ToString());
            await context.Error.WriteLineAsync($"Open it in your browser within 10 minutes to sign in as {w.Name}; it works once.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<int> PersonLinkAsync(CliContext context, ParseResult parse, string reference, string? url, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(Surroundings.Current.Variable(NotifyKeyVariable)))
        {
            await context.Error.WriteLineAsync(
                $"Sign-in links for people are turned off: this installation sends them a code by GOV.UK Notify ({NotifyKeyVariable} is set).");
            return ExitCodes.Refused;
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            await context.Error.WriteLineAsync($"--url: give the web app's address, like {DefaultWebAddress}.");
            return ExitCodes.Refused;
        }
        var cs = await context.MigratedDatabaseAsync(ct);
        await using var conn = new Npgsql.NpgsqlConnection(cs);
        await conn.OpenAsync(ct);
        var people = (await conn.QueryAsync<(Guid Id, string Name)>(new CommandDefinition(PersonSql, new { Reference = reference }, cancellationToken: ct))).ToList();
        if (people.Count != 1)
        {
            await context.Error.WriteLineAsync(people.Count == 0
                ? $"--person: nobody has the reference '{reference}'. A social worker registers people with 'sdsledger person add'."
                : $"--person: more than one council has a person with the reference '{reference}'; sign them in with a code instead.");
            return ExitCodes.Refused;
        }
        var secrets = LocalSecrets.BesideDataDirectory(context.Server.Cluster?.RequestedDataDirectory
                                                       ?? LocalCluster.DefaultDataDirectory(Surroundings.Current.WorkingDirectory));
        var link = SignInLink.For(people[0].Id, SystemClock.Instance.GetCurrentInstant());
        await context.Output.WriteLineAsync(new Uri(address, $"/my/sign-in/link?token={link.Token(PersonSignIn.LinkKeyFor(secrets.SignInLinkKey()))}").ToString());
        await context.Error.WriteLineAsync($"Open it in a browser within 10 minutes to sign in as {people[0].Name}; it works once.");
        return ExitCodes.Ok;
    }
}
