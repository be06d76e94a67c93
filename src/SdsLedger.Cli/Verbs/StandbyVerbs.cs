using System.CommandLine;
using SdsLedger.LocalPostgres;

namespace SdsLedger.Cli.Verbs;

/// <summary>sdsledger db standby start | stop: a synchronous standby beside the database SdsLedger runs.</summary>
internal static class StandbyVerbs
{
    internal static Command Build()
    {
        var standby = new Command("standby",
            "A second cluster beside this one that streams its WAL and confirms every commit: a change is answered only when both have it.");
        var start = new Command("start",
            "Start the standby (building it first if there is none) and make the database wait for it on every commit. Its data is in DATA-DIR-standby.");
        start.SetAction(async (parse, ct) =>
        {
            var context = DbVerbs.Context(parse);
            if (context.Server.IsExternal) return await DbVerbs.NotForExternalAsync(context);
            var cluster = context.Server.Cluster!;
            var s = await StandbyPair.StartAsync(cluster, context.Output.WriteLine, ct);
            await context.Output.WriteLineAsync(
                $"The standby is running on 127.0.0.1:{s.Port} (data in {s.DataDirectory}) and confirms every commit before it is answered. " +
                "'sdsledger db url --read-only' gives the connection string that reads reports and statements from it.");
            return ExitCodes.Ok;
        });
        var stop = new Command("stop",
            "Stop waiting for the standby (writes go on at once, on the primary alone) and stop it. 'db standby start' brings it back and catches it up.");
        stop.SetAction(async (parse, ct) =>
        {
            var context = DbVerbs.Context(parse);
            if (context.Server.IsExternal) return await DbVerbs.NotForExternalAsync(context);
            var stopped = await StandbyPair.StopAsync(context.Server.Cluster!, ct);
            await context.Output.WriteLineAsync(stopped
                ? "The database no longer waits for a standby, and the standby has stopped."
                : "There is no standby.");
            return ExitCodes.Ok;
        });
        standby.Add(start);
        standby.Add(stop);
        return standby;
    }

    internal static string Describe(StandbyStatus s, ClusterRunState primary)
    {
        if (primary != ClusterRunState.Running)
            return $"Standby: data in {s.Standby.DataDirectory}; " +
                   (s.Synchronous ? "it starts and stops with the database." : "stopped; 'db standby start' starts it and makes the database wait for it.");
        var where = s.Standby.State == ClusterRunState.Running
            ? $"running on 127.0.0.1:{s.Standby.Port}, data in {s.Standby.DataDirectory}"
            : $"stopped, data in {s.Standby.DataDirectory}";
        var waits = s.Synchronous ? "every commit waits for it" : "the database does not wait for it";
        var replication = s.Replication is { } r
            ? $"{r.State}, {r.SyncState}, {BackupVerbs.Size(r.LagBytes)} behind" + (r.ReplayLag is { } lag ? $" (replay lag {lag.TotalMilliseconds:0.0} ms)" : "")
            : "not connected" + (s.Synchronous ? ": writes wait until it is back ('db standby start', or 'db standby stop' to go on without it)" : "");
        return $"Standby: {where}; {waits}; {replication}.";
    }
}
