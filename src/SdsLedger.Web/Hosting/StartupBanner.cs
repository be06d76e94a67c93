using SdsLedger.Web.SignIn;

namespace SdsLedger.Web.Hosting;

/// <summary>Says where the web app listens and how to sign in, when it starts.</summary>
internal static class StartupBanner
{
    public static void Print(WebApplication app)
    {
        var url = app.Urls.FirstOrDefault() ?? "http://localhost:5080";
        var signIn = StaffSignInSettings.OidcConfigured(app.Configuration)
            ? $"  Staff sign in with the council's identity provider ({app.Configuration["Oidc:Authority"]})."
            : $"""
                Sign in with a one-time link (the demo's council is 'north-kirkton'; run 'dotnet run --project src/SdsLedger.Cli -- demo' first for data):
                  dotnet run --project src/SdsLedger.Cli -- sign-in-link --as sw-amacdonald{(url == "http://localhost:5080" ? "" : $" --url {url}")}
                """;
        Console.WriteLine($"""

            SdsLedger web app listening on {string.Join(", ", app.Urls)}
            {signIn}

            """);
    }
}
