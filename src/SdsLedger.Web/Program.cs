using SdsLedger;
using SdsLedger.Web.Hosting;
using SdsLedger.Web.People;
using SdsLedger.Web.SignIn;

// The content root is the output folder (settings, pages' static files); the working folder stays where the command
// was run, so the local database is found in .sdsledger there, as the command line and the API find it.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.WebHost.ConfigureKestrel(k =>
{
    k.AddServerHeader = false;
    k.Limits.MaxRequestBodySize = 1024 * 1024;
});
builder.Services.AddSingleton<WebSettings>();
builder.Services.AddSdsLedger(sp => sp.GetRequiredService<WebSettings>().DataSource);
builder.Services.AddSingleton(sp => sp.GetRequiredService<WebSettings>().TenantSeal);
builder.Services.AddSingleton(sp => SdsLedgerApp.Over(sp));
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Services.AddStaffSignIn(builder.Configuration, builder.Environment);
builder.Services.AddPersonSignIn(builder.Configuration);
builder.Services.AddRazorPages(o =>
{
    o.Conventions.AllowAnonymousToFolder("/SignIn");
    o.Conventions.AllowAnonymousToPage("/Error");
    // A person's own pages: only their own session opens them.
    o.Conventions.AuthorizeFolder("/My", SdsLedger.Web.People.PersonClaims.Policy);
    o.Conventions.AllowAnonymousToFolder("/My/SignIn");
});
builder.Services.AddAntiforgery(o =>
{
    o.Cookie.Name = "sdsledger-antiforgery";
    o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    o.Cookie.SameSite = SameSiteMode.Strict;
});
builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));

var app = builder.Build();
var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SdsLedger.Web");
await app.Services.GetRequiredService<WebSettings>().PrepareAsync(app.Configuration, log);

app.UseExceptionHandler("/Error");
if (!app.Environment.IsDevelopment()) app.UseHsts();
app.UseStatusCodePagesWithReExecute("/Error", "?status={0}");
app.UseMiddleware<SecurityHeaders>();
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.MapRazorPages();

// A host that embeds the web app (the browser tests) turns the banner off.
if (app.Configuration.GetValue("SdsLedger:Banner", true))
    app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app));
await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory in the browser tests.</summary>
public partial class Program;
