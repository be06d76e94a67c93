using Microsoft.Extensions.DependencyInjection;
using SdsLedger.Domain;
using SdsLedger.Pipeline;

namespace SdsLedger.Hosting;

/// <summary>
/// How the API and the web app send a caller's messages: each in a scope that acts for the caller's tenant (their
/// council, and their organisation or themselves), so row-level security shows only theirs, and whose audit records
/// carry the council and the client's address. One mechanism for both, so a change of how the tenant is set reaches both.
/// </summary>
public static class CallerScope
{
    public static SdsLedgerApp ActingFor(this SdsLedgerApp app, Actor actor, string? clientAddress)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(actor);
        return app.WithScope(scope =>
        {
            scope.GetRequiredService<Tenancy>().ActFor(actor);
            var audit = scope.GetRequiredService<AuditContext>();
            audit.ClientAddress = clientAddress;
            audit.CouncilId = actor.CouncilId;
        });
    }
}
