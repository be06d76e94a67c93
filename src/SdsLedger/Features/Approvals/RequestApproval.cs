using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Approvals;

/// <summary>
/// Asks for a second person's approval of a spend before it is made: one above the council's threshold, or one an excluded
/// purpose matched wrongly (WrongMatch names the purpose, Reason says why it is not that).
/// </summary>
public static class RequestApproval
{
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid PartId, Money Amount, string Category, string Payee, string Description,
                                 string? WrongMatch = null, string? Reason = null)
        : ISdsCommand<Guid>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Amount).PositiveAmount();
            RuleFor(c => c.Category).Category();
            RuleFor(c => c.Payee).Text("payee (who will be paid)", 200);
            RuleFor(c => c.Description).Text("description of what will be bought and why", 300);
            RuleFor(c => c.WrongMatch).Matches("^[a-z][a-z-]{1,40}$").When(c => c.WrongMatch is not null)
                .WithMessage("Name the excluded purpose that matched wrongly as the council lists it, like 'alcohol'.");
            RuleFor(c => c.Reason).NotEmpty().When(c => c.WrongMatch is not null)
                .WithMessage("Say why this is not what the excluded purpose is about: the second person records it with their approval.");
            RuleFor(c => c.Reason).MaximumLength(500).WithMessage("The reason is too long: at most 500 characters.");
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct)
        {
            var scope = await Scope.ForPartAsync(session, c.PartId, audit, ct);
            if (scope is null || !Scope.CanSee(c.Actor, scope)) return Scope.NotFound("That budget part");
            return c.Actor.Role == Role.Auditor ? Scope.RoleCannot(c.Actor, "ask for spending (auditors read budgets, they do not spend them)") : null;
        }
    }

    internal sealed class Handler(DbSession session, AuditContext audit, CouncilClock clock, PersonKeys personKeys) : ICommandHandler<Command, Result<Guid>>
    {
        // What the threshold counts: this spend and what the payee got lately without an approval (a spend split in two).
        private const string Threshold = """
            SELECT r.approval_threshold AS Threshold,
                   (SELECT coalesce(sum(s.amount), 0) FROM sds.spends s
                     WHERE s.part_id = p.id AND s.approval_id IS NULL
                       AND (s.payee_match = @PayeeMatch OR (s.payee_match IS NULL AND lower(btrim(s.payee)) = lower(btrim(@Payee))))
                       AND s.spent_on >= @Today::date - r.approval_window_days
                       AND NOT EXISTS (SELECT 1 FROM ledger.entries x WHERE x.reverses = s.entry_id)) AS Lately,
                   r.excluded_purposes AS Excluded
              FROM sds.budget_parts p JOIN sds.council_rules r ON r.council_id = p.council_id
             WHERE p.id = @PartId
            """;

        private const string Insert = """
            INSERT INTO sds.approvals (id, part_id, amount, category, payee, description, requested_by_id, wrong_match, request_reason)
            VALUES (@Id, @PartId, @Amount, @Category, @Payee, @Description, @RequestedById, @WrongMatch, @Reason)
            """;

        public async ValueTask<Result<Guid>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            var rules = await conn.QuerySingleAsync<(long Threshold, long Lately, string[] Excluded)>(new CommandDefinition(Threshold,
                new { c.PartId, c.Payee, PayeeMatch = await personKeys.PayeeMatchAsync(audit.PersonId!.Value, c.Payee, ct), Today = clock.Today.ToDateOnly() },
                session.Transaction, cancellationToken: ct));
            var threshold = Money.FromPence(rules.Threshold);
            if (c.WrongMatch is { } purpose && !rules.Excluded.Contains(purpose))
                return Result<Guid>.Invalid(nameof(c.WrongMatch),
                    $"'{purpose}' is not one of the council's excluded purposes ({string.Join(", ", rules.Excluded)}), so nothing needs approving as a wrong match.");
            if (c.WrongMatch is null && c.Amount + Money.FromPence(rules.Lately) <= threshold)
                return Result<Guid>.Refused(RefusalCodes.InvalidState,
                    $"Spends up to {threshold} need no approval here, so {c.Amount} can be recorded as a spend straight away.");

            var id = Guid.CreateVersion7();
            // What is to be bought and why is about the person: kept sealed with their key.
            var person = audit.PersonId!.Value;
            await conn.ExecuteAsync(new CommandDefinition(Insert, new
            {
                Id = id, c.PartId, Amount = c.Amount.Pence, c.Category, RequestedById = c.Actor.Id, c.WrongMatch,
                Payee = await personKeys.SealAsync(person, $"{c.IdempotencyKey}:payee", c.Payee, ct),
                Description = await personKeys.SealAsync(person, $"{c.IdempotencyKey}:description", c.Description, ct),
                Reason = await personKeys.SealIfGivenAsync(person, $"{c.IdempotencyKey}:reason", c.Reason, ct),
            }, session.Transaction, cancellationToken: ct));
            audit.Detail = c.WrongMatch is null
                ? $"approval asked for {c.Amount} to {c.Payee} for {c.Category}"
                : $"approval asked for {c.Amount} to {c.Payee} for {c.Category} as a wrong match for {c.WrongMatch}: {c.Reason}";
            return id;
        }
    }
}
