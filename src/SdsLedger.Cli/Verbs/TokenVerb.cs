using System.CommandLine;
using Dapper;
using NodaTime;
using SdsLedger.Access;
using SdsLedger.Domain;
using SdsLedger.Features.Shared;
using SdsLedger.LocalPostgres;
using SdsLedger.Ledger;

namespace SdsLedger.Cli.Verbs;

/// <summary>
/// sdsledger token --as WHO: mints a token for the local HTTP API, signed with the key kept beside the local database
/// (.sdsledger/api/jwt-signing-key), for someone of the register: a worker by their code, or a person by
/// person:REFERENCE. Their role, council and organisation come from the register.
/// </summary>
internal static class TokenVerb
{
    private const string CouncilCodeSql = "SELECT code FROM sds.councils WHERE id = @Id";

    public static Command Build()
    {
        var who = new Option<string>("--as")
        {
            Description = "Who the token is for: a worker's code (like sw-amacdonald), or person:REFERENCE for a person using their own budget.",
            HelpName = "WHO",
            Required = true,
        };
        var hours = new Option<int>("--hours") { Description = "How long the token lasts (default 8 hours, at most 72).", DefaultValueFactory = _ => 8 };
        var token = new Command("token", "Mint a token for the local HTTP API (dotnet run --project src/SdsLedger.Api), printed on its own line.")
        {
            who, hours,
        };
        token.SetAction(async (parse, ct) =>
        {
            var context = DbVerbs.Context(parse);
            if (parse.GetValue(hours) is < 1 or > 72) return await FailAsync(context, "--hours", "A token lasts between 1 and 72 hours.");

            var cs = await context.MigratedDatabaseAsync(ct);
            await using var dataSource = LedgerDataSource.Create(cs);
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            var (actor, problem) = await ActorDirectory.FindAsync(conn, parse.GetValue(who)!.Trim(), ct);
            if (actor is null) return await FailAsync(context, "--as", problem!);
            if (!ApiClaims.TokenRoles.Contains(actor.Role) || actor.CouncilId is null)
                return await FailAsync(context, "--as", $"{actor.Name} is a {actor.RoleText}: the API serves {string.Join(", ", ApiClaims.TokenRoles.Select(Roles.Text))}.");
            var councilCode = await conn.ExecuteScalarAsync<string>(new CommandDefinition(CouncilCodeSql, new { Id = actor.CouncilId }, cancellationToken: ct));

            var secrets = LocalSecrets.BesideDataDirectory(context.Server.Cluster?.RequestedDataDirectory
                                                           ?? LocalCluster.DefaultDataDirectory(Surroundings.Current.WorkingDirectory));
            var settings = new ApiTokenSettings(ApiTokenSettings.DefaultIssuer, ApiTokenSettings.DefaultAudience, secrets.SigningKey());
            var jwt = ApiTokens.Mint(settings, new ApiTokenSubject(actor, councilCode!), SystemClock.Instance.GetCurrentInstant(),
                Duration.FromHours(parse.GetValue(hours)));
            await context.Output.WriteLineAsync(jwt);
            return ExitCodes.Ok;
        });
        return token;
    }

    private static async Task<int> FailAsync(CliContext context, string option, string problem)
    {
        await context.Error.WriteLineAsync($"Not done: one thing needs putting right.\n  {option}: {problem}");
        return ExitCodes.Refused;
    }
}
