using SdsLedger.Access;
using SdsLedger.Hosting;
using SdsLedger.Web.Hosting;

namespace SdsLedger.Web.People;

/// <summary>
/// The person's way in: GOV.UK Notify when Notify:ApiKey is configured (with Notify:EmailTemplateId and
/// Notify:SmsTemplateId), else none; and the key their codes and links are signed with (People:SignInKey, base64, else
/// the local sign-in link key kept beside the local database).
/// </summary>
internal static class PersonSignInSetup
{
    public static IServiceCollection AddPersonSignIn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ICodeMessages>(_ =>
            string.IsNullOrWhiteSpace(configuration["Notify:ApiKey"])
                ? new NoCodeMessages()
                : new NotifyCodeMessages(configuration["Notify:ApiKey"]!,
                    configuration["Notify:EmailTemplateId"] ?? throw new InvalidOperationException("Notify:EmailTemplateId is needed with Notify:ApiKey."),
                    configuration["Notify:SmsTemplateId"] ?? throw new InvalidOperationException("Notify:SmsTemplateId is needed with Notify:ApiKey.")));
        services.AddSingleton(sp =>
        {
            var configured = configuration["People:SignInKey"];
            var key = string.IsNullOrWhiteSpace(configured)
                ? ServiceDatabase.LocalSecretsFor(configuration).SignInLinkKey()
                : Convert.FromBase64String(configured);
            return new PersonSignIn(sp.GetRequiredService<WebSettings>().DataSource, key, sp.GetRequiredService<SdsLedger.Features.Shared.KeyEncryptionKey>());
        });
        services.AddAuthorizationBuilder().AddPolicy(PersonClaims.Policy, p => p.RequireClaim(PersonClaims.PersonId));
        return services;
    }
}
