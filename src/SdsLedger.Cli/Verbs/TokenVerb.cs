using System.CommandLine;
using Dapper;
using NodaTime;
using SdsLedger.Access;
using SdsLedger.Domain;
using SdsLedger.LocalPostgres;
using SdsLedger.Ledger;

namespace SdsLedger.Cli.Verbs;

/// <summary>
/// sdsledger token: mints a token for the local HTTP API, signed with the key kept beside the local database
/// (.sdsledger/api/jwt-signing-key). The council, organisation, person and worker are looked up, so a token names real ones.
/// </summary>
internal static class TokenVerb
{
    private const string CouncilSql = "SELECT id FROM sds.councils WHERE code = @Code";
    private const string OrganisationSql = "SELECT id FROM sds.organisations WHERE code = @Code";
    private const string PersonSql = "SELECT id, name FROM sds.people WHERE council_id = @Council AND reference = @Reference";
    private const string WorkerSql = "SELECT name, role, council_id, organisation_id FROM sds.workers WHERE code = @Code";

    public static Command Build()
    {
        var role = new Option<string>("--role")
        {
            Description = "council-finance, social-worker, provider, service-user or auditor.",
            Required = true,
        };
        role.AcceptOnlyFromAmong([.. ApiClaims.TokenRoles.Select(Roles.Text)]);
        var council = new Option<string>("--council") { Description = "The council's code, e.g. glasgow.", HelpName = "CODE", Required = true };
        var org = new Option<string?>("--org") { Description = "The organisation's code (a provider's, required for --role provider).", HelpName = "CODE" };
        var person = new Option<string?>("--person") { Description = "The person's reference (required for --role service-user).", HelpName = "REF" };
        var actingAs = new Option<string?>("--as") { Description = "The worker's code, so history names them (default: the role at the council).", HelpName = "WORKERCODE" };
        var hours = new Option<int>("--hours") { Description = "How long the token lasts (default 8 hours, at most 72).", DefaultValueFactory = _ => 8 };
        var token = new Command("token", "Mint a token for the local HTTP API (dotnet run --project src/SdsLedger.Api), printed on its own line.")
        {
            role, council, org, person, actingAs, hours,
        };
        token.SetAction(async (parse, ct) =>
        {
            var context = DbVerbs.Context(parse);
            Roles.TryParse(parse.GetValue(role), out var r);
            var problems = new List<string>();
            if (parse.GetValue(hours) is < 1 or > 72) problems.Add("--hours must be between 1 and 72.");
            if (r == Role.Provider && parse.GetValue(org) is null) problems.Add("A provider's token needs --org CODE: the organisation it acts for.");
            if (r == Role.ServiceUser && parse.GetValue(person) is null) problems.Add("A service user's token needs --person REF: whose budgets they are.");
            if (r != Role.Provider && parse.GetValue(org) is not null) problems.Add("--org is for provider tokens only.");
            if (r != Role.ServiceUser && parse.GetValue(person) is not null) problems.Add("--person is for service-user tokens only.");
            if (problems.Count > 0) return await FailAsync(context, problems);

            var cs = await context.MigratedDatabaseAsync(ct);
            await using var dataSource = LedgerDataSource.Create(cs);
            await using var conn = await dataSource.OpenConnectionAsync(ct);
            var code = parse.GetValue(council)!;
            var councilId = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(CouncilSql, new { Code = code }, cancellationToken: ct));
            if (councilId is null) return await FailAsync(context, [$"No council has the code '{code}'. 'sdsledger council setup' makes one."]);

            Guid? orgId = null, personId = null;
            var subject = $"{Roles.Text(r)}@{code}";
            var name = $"{Roles.Text(r)} at {code}";
            if (parse.GetValue(org) is { } orgCode)
            {
                orgId = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(OrganisationSql, new { Code = orgCode }, cancellationToken: ct));
                if (orgId is null) return await FailAsync(context, [$"No organisation has the code '{orgCode}'."]);
                (subject, name) = ($"provider@{orgCode}", $"provider {orgCode}");
            }
            if (parse.GetValue(person) is { } reference)
            {
                var found = await conn.QuerySingleOrDefaultAsync<(Guid Id, string Name)?>(new CommandDefinition(PersonSql, new { Council = councilId, Reference = reference }, cancellationToken: ct));
                if (found is null) return await FailAsync(context, [$"No person at {code} has the reference '{reference}'."]);
                (personId, subject, name) = (found.Value.Id, $"{Features.Shared.ActorDirectory.PersonPrefix}{reference}", found.Value.Name);
            }
            if (parse.GetValue(actingAs) is { } workerCode)
            {
                var w = await conn.QuerySingleOrDefaultAsync<(string Name, string Role, Guid? Council, Guid? Org)?>(new CommandDefinition(WorkerSql, new { Code = workerCode }, cancellationToken: ct));
                if (w is null) return await FailAsync(context, [$"No worker has the code '{workerCode}'."]);
                if (w.Value.Role != Roles.Text(r) || (w.Value.Council is { } wc && wc != councilId) || (orgId is not null && w.Value.Org != orgId))
                    return await FailAsync(context, [$"{workerCode} is a {w.Value.Role}{(w.Value.Council == councilId ? "" : " of another council")}, not a {Roles.Text(r)} here."]);
                (subject, name) = (workerCode, w.Value.Name);
            }

            var secrets = LocalSecrets.BesideDataDirectory(context.Server.Cluster?.RequestedDataDirectory
                                                           ?? LocalCluster.DefaultDataDirectory(Environment.CurrentDirectory));
            var settings = new ApiTokenSettings(ApiTokenSettings.DefaultIssuer, ApiTokenSettings.DefaultAudience, secrets.SigningKey());
            var jwt = ApiTokens.Mint(settings, new ApiTokenSubject(subject, name, r, councilId.Value, code, orgId, personId),
                SystemClock.Instance.GetCurrentInstant(), Duration.FromHours(parse.GetValue(hours)));
            await context.Output.WriteLineAsync(jwt);
            return ExitCodes.Ok;
        });
        return token;
    }

    private static async Task<int> FailAsync(CliContext context, IEnumerable<string> problems)
    {
        foreach (var p in problems) await context.Error.WriteLineAsync(p);
        return ExitCodes.Refused;
    }
}
