using Dapper;
using FluentValidation;
using Mediator;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Ledger;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Surplus;

public sealed record ReclaimedSurplus(Guid EntryId, Guid DiscussionId, Money Amount, Money Agreed, Money AvailableBefore, Money AvailableAfter);

/// <summary>
/// Takes surplus back from what a part holds to its returned account, only as agreed in a recorded discussion with the
/// person that has not been used yet, and never more than was agreed or is available. Each discussion is used once.
/// </summary>
public static class ReclaimSurplus
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid PartId, Money Amount, LocalDate Date, Guid? DiscussionId = null)
        : ISdsCommand<ReclaimedSurplus>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Amount).PositiveAmount();
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct) =>
            Scope.CouncilStaff(c.Actor, await Scope.ForPartAsync(session, c.PartId, audit, ct), "That budget part",
                "reclaim surplus (a finance officer of the council does, after a recorded discussion)", Role.CouncilFinance);
    }

    internal sealed class Handler(DbSession session, AuditContext audit) : ICommandHandler<Command, Result<ReclaimedSurplus>>
    {
        private const string Available = "SELECT posted - pending FROM ledger.balances WHERE account_id = @Held";

        // The discussion named, or else the latest unused one; locked so that it is used once.
        private const string Discussion = """
            SELECT id AS Id, held_on AS HeldOn, agreed_amount AS Agreed
              FROM sds.surplus_discussions
             WHERE part_id = @PartId AND used_by_entry IS NULL AND (@DiscussionId::uuid IS NULL OR id = @DiscussionId::uuid)
             ORDER BY held_on DESC, recorded_at DESC
             LIMIT 1
               FOR UPDATE
            """;

        private const string Use = "UPDATE sds.surplus_discussions SET used_by_entry = @EntryId WHERE id = @Id AND used_by_entry IS NULL";

        public async ValueTask<Result<ReclaimedSurplus>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            var part = (await PartAccounts.LoadAsync(conn, c.PartId, ct))!;
            if (part.Option == SdsOption.CouncilArranged)
                return new Refusal(RefusalCodes.InvalidState, "Council-arranged support (option 3) is not paid to anyone, so there is no surplus to reclaim.");

            var discussion = await conn.QuerySingleOrDefaultAsync<DiscussionRow>(new CommandDefinition(Discussion, new { c.PartId, c.DiscussionId }, cancellationToken: ct));
            if (discussion is null && c.DiscussionId is not null)
                return new Refusal(RefusalCodes.ReclaimWithoutDiscussion,
                    "That discussion is not about this budget part, or a reclaim has already used it. Each discussion allows one reclaim; record a new one with the person.");
            var available = Money.FromPence(await conn.ExecuteScalarAsync<long>(new CommandDefinition(Available, new { Held = part.Held.Value }, cancellationToken: ct)));
            var agreed = discussion is null ? (Money?)null : Money.FromPence(discussion.Agreed ?? 0);
            if (Reclaims.Check(c.Amount, available, agreed) is { } refusal)
                return refusal;

            var posted = await LedgerWriter.PostAsync(conn, new PostingRequest(EntryKind.Reclaim, c.Date, c.Actor.Id.ToString(),
                $"Surplus reclaimed as agreed with the person on {discussion!.HeldOn:yyyy-MM-dd}", $"reclaim:{discussion.Id}",
                [new Posting(part.Held, -c.Amount), new Posting(part.Returned, c.Amount)]), ct);
            if (posted.Status == PostStatus.InsufficientFunds)
                return new Refusal(RefusalCodes.InsufficientFunds, $"This would reclaim {c.Amount} but only {posted.Available} is available.");
            if (posted.Status != PostStatus.Posted) throw new InvalidOperationException($"The ledger refused a checked reclaim: {posted.Status}.");

            var entryId = posted.EntryId!.Value.Value;
            await conn.ExecuteAsync(new CommandDefinition(Use, new { EntryId = entryId, discussion.Id }, cancellationToken: ct));
            audit.Detail = $"reclaimed {c.Amount} of {agreed} agreed on {discussion.HeldOn:yyyy-MM-dd}";
            return new ReclaimedSurplus(entryId, discussion.Id, c.Amount, agreed!.Value, available, available - c.Amount);
        }

        private sealed class DiscussionRow
        {
            public Guid Id { get; init; }
            public DateOnly HeldOn { get; init; }
            public long? Agreed { get; init; }
        }
    }
}
