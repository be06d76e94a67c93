using SdsLedger.Api.Http;
using SdsLedger.Domain;
using SdsLedger.Features.Approvals;
using SdsLedger.Features.Commitments;
using SdsLedger.Features.Providers;
using SdsLedger.Features.Spending;

namespace SdsLedger.Api.Endpoints;

/// <summary>Spending from a budget part: spends, commitments, approvals, and a provider's held funds.</summary>
internal static class SpendingEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var parts = api.MapGroup("/parts").WithTags("Spending");
        parts.MapPost("/{partId:guid}/spends", (HttpContext http, Guid partId) => Send.Command<SpendRequest, Guid>(http,
                (c, key, b) => new RecordSpend.Command(c.Actor, key, partId, Money.FromPence(b.AmountPence), b.Category, b.Payee, b.Date.ToLocal(),
                    b.Description, b.Evidence, b.Hours, b.PayeeIsFamily, b.ConfirmDuplicate, b.ApprovalId),
                id => Send.Created($"/api/parts/{partId}/spends/{id}", new { entryId = id })))
            .IsWrite().Produces(StatusCodes.Status201Created).Writes<SpendRequest>("Record a spend from a part, through every spending rule; a refusal is a 422 with the rule's code.");
        parts.MapPost("/{partId:guid}/commitments", (HttpContext http, Guid partId) => Send.Command<CommitRequest, Guid>(http,
                (c, key, b) => new CommitFunds.Command(c.Actor, key, partId, Money.FromPence(b.AmountPence), b.Category, b.Payee, b.Date.ToLocal(),
                    b.Description, b.PayeeIsFamily, b.ConfirmDuplicate, b.ApprovalId),
                id => Send.Created($"/api/commitments/{id}", new { commitmentId = id })))
            .IsWrite().Produces(StatusCodes.Status201Created).Writes<CommitRequest>("Set money aside for a planned purchase or arranged service.");
        parts.MapPost("/{partId:guid}/approvals", (HttpContext http, Guid partId) => Send.Command<ApprovalRequest, Guid>(http,
                (c, key, b) => new RequestApproval.Command(c.Actor, key, partId, Money.FromPence(b.AmountPence), b.Category, b.Payee, b.Description),
                id => Send.Created($"/api/approvals/{id}", new { approvalId = id })))
            .IsWrite().Produces(StatusCodes.Status201Created).Writes<ApprovalRequest>("Ask a second person to approve spending above the council's threshold.");

        var commitments = api.MapGroup("/commitments").WithTags("Spending");
        commitments.MapPost("/{commitmentId:guid}/capture", (HttpContext http, Guid commitmentId) => Send.Command<CaptureRequest, Guid>(http,
                (c, key, b) => new CaptureCommitment.Command(c.Actor, key, commitmentId, Money.FromPence(b.AmountPence), b.Date.ToLocal(), b.Evidence, b.Hours),
                id => Send.Json(new { entryId = id })))
            .IsWrite().Produces(StatusCodes.Status200OK).Writes<CaptureRequest>("Spend up to the amount set aside.");
        commitments.MapPost("/{commitmentId:guid}/release", (HttpContext http, Guid commitmentId) => Send.Command<ReasonRequest, Money>(http,
                (c, key, b) => new ReleaseCommitment.Command(c.Actor, key, commitmentId, b.Reason), m => Send.Json(new { releasedPence = m.Pence })))
            .IsWrite().Produces(StatusCodes.Status200OK).Writes<ReasonRequest>("Release money set aside, back to available.");

        var approvals = api.MapGroup("/approvals").WithTags("Spending");
        approvals.MapPost("/{approvalId:guid}/approve", (HttpContext http, Guid approvalId) => Send.Command<ApproveRequest, ApprovalDecision>(http,
                (c, key, b) => new ApproveSpend.Command(c.Actor, key, approvalId, b.Note), Send.Json))
            .IsWrite().Produces<ApprovalDecision>().Writes<ApproveRequest>("Approve a request (four eyes: not the person who asked).");
        approvals.MapPost("/{approvalId:guid}/reject", (HttpContext http, Guid approvalId) => Send.Command<ReasonRequest, ApprovalDecision>(http,
                (c, key, b) => new RejectSpend.Command(c.Actor, key, approvalId, b.Reason), Send.Json))
            .IsWrite().Produces<ApprovalDecision>().Writes<ReasonRequest>("Reject a request, with the reason.");

        api.MapGet("/providers/held-funds", (HttpContext http, CancellationToken _) =>
                http.Caller().Actor.OrganisationId is { } org
                    ? Send.Query(http, c => new ProviderHeldFunds.Query(c.Actor, org))
                    : Task.FromResult(Answers.NotFound("Held funds for your organisation")))
            .Produces<ProviderHeldFundsView>().WithTags("Providers").WithSummary("What the caller's organisation holds for each person (providers).");
    }
}
