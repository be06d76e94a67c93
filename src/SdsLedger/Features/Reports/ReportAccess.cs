using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Reports;

/// <summary>Who may read a council's practitioner reports: its social workers, finance officers and auditors.</summary>
internal static class ReportAccess
{
    public static ValueTask<Refusal?> CouncilStaffAsync(Actor actor, AuditContext audit, string report)
    {
        audit.CouncilId = actor.CouncilId;
        audit.Detail = report;
        var allowed = actor.CouncilId is not null && actor.Role is Role.SocialWorker or Role.CouncilFinance or Role.Auditor;
        return ValueTask.FromResult(allowed ? null : Scope.RoleCannot(actor, $"read the council's {report} (the council's staff do)"));
    }
}
