using System.CommandLine;
using SdsLedger.Access;

namespace SdsLedger.Cli.Verbs;

/// <summary>
/// sdsledger db tenant-key --key-file FILE: gives the database the key the HTTP API (and the web) sign their tenants with,
/// as the database's owner. The same key is the API's Tenancy:Key. Locally the API does this itself.
/// </summary>
internal static class TenantKeyVerb
{
    public static Command Build()
    {
        var file = new Option<FileInfo>("--key-file")
        {
            Description = "A file holding the key in base64 (32 to 64 random bytes), the same as the API's Tenancy:Key setting.",
            HelpName = "FILE",
            Required = true,
        };
        var command = new Command("tenant-key", "Give the database the key the API signs each request's tenant with (run as the database's owner).");
        command.Add(file);
        command.SetAction(async (parse, ct) =>
        {
            var context = DbVerbs.Context(parse);
            var path = parse.GetValue(file)!;
            byte[] key;
            try
            {
                key = Convert.FromBase64String((await File.ReadAllTextAsync(path.FullName, ct)).Trim());
                _ = new TenantSeal(key);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
            {
                await context.Error.WriteLineAsync($"  --key-file: {path.FullName} does not hold a usable key ({e.Message}). " +
                                                   "Make one with: head -c 32 /dev/urandom | base64 > FILE");
                return ExitCodes.Refused;
            }
            var cs = await context.MigratedDatabaseAsync(ct);
            await new TenantSeal(key).InstallAsync(cs, ct);
            await context.Output.WriteLineAsync("The database now accepts tenants signed with this key. Give the API the same key as Tenancy:Key.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
