using Notify.Client;
using SdsLedger.Access;

namespace SdsLedger.Web.People;

/// <summary>Sends a person their one-time sign-in code. The message says only that it is for "your budget".</summary>
public interface ICodeMessages
{
    /// <summary>Whether codes can be sent at all (GOV.UK Notify is configured).</summary>
    bool CanSend { get; }

    Task SendAsync(CodeDestination to, string code, CancellationToken ct);
}

/// <summary>
/// GOV.UK Notify: an email or a text message from the council's templates (Notify:EmailTemplateId, Notify:SmsTemplateId),
/// each with the personalisation field "code". Configured by Notify:ApiKey.
/// </summary>
public sealed class NotifyCodeMessages(string apiKey, string emailTemplateId, string smsTemplateId) : ICodeMessages
{
    private readonly NotificationClient _client = new(apiKey);

    public bool CanSend => true;

    public async Task SendAsync(CodeDestination to, string code, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(to);
        var personalisation = new Dictionary<string, dynamic> { ["code"] = code };
        if (to.Channel == "email")
            await _client.SendEmailAsync(to.Address, emailTemplateId, personalisation);
        else
            await _client.SendSmsAsync(to.Address, smsTemplateId, personalisation);
    }
}

/// <summary>No Notify key: no codes are sent, and the sign-in page says to ask for a link with `sdsledger sign-in-link --person`.</summary>
public sealed class NoCodeMessages : ICodeMessages
{
    public bool CanSend => false;

    public Task SendAsync(CodeDestination to, string code, CancellationToken ct) =>
        throw new InvalidOperationException("GOV.UK Notify is not configured (Notify:ApiKey), so no code can be sent.");
}
