namespace SdsLedger.Api.Hosting;

/// <summary>Says where the API listens and how to get a token, when it starts.</summary>
internal static class StartupBanner
{
    public static void Print(WebApplication app)
    {
        var url = app.Urls.FirstOrDefault() ?? "http://localhost:5000";
        Console.WriteLine($"""

            SdsLedger API listening on {string.Join(", ", app.Urls)}
              API document and try-it UI: {url}/docs
              Health:                     {url}/health/live, {url}/health/ready
            Get a token (the demo's council is 'north-kirkton'; run 'dotnet run --project src/SdsLedger.Cli -- demo' first for data):
              dotnet run --project src/SdsLedger.Cli -- token --role social-worker --council north-kirkton --as sw-amacdonald
            then call it:
              curl -H "Authorization: Bearer TOKEN" {url}/api/me

            """);
    }
}
