using Dapper;
using FluentValidation;
using Mediator;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Domain.Spending;
using SdsLedger.Features.Shared;
using SdsLedger.Ledger;
using SdsLedger.Pipeline;

namespace SdsLedger.Features.Budgets;

public sealed record ChangedPart(Guid PartId, int Position, Money AgreedTotal);

/// <summary>
/// Adds a part to a draft budget, or changes a draft part's option, holder, amount or instalments. The budget's
/// agreed total stays the sum of its parts. Once a budget is active the council has allocated its money, so its
/// parts no longer change.
/// </summary>
public static class ChangePart
{
    /// <param name="PartId">The part to change, or null to add <paramref name="Part"/> as a new part.</param>
    public sealed record Command(Actor Actor, string IdempotencyKey, Guid BudgetId, Guid? PartId, PartSpec Part) : ISdsCommand<ChangedPart>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Actor).ValidActor();
            RuleFor(c => c.IdempotencyKey).Key();
            RuleFor(c => c.Part).NotNull().WithMessage("Describe the part: its option, holder and amount.");
            RuleFor(c => c.Part).SetValidator(new PartSpecValidator()).When(c => c.Part is not null);
        }
    }

    internal sealed class Authorisation : IAuthorisation<Command>
    {
        public async ValueTask<Refusal?> CheckAsync(Command c, DbSession session, AuditContext audit, CancellationToken ct) =>
            Scope.CouncilStaff(c.Actor, await Scope.ForBudgetAsync(session, c.BudgetId, audit, ct), "That budget",
                "change budget parts (a social worker does, with the person)", Role.SocialWorker);
    }

    internal sealed class Handler(DbSession session, AuditContext audit) : ICommandHandler<Command, Result<ChangedPart>>
    {
        private const string LoadBudget = """
            SELECT b.status AS Status, b.is_test AS IsTest, r.test_budget_cap AS TestBudgetCap, r.instalment_weeks AS InstalmentWeeks,
                   b.council_id AS CouncilId, b.person_id AS PersonId
              FROM sds.budgets b JOIN sds.council_rules r ON r.council_id = b.council_id
             WHERE b.id = @BudgetId FOR UPDATE OF b
            """;

        private const string LoadPart = "SELECT position FROM sds.budget_parts WHERE id = @PartId AND budget_id = @BudgetId";

        private const string UpdatePart = """
            UPDATE sds.budget_parts
               SET option = @Option, holder_kind = @HolderKind, holder_organisation_id = @HolderOrganisationId,
                   holder_name = coalesce(@HolderName, (SELECT o.name FROM sds.organisations o WHERE o.id = @HolderOrganisationId), @DefaultName),
                   amount = @Amount, instalment_weeks = coalesce(@Weeks, instalment_weeks)
             WHERE id = @PartId
            """;

        private const string NextPosition = "SELECT coalesce(max(position), 0) + 1 FROM sds.budget_parts WHERE budget_id = @BudgetId";

        private const string Total = """
            UPDATE sds.budgets SET agreed_total = (SELECT sum(amount) FROM sds.budget_parts WHERE budget_id = @BudgetId)
             WHERE id = @BudgetId
            RETURNING agreed_total
            """;

        public async ValueTask<Result<ChangedPart>> Handle(Command c, CancellationToken ct)
        {
            var conn = session.Connection;
            var budget = await conn.QuerySingleAsync<BudgetRow>(new CommandDefinition(LoadBudget, new { c.BudgetId }, cancellationToken: ct));
            if (budget.Status != "draft")
                return Result<ChangedPart>.Refused(RefusalCodes.InvalidState,
                    $"This budget is {budget.Status}, so its parts can no longer change: only a draft budget's parts can. " +
                    "To change the support, end this budget and set up a new one from the date of the change.");
            var p = c.Part;
            if (await BudgetWriter.UnknownOrganisationAsync(conn, budget.CouncilId, [p.HolderOrganisationId], ct) is not null)
                return Result<ChangedPart>.Invalid("Part.HolderOrganisationId", BudgetWriter.NoSuchOrganisation);

            Guid partId;
            int position;
            if (c.PartId is { } existing)
            {
                var found = await conn.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(LoadPart, new { PartId = existing, c.BudgetId }, cancellationToken: ct));
                if (found is null) return Scope.NotFound("That part of this budget");
                await conn.ExecuteAsync(new CommandDefinition(UpdatePart, new
                {
                    Option = (short)p.Option, HolderKind = Holders.Text(p.Holder), p.HolderOrganisationId, p.HolderName,
                    DefaultName = BudgetWriter.DefaultHolderName(p.Holder), Amount = p.Amount.Pence, Weeks = p.InstalmentWeeks, PartId = existing,
                }, cancellationToken: ct));
                (partId, position) = (existing, found.Value);
            }
            else
            {
                position = await conn.ExecuteScalarAsync<int>(new CommandDefinition(NextPosition, new { c.BudgetId }, cancellationToken: ct));
                partId = await BudgetWriter.InsertPartAsync(conn, budget.CouncilId, budget.PersonId, c.BudgetId, position, p, p.InstalmentWeeks ?? (budget.IsTest ? 0 : budget.InstalmentWeeks), ct);
            }

            var total = Money.FromPence(await conn.ExecuteScalarAsync<long>(new CommandDefinition(Total, new { c.BudgetId }, cancellationToken: ct)));
            var cap = Money.FromPence(budget.TestBudgetCap);
            if (budget.IsTest && total > cap)
                return Result<ChangedPart>.Refused(RefusalCodes.TestBudgetCap,
                    $"Test budgets here are at most {cap}; with this change this one would be {total}.");
            audit.Detail = $"{(c.PartId is null ? "added" : "changed")} part {position}: {SdsOptions.Describe(p.Option)}, {p.Amount}; agreed total {total}";
            return new ChangedPart(partId, position, total);
        }

        private sealed record BudgetRow
        {
            public string Status { get; init; } = "";
            public bool IsTest { get; init; }
            public long TestBudgetCap { get; init; }
            public int InstalmentWeeks { get; init; }
            public Guid CouncilId { get; init; }
            public Guid PersonId { get; init; }
        }
    }
}
