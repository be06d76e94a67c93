using Microsoft.Extensions.DependencyInjection;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Testing;

/// <summary>Text the database keeps sealed with a person's key (<see cref="PersonKeys"/>), opened as the application opens it.</summary>
public static class SealedText
{
    /// <summary>The text as written; <see cref="PersonKeys.Erased"/> once the person's key is destroyed; a plain text as it is.</summary>
    public static async Task<string> OpenAsync(SdsLedgerApp app, string text)
    {
        ArgumentNullException.ThrowIfNull(app);
        await using var scope = app.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        await session.BeginAsync(false, CancellationToken.None);
        return await scope.ServiceProvider.GetRequiredService<PersonKeys>().RevealAsync(text, CancellationToken.None);
    }

    /// <summary>Opens the text with a passing application over this database (the installation's role and key).</summary>
    public static async Task<string> OpenAsync(string connectionString, string text)
    {
        await using var app = SdsLedgerApp.Create(connectionString);
        return await OpenAsync(app, text);
    }
}
